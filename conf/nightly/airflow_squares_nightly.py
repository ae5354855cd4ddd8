"""Airflow DAG: the Squares nightly as one task per day.

Airflow passes the logical date ({{ ds }}, YYYY-MM-DD), so backfills and reruns process the date
they are for. bin/nightly is idempotent (a published date exits 0 without work), resumes a date
that failed half-way, and exits 8 when another run holds the output root's lock: Airflow's retry
then tries again later. Copy into the DAGs folder; adjust paths.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG(
    dag_id="squares_nightly",
    schedule="30 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=True,
    max_active_runs=1,
    default_args={"retries": 3, "retry_delay": timedelta(minutes=10)},
) as dag:
    BashOperator(
        task_id="stats",
        bash_command=(
            "/opt/squares/bin/nightly --config /etc/squares/nightly.conf --date {{ ds }}"
        ),
        env={"HADOOP_CONF_DIR": "/etc/hadoop/conf", "PATH": "/usr/local/bin:/usr/bin:/bin"},
        append_env=True,
    )

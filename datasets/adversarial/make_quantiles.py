#!/usr/bin/env python3
"""Writes datasets/adversarial/quantiles.csv: `key,value` records that exercise
exact quantiles where shortcuts break. Key `big` holds most of the records
(skew), with long runs of equal values; `collide` holds integers that collide
as doubles (9007199254740992, ...993, ...994 are two doubles); `dec` mixes
decimals of different scales that are equal or differ past double precision
(0.1, 0.10, 0.1000000000000000000001) with -0 and 0; `huge` holds integers past
64 bits and tiny magnitudes (1e-30); `one` has a single record; `neg` is all
negative. Integer-only pseudo-randomness (random.Random with a fixed seed), so
the file is reproducible:

    python3 datasets/adversarial/make_quantiles.py
"""

import os
import random

COLLIDE = ["9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995",
           "-9007199254740993", "18014398509481985"]
DEC = ["0.1", "0.10", "0.1000000000000000000001", "0.0999999999999999999999", "-0", "0", "-0.0",
       "2.5", "2.50", "-2.25", "1e-30", "-1e-30"]
HUGE = ["123456789012345678901234567890", "-123456789012345678901234567890.5",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e-30", "1e30"]


def build():
    rnd = random.Random(20261201)
    lines = []
    for _ in range(4000):
        lines.append("big,%d" % rnd.randrange(-5, 6))  # eleven values, each hundreds of times
    for _ in range(300):
        lines.append("collide," + COLLIDE[rnd.randrange(len(COLLIDE))])
    for _ in range(300):
        lines.append("dec," + DEC[rnd.randrange(len(DEC))])
    for _ in range(120):
        lines.append("huge," + HUGE[rnd.randrange(len(HUGE))])
    for _ in range(200):
        lines.append("neg,-%d.%d" % (rnd.randrange(0, 1000), rnd.randrange(0, 100)))
    lines.append("one,42.5")
    rnd.shuffle(lines)
    return "".join(line + "\n" for line in lines)


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "quantiles.csv")
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(build())


if __name__ == "__main__":
    main()

package io.squares.nightly;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names below an output root: a date's partition {@code dt=YYYY-MM-DD}, and the hidden names
 * that only Squares gives, which a run may remove when an earlier one was killed: the job's staging
 * and replaced-output directories of the date ({@code .dt=<date>.squares-XXXXXXXX},
 * {@code .dt=<date>.squares-old-XXXXXXXX}, see {@link io.squares.job.OutputPublisher}) and
 * partitions half-way through deletion by retention ({@code .dt=<day>.deleting-<ms>}).
 */
public final class Partitions {
  /** The partition column. */
  public static final String PREFIX = "dt=";
  private static final Pattern PARTITION = Pattern.compile("dt=([0-9]{4}-[0-9]{2}-[0-9]{2})");
  private static final Pattern DELETING = Pattern.compile("\\.dt=[0-9]{4}-[0-9]{2}-[0-9]{2}\\.deleting-[0-9]+");

  private Partitions() {}

  /**
   * @param date a day
   * @return its partition's name, {@code dt=YYYY-MM-DD}
   */
  public static String name(LocalDate date) {
    return PREFIX + date;
  }

  /**
   * @param name an entry's name
   * @return the day it is the partition of ({@code YYYY-MM-DD}, as written), or null when it is
   *     not named as a partition
   */
  public static String day(String name) {
    Matcher m = PARTITION.matcher(name);
    return m.matches() ? m.group(1) : null;
  }

  /**
   * @param name an entry of the output root
   * @param date the date being processed
   * @return whether it is a hidden directory a killed run left: the date's job staging or replaced
   *     output, or any partition being deleted
   */
  public static boolean isLeftover(String name, LocalDate date) {
    String job = "." + name(date) + ".squares-";
    if (name.startsWith(job)) {
      String id = name.substring(job.length());
      if (id.startsWith("old-")) {
        id = id.substring(4);
      }
      return id.matches("[0-9a-f]{8}");
    }
    return DELETING.matcher(name).matches();
  }

  /**
   * @param name a partition's name
   * @param millis the time of the deletion
   * @return the hidden name it is renamed to before it is deleted, so readers never see it half-deleted
   */
  public static String deletingName(String name, long millis) {
    return "." + name + ".deleting-" + millis;
  }
}

package io.squares.job;

import org.apache.commons.cli.Option;

/**
 * A command-line switch tied to the configuration key it sets and its help text. The option enums
 * ({@link JobOption}, {@link IngestOption}) implement it by handing over their {@link Spec}.
 */
public interface CliSwitch {
  /**
   * What a switch is.
   *
   * @param longName the switch without dashes, e.g. {@code key-column}
   * @param configKey the configuration key it sets, or null when it sets none
   * @param argName the name of its value in help, or null for a flag
   * @param help its help text
   */
  record Spec(String longName, String configKey, String argName, String help) {}

  /** @return this switch's description */
  Spec spec();

  /** @return the switch without dashes */
  default String longName() {
    return spec().longName();
  }

  /** @return the configuration key this switch sets, or null */
  default String configKey() {
    return spec().configKey();
  }

  /** @return whether the switch takes a value */
  default boolean hasArg() {
    return spec().argName() != null;
  }

  /** @return a commons-cli option for this switch */
  default Option toOption() {
    Option.Builder b = Option.builder().longOpt(longName()).desc(spec().help());
    if (hasArg()) {
      b.hasArg().argName(spec().argName());
    }
    return b.build();
  }
}

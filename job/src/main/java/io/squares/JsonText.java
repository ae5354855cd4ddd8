package io.squares;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;

/**
 * The JSON of {@code _SUMMARY.json} and {@code _MANIFEST.json}, written by Jackson (Hadoop's own
 * copy: provided, not bundled), so escaping is the library's job. The layout is the one these files
 * always had and that scripts grep ({@code bin/nightly}: {@code "job_ms": N}): two-space
 * indentation, one member or element per line, {@code "key": value} without a space before the
 * colon, {@code {}} and {@code []} when empty, and a final line break.
 */
public final class JsonText {
  private static final ObjectWriter WRITER;

  static {
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
    WRITER = new ObjectMapper().writer(printer);
  }

  private JsonText() {}

  /**
   * @param value maps (in their iteration order), collections, strings, numbers, booleans and nulls,
   *     nested
   * @return its JSON text, pretty-printed, ending with a line break
   */
  public static String write(Object value) {
    try {
      return WRITER.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // plain maps, lists and scalars always serialize
    }
  }
}

package io.squares.ingest;

import io.squares.SquaresException;
import io.squares.core.Echo;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses an ingestion manifest: one source per line, then optional {@code name=<staged name>} and
 * {@code sha256=<64 hex digits>} fields, separated by spaces or tabs. Blank lines and lines whose
 * first non-blank character is {@code #} are ignored, as is everything from a field starting with
 * {@code #}. Spaces inside a URI must be percent-encoded. Every error names the file, the line and
 * the reason.
 */
public final class ManifestParser {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern FIELDS = Pattern.compile("[ \t]+");
  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):");

  private ManifestParser() {}

  /**
   * @param file the manifest's name, for messages
   * @param in its text
   * @return the sources, in manifest order
   * @throws SquaresException a usage error naming the file, line and reason
   * @throws IOException when the manifest cannot be read
   */
  public static List<SourceSpec> parse(String file, BufferedReader in) throws SquaresException, IOException {
    List<SourceSpec> sources = new ArrayList<>();
    String line;
    int number = 0;
    while ((line = in.readLine()) != null) {
      number++;
      if (number == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      SourceSpec s = parseLine(file + " line " + number, line);
      if (s != null) {
        sources.add(s);
      }
    }
    if (sources.isEmpty()) {
      throw SquaresException.usage(file + ": the manifest lists no sources");
    }
    return sources;
  }

  /**
   * @param origin where the line is, for messages (e.g. {@code list.txt line 3})
   * @param line one manifest line
   * @return the source, or null for a blank or comment line
   * @throws SquaresException a usage error starting with the origin
   */
  public static SourceSpec parseLine(String origin, String line) throws SquaresException {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return null;
    }
    String[] fields = FIELDS.split(trimmed);
    String uri = fields[0];
    checkUri(origin, uri);
    String name = null;
    String sha256 = null;
    for (int i = 1; i < fields.length; i++) {
      String f = fields[i];
      if (f.startsWith("#")) {
        break;
      }
      int eq = f.indexOf('=');
      if (eq < 0) {
        throw SquaresException.usage(origin + ": unexpected '" + Echo.quote(f) + "' after the source (fields are"
            + " name=<staged name> and sha256=<hex>; percent-encode spaces in URIs as %20)");
      }
      String key = f.substring(0, eq);
      String value = f.substring(eq + 1);
      if (value.isEmpty()) {
        throw SquaresException.usage(origin + ": " + Echo.quote(key) + "= has no value");
      }
      switch (key) {
        case "name" -> {
          if (name != null) {
            throw SquaresException.usage(origin + ": name= given twice");
          }
          String problem = SplitNames.problem(value);
          if (problem != null) {
            throw SquaresException.usage(origin + ": " + problem);
          }
          name = value;
        }
        case "sha256" -> {
          if (sha256 != null) {
            throw SquaresException.usage(origin + ": sha256= given twice");
          }
          if (!SHA256.matcher(value).matches()) {
            throw SquaresException.usage(origin + ": sha256=" + Echo.quote(value) + " is not 64 hexadecimal digits");
          }
          sha256 = value.toLowerCase(Locale.ROOT);
        }
        default -> throw SquaresException.usage(origin + ": unknown field '" + Echo.quote(f)
            + "' (fields are name=<staged name> and sha256=<hex>)");
      }
    }
    return new SourceSpec(uri, name, sha256, origin);
  }

  /**
   * Checks what can be checked without Hadoop. An http(s) source must be a valid URI with a host;
   * any other source is a Hadoop path or URI, which may hold glob characters ({@code * ? [ ] { }})
   * that a URI would not allow, so only its shape is checked here.
   *
   * @param origin where the source was given, for messages
   * @param uri the source as written
   * @throws SquaresException a usage error starting with the origin
   */
  public static void checkUri(String origin, String uri) throws SquaresException {
    int control = Echo.firstControl(uri);
    if (control >= 0) {
      throw SquaresException.usage(String.format("%s: the source '%s' contains a control character (U+%04X)",
          origin, Echo.quote(uri), (int) uri.charAt(control)));
    }
    String scheme = scheme(uri);
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
      if (scheme != null && !uri.startsWith("/", scheme.length() + 1)) {
        throw SquaresException.usage(origin + ": '" + Echo.quote(uri)
            + "' is not a hierarchical URI (scheme://host/path or a path)");
      }
      return;
    }
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      throw SquaresException.usage(origin + ": '" + Echo.quote(uri) + "' is not a valid URI: " + e.getReason()
          + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      throw SquaresException.usage(origin + ": '" + Echo.quote(uri) + "' has no host");
    }
  }

  /**
   * @param source a source as written
   * @return its scheme in lower case, or null when it has none (a plain path)
   */
  public static String scheme(String source) {
    Matcher m = SCHEME.matcher(source);
    return m.lookingAt() ? m.group(1).toLowerCase(Locale.ROOT) : null;
  }
}

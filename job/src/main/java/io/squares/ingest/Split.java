package io.squares.ingest;

import java.net.URI;
import java.util.Locale;

/**
 * One file to stage: a concrete source (a filesystem glob expanded to one of its matches) and the
 * name it gets in the staging directory.
 *
 * @param spec the manifest entry or argument it came from
 * @param uri the concrete source
 * @param name the staged file name
 * @param length the source's length when known before fetching (filesystem sources), else -1
 */
public record Split(SourceSpec spec, URI uri, String name, long length) {
  /** @return whether the source is fetched with the HTTP client (http and https) */
  public boolean isHttp() {
    return isHttp(uri);
  }

  /** @return the expected sha256 from the manifest, or null */
  public String expectedSha256() {
    return spec.sha256();
  }

  /** @return the key of the per-host limit: scheme, host and port (e.g. {@code http://h:8080}) */
  public String hostKey() {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority().toLowerCase(Locale.ROOT);
    return scheme + "://" + authority;
  }

  /**
   * @param uri a source URI
   * @return whether its scheme is http or https
   */
  public static boolean isHttp(URI uri) {
    String scheme = uri.getScheme();
    return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
  }
}

package io.pangolin.iceberg;

import io.pangolin.api.ValidationException;
import io.pangolin.core.Locations;

/** An {@code s3:} (or {@code s3a:}, {@code s3n:}) location split into bucket and key (no leading or trailing slash). */
record S3Location(String bucket, String key) {

  /** @throws ValidationException not a valid S3 location */
  static S3Location parse(String location) {
    String canonical = Locations.canonical("location", location);
    int scheme = canonical.indexOf("://");
    String s = scheme < 0 ? "" : canonical.substring(0, scheme);
    if (!s.equals("s3") && !s.equals("s3a") && !s.equals("s3n")) {
      throw new ValidationException("not an S3 location: " + io.pangolin.core.Names.shorten(location));
    }
    String rest = canonical.substring(scheme + 3);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    while (key.endsWith("/")) {
      key = key.substring(0, key.length() - 1);
    }
    return new S3Location(bucket, key);
  }
}

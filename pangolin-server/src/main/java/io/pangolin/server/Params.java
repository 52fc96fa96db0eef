package io.pangolin.server;

import io.pangolin.api.AssetKind;
import io.pangolin.api.AuditResult;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.PageRequest;
import io.pangolin.api.ValidationException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Parsing of query parameters and path segments into API values. Query parameters are taken as strings so that a
 * malformed value is a 400 with a message, not the 404 JAX-RS gives for an unconvertible parameter.
 */
final class Params {
  private Params() {}

  /** {@code pageSize} (1..1000, default 100) and {@code pageToken} (absent or empty: first page). */
  static PageRequest page(String pageSize, String pageToken) {
    int size = PageRequest.DEFAULT_SIZE;
    if (pageSize != null && !pageSize.isBlank()) {
      try {
        size = Integer.parseInt(pageSize.trim());
      } catch (NumberFormatException e) {
        throw new ValidationException("query parameter 'pageSize' must be an integer between "
            + PageRequest.MIN_SIZE + " and " + PageRequest.MAX_SIZE);
      }
    }
    Optional<String> token = pageToken == null || pageToken.isEmpty() ? Optional.empty() : Optional.of(pageToken);
    return new PageRequest(token, size);
  }

  /** An optional positive integer query parameter, at most {@code max}; absent or empty: {@code otherwise}. */
  static int count(String value, String name, int otherwise, int max) {
    if (blank(value)) {
      return otherwise;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new ValidationException("query parameter '" + name + "' must be an integer between 1 and " + max);
  }

  /** A boolean query parameter: {@code true} or {@code false}; absent or empty: false. */
  static boolean flag(String value, String name) {
    if (blank(value)) {
      return false;
    }
    return switch (value.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ValidationException("query parameter '" + name + "' must be true or false");
    };
  }

  /** An asset kind by name, case-insensitive. */
  static AssetKind assetKind(String value, String what) {
    try {
      return AssetKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ValidationException(what + " must be one of " + Arrays.toString(AssetKind.values()));
    }
  }

  static Optional<AssetKind> optionalAssetKind(String value, String what) {
    return blank(value) ? Optional.empty() : Optional.of(assetKind(value, what));
  }

  static Optional<AuditResult> auditResult(String value) {
    if (blank(value)) {
      return Optional.empty();
    }
    try {
      return Optional.of(AuditResult.valueOf(value.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new ValidationException("query parameter 'result' must be one of "
          + Arrays.toString(AuditResult.values()));
    }
  }

  /** An ISO-8601 instant such as {@code 2026-01-01T00:00:00Z}. */
  static Optional<Instant> instant(String value, String name) {
    if (blank(value)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value.trim()));
    } catch (DateTimeParseException e) {
      throw new ValidationException("query parameter '" + name
          + "' must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
    }
  }

  static Optional<String> optional(String value) {
    return blank(value) ? Optional.empty() : Optional.of(value);
  }

  /** A namespace in dotted form ({@code a.b}); level names are checked by the engine. */
  static NamespaceName namespace(String dotted) {
    return NamespaceName.parse(dotted);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}

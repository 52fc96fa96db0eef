package io.pangolin.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A request for one page of a listing.
 *
 * @param token opaque continuation token from the previous {@link Page}; empty for the first page
 * @param size page size, {@value #MIN_SIZE}..{@value #MAX_SIZE}
 */
public record PageRequest(Optional<String> token, int size) {
  public static final int MIN_SIZE = 1;
  public static final int MAX_SIZE = 1000;
  public static final int DEFAULT_SIZE = 100;

  public PageRequest {
    Objects.requireNonNull(token, "token");
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new ValidationException("page size must be between " + MIN_SIZE + " and " + MAX_SIZE + ", was " + size);
    }
    if (token.isPresent() && (token.get().isEmpty() || token.get().length() > 4096)) {
      throw new ValidationException("invalid page token");
    }
  }

  public static PageRequest first(int size) {
    return new PageRequest(Optional.empty(), size);
  }

  public static PageRequest first() {
    return first(DEFAULT_SIZE);
  }

  public static PageRequest after(String token, int size) {
    return new PageRequest(Optional.of(token), size);
  }
}

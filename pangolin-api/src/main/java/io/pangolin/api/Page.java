package io.pangolin.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing in a stable order.
 *
 * @param nextToken present if more items may follow; pass it in the next {@link PageRequest}
 */
public record Page<T>(List<T> items, Optional<String> nextToken) {
  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
    Objects.requireNonNull(nextToken, "nextToken");
  }

  public static <T> Page<T> last(List<T> items) {
    return new Page<>(items, Optional.empty());
  }
}

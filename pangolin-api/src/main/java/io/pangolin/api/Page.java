package io.pangolin.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

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

  /** Every item of a listing: {@code lister} is called page after page ({@code pageSize} each) until the last. */
  public static <T> List<T> all(Function<PageRequest, Page<T>> lister, int pageSize) {
    List<T> all = new ArrayList<>();
    Page<T> page = lister.apply(PageRequest.first(pageSize));
    all.addAll(page.items());
    while (page.nextToken().isPresent()) {
      page = lister.apply(PageRequest.after(page.nextToken().get(), pageSize));
      all.addAll(page.items());
    }
    return all;
  }

  /** Every item of a listing, read in pages of {@link PageRequest#MAX_SIZE}. */
  public static <T> List<T> all(Function<PageRequest, Page<T>> lister) {
    return all(lister, PageRequest.MAX_SIZE);
  }
}

package io.pangolin.tenancy;

import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

/** Walks a paged listing lazily, page by page. */
final class Pages<T> implements Iterator<T> {
  private final Function<PageRequest, Page<T>> listing;
  private final int size;
  private Iterator<T> current = List.<T>of().iterator();
  private Optional<String> token = Optional.empty();
  private boolean done;

  private Pages(Function<PageRequest, Page<T>> listing, int size) {
    this.listing = listing;
    this.size = size;
  }

  static <T> Pages<T> of(Function<PageRequest, Page<T>> listing) {
    return new Pages<>(listing, PageRequest.MAX_SIZE);
  }

  static <T> List<T> all(Function<PageRequest, Page<T>> listing) {
    List<T> out = new ArrayList<>();
    of(listing).forEachRemaining(out::add);
    return out;
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext() && !done) {
      Page<T> page = listing.apply(new PageRequest(token, size));
      current = page.items().iterator();
      token = page.nextToken();
      done = token.isEmpty();
    }
    return current.hasNext();
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }

  /** The next item, or null at the end. */
  T nextOrNull() {
    return hasNext() ? current.next() : null;
  }
}

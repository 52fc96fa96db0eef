package io.pangolin.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.spi.PageTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Keyset paging: a page is the first {@code size + 1} documents after the last key of the previous page, in the
 * order of an index (never {@code skip}); the extra document only tells whether a next page exists. Tokens are
 * {@link PageTokens} carrying the last key, tagged with the listing, so any instance of the store accepts them and
 * a foreign or garbled token is a {@link io.pangolin.api.ValidationException}.
 */
final class Paging {
  private Paging() {}

  /** The position encoded in the request's token, or null on the first page. */
  static List<String> position(PageRequest page, String listing, int parts) {
    return PageTokens.position(page, listing, parts).orElse(null);
  }

  /**
   * The filter "strictly after {@code values}" in the lexicographic order of {@code fields}:
   * {@code f1 > v1 or (f1 = v1 and f2 > v2) or …} ({@code <} for a descending order).
   */
  static Bson after(List<String> fields, List<?> values, boolean descending) {
    List<Bson> alternatives = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      List<Bson> conjunction = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        conjunction.add(eq(fields.get(j), values.get(j)));
      }
      conjunction.add(descending ? lt(fields.get(i), values.get(i)) : gt(fields.get(i), values.get(i)));
      alternatives.add(conjunction.size() == 1 ? conjunction.get(0) : and(conjunction));
    }
    return alternatives.size() == 1 ? alternatives.get(0) : or(alternatives);
  }

  /**
   * Builds the page from up to {@code size + 1} documents read in order.
   *
   * @param position the key of a document, as token parts
   */
  static <T> Page<T> page(List<Document> docs, int size, Function<Document, T> map,
      Function<Document, List<String>> position, String listing) {
    Page<Document> page = PageTokens.page(docs, size, listing, position);
    return new Page<>(page.items().stream().map(map).toList(), page.nextToken());
  }
}

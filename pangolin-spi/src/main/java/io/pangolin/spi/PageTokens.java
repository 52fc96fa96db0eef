package io.pangolin.spi;

import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Helper for stores: encodes a keyset position (the sort key of the last item of a page) as an opaque, URL-safe
 * token tagged with the listing it belongs to, and decodes it back, rejecting garbled or foreign tokens.
 */
public final class PageTokens {
  private static final char SEP = '\u001f';

  private PageTokens() {}

  public static String encode(String listing, List<String> position) {
    StringBuilder sb = new StringBuilder("v1").append(SEP).append(listing);
    for (String p : position) {
      if (p.indexOf(SEP) >= 0) {
        throw new IllegalArgumentException("position contains the separator");
      }
      sb.append(SEP).append(p);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @return the position parts
   * @throws ValidationException the token is garbled, of another listing or has the wrong number of parts
   */
  public static List<String> decode(String token, String listing, int parts) {
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ValidationException("invalid page token");
    }
    List<String> split = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= raw.length(); i++) {
      if (i == raw.length() || raw.charAt(i) == SEP) {
        split.add(raw.substring(start, i));
        start = i + 1;
      }
    }
    if (split.size() != parts + 2 || !split.get(0).equals("v1") || !split.get(1).equals(listing)) {
      throw new ValidationException("invalid page token");
    }
    return List.copyOf(split.subList(2, split.size()));
  }

  /**
   * The position a page starts after, decoded from the request's token (empty on the first page). Stores call it
   * before they read, so a garbled or foreign token is refused even when the listing turns out empty.
   *
   * @throws ValidationException the token is garbled or of another listing
   */
  public static Optional<List<String>> position(PageRequest page, String listing, int parts) {
    return page.token().map(t -> decode(t, listing, parts));
  }

  /**
   * One part of a decoded position parsed to its type ({@code Instant::parse}, {@code Long::parseLong}, …).
   *
   * @throws ValidationException the part does not parse
   */
  public static <T> T part(String part, Function<String, T> parser) {
    try {
      return parser.apply(part);
    } catch (RuntimeException e) {
      throw new ValidationException("invalid page token");
    }
  }

  /**
   * The page from up to {@code size + 1} items read in order after the position: the extra item only says that a
   * next page exists, whose token holds the last returned item's position; a page of {@code size} items or fewer is
   * the last and has no token.
   */
  public static <T> Page<T> page(List<T> rows, int size, String listing, Function<T, List<String>> position) {
    if (rows.size() <= size) {
      return Page.last(rows);
    }
    List<T> items = rows.subList(0, size);
    return new Page<>(items, Optional.of(encode(listing, position.apply(items.get(size - 1)))));
  }
}

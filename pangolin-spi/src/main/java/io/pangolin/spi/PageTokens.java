package io.pangolin.spi;

import io.pangolin.api.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

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
}

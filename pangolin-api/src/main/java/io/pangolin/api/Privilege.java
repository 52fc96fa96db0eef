package io.pangolin.api;

import java.util.Locale;

/** What a grant allows on its scope (and everything inside it). */
public enum Privilege {
  /** See the object in listings and search. */
  LIST,
  /** Read the object: load a table or view, get a namespace or catalog. */
  READ,
  /** Create namespaces and assets inside the scope. */
  CREATE,
  /** Change: commit to a table, replace a view, update properties. */
  WRITE,
  /** Drop namespaces and assets (a rename drops at the source). */
  DELETE,
  /** Grant and revoke privileges on the scope. */
  MANAGE_GRANTS;

  /** The name in JSON and URLs: {@code list}, {@code read}, …, {@code manage-grants}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** @throws ValidationException not one of the privileges */
  public static Privilege parse(String s) {
    for (Privilege p : values()) {
      if (p.wireName().equals(s)) {
        return p;
      }
    }
    throw new ValidationException("unknown privilege '" + (s == null ? "null" : s.length() > 40 ? s.substring(0, 40)
        : s) + "': use list, read, create, write, delete or manage-grants");
  }
}

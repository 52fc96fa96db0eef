package io.pangolin.api;

import java.time.Instant;
import java.util.Objects;

/** A custom role of a tenant: a name that grants are given to and principals are assigned. */
public record Role(String name, String description, Instant createdAt) {
  public Role {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}

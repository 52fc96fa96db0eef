package io.pangolin.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Who is calling, for which tenant, under which request id. Every service call carries one; it is what scopes data
 * to a tenant and what the audit log records.
 */
public record RequestContext(String tenant, String actor, String requestId) {
  public RequestContext {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(requestId, "requestId");
  }

  /** A context with a fresh random request id. */
  public static RequestContext of(String tenant, String actor) {
    return new RequestContext(tenant, actor, UUID.randomUUID().toString());
  }
}

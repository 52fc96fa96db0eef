package io.pangolin.api;

import java.util.Objects;
import java.util.UUID;

/**
 * Who is calling, for which tenant, under which request id. Every service call carries one; it is what scopes data
 * to a tenant, what the engine authorizes and what the audit log records.
 *
 * @param principal the authenticated caller; {@link Principal#system()} for calls of an embedding application,
 *     which the engine trusts (it authorizes nothing for them)
 */
public record RequestContext(String tenant, String actor, String requestId, Principal principal) {
  public RequestContext {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(principal, "principal");
  }

  /** A context of the trusted {@link Principal#system()} principal (embedding). */
  public RequestContext(String tenant, String actor, String requestId) {
    this(tenant, actor, requestId, Principal.system());
  }

  /** A context of the trusted system principal with a fresh random request id. */
  public static RequestContext of(String tenant, String actor) {
    return new RequestContext(tenant, actor, UUID.randomUUID().toString());
  }

  /** A context of an authenticated principal; the actor is the principal's name. */
  public static RequestContext of(String tenant, Principal principal, String requestId) {
    return new RequestContext(tenant, principal.name(), requestId, principal);
  }
}

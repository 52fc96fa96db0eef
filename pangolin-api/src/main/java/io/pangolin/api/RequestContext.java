package io.pangolin.api;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is calling, for which tenant, under which request id. Every service call carries one; it is what scopes data
 * to a tenant, what the engine authorizes and what the audit log records.
 *
 * @param principal the authenticated caller; {@link Principal#system()} for calls of an embedding application,
 *     which the engine trusts (it authorizes nothing for them)
 * @param source the network address the request came from, recorded in audit events; empty when not known
 */
public record RequestContext(String tenant, String actor, String requestId, Principal principal,
    Optional<String> source) {
  public RequestContext {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(source, "source");
  }

  /** A context without a known source address. */
  public RequestContext(String tenant, String actor, String requestId, Principal principal) {
    this(tenant, actor, requestId, principal, Optional.empty());
  }

  /** The same context, from {@code address} (null or blank: unknown). */
  public RequestContext withSource(String address) {
    return new RequestContext(tenant, actor, requestId, principal,
        address == null || address.isBlank() ? Optional.empty() : Optional.of(address));
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

package io.pangolin.api;

import java.util.Objects;

/**
 * A service principal with its client secret, returned once — when it is created or its secret rotated — and never
 * again (only a hash is stored).
 */
public record ServiceCredentials(ServicePrincipal principal, String clientSecret) {
  public ServiceCredentials {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(clientSecret, "clientSecret");
  }

  public String clientId() {
    return principal.clientId();
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "ServiceCredentials[" + principal.clientId() + ", secret ***]";
  }
}

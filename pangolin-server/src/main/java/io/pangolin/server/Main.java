package io.pangolin.server;

import io.helidon.common.mapper.MapperManager;

/**
 * The server's entry point ({@code java -jar pangolin-server.jar}): Helidon MP's own
 * {@link io.helidon.microprofile.cdi.Main}, after one setting Helidon 4.4 leaves to the application.
 *
 * <p>Every response with a body reads its {@code Content-Length} header through {@link MapperManager#global()},
 * and in Helidon 4.4.0 that is, unless an instance was set, a service-registry lookup of a per-lookup service: a new
 * {@code MappersImpl}, with its configuration and its providers looked up again, per response. The JFR profile of
 * a cached {@code loadTable} put a quarter of the server's CPU there (and 40 % of a bare Helidon MP endpoint's).
 * Setting one instance before Helidon starts makes that a field read. The instance is
 * {@link MapperManager#create()}: the built-in mappers, Helidon's default provider and those on the class path.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    MapperManager.global(MapperManager.create());
    io.helidon.microprofile.cdi.Main.main(args);
  }
}

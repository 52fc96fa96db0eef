package io.pangolin.benchmarks;

import io.helidon.common.mapper.MapperManager;

/**
 * The bare endpoint started the way {@code io.pangolin.server.Main} starts the Pangolin server: one global
 * {@link MapperManager} set before Helidon MP's main (Helidon 4.4.0 otherwise builds a new mapper service per
 * response). Measured as the {@code bare / mappers} row, next to the stock bare endpoint that "vs bare" divides by.
 */
public final class TunedBareMain {
  private TunedBareMain() {}

  public static void main(String[] args) {
    MapperManager.global(MapperManager.create());
    io.helidon.microprofile.cdi.Main.main(args);
  }
}

package io.pangolin.spi;

import java.util.Objects;

/** Result of a store health probe. {@code detail} is for operators; never contains secrets. */
public record StoreHealth(boolean up, String detail) {
  public StoreHealth {
    Objects.requireNonNull(detail, "detail");
  }

  public static StoreHealth up(String detail) {
    return new StoreHealth(true, detail);
  }

  public static StoreHealth down(String detail) {
    return new StoreHealth(false, detail);
  }
}

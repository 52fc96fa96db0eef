package io.pangolin.store.mongo;

import com.mongodb.MongoClientSettings;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What tests may change besides the configuration: the clock that ages fallback-protocol intents and audit events,
 * and extra driver settings (e.g. a command listener).
 */
record StoreOptions(Clock clock, Consumer<MongoClientSettings.Builder> clientSettings) {
  StoreOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(clientSettings, "clientSettings");
  }

  static StoreOptions defaults() {
    return new StoreOptions(Clock.systemUTC(), b -> {});
  }
}

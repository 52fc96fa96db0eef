package io.pangolin.store.mongo;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;

/** Driver command monitoring: records every command the store sends (a copy, since the driver reuses buffers). */
final class CommandRecorder implements CommandListener {
  /** One command as sent, and the server's error code if it failed (0 otherwise). */
  record Sent(String name, String database, BsonDocument command) {}

  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final List<CommandFailedEvent> failures = new CopyOnWriteArrayList<>();

  @Override
  public void commandStarted(CommandStartedEvent event) {
    sent.add(new Sent(event.getCommandName(), event.getDatabaseName(), event.getCommand().clone()));
  }

  @Override
  public void commandFailed(CommandFailedEvent event) {
    failures.add(event);
  }

  List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** The commands with one of {@code names}, in the order sent. */
  List<Sent> named(String... names) {
    Set<String> wanted = Set.of(names);
    return sent.stream().filter(s -> wanted.contains(s.name())).toList();
  }

  List<CommandFailedEvent> failures() {
    return List.copyOf(failures);
  }

  void clear() {
    sent.clear();
    failures.clear();
  }
}

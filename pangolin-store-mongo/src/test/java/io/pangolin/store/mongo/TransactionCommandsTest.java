package io.pangolin.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import de.bwaldvogel.mongo.MongoServer;
import io.pangolin.api.UnavailableException;
import io.pangolin.spi.tck.Fixtures;
import io.pangolin.store.mongo.MongoStoreConfig.TransactionMode;
import java.time.Clock;
import java.util.List;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transactional path, checked by command monitoring. mongo-java-server has no sessions or transactions: the
 * server used here only <em>claims</em> sessions in its handshake (as mongos), ignores the transaction fields, applies
 * every statement at once and answers {@code commitTransaction} with CommandNotFound (59). So these tests prove which
 * commands and transaction fields the store sends and how it reports the failure — not atomicity, isolation or the
 * retry of write conflicts, which only a real replica set or sharded cluster can show.
 */
class TransactionCommandsTest {
  private MongoServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdownNow();
    }
  }

  private MongoMetadataStore open(String uri, TransactionMode mode, CommandRecorder recorder) {
    return MongoMetadataStore.open(TestServers.config(uri, TestServers.database("tx")).transactions(mode).build(),
        new StoreOptions(Clock.systemUTC(), b -> b.addCommandListener(recorder)));
  }

  @Test
  void auto_choosesTransactionsWhereTheHandshakeOffersThem_andTheProtocolOnAStandaloneServer() {
    server = TestServers.pretendMongos();
    try (MongoMetadataStore withSessions = open(TestServers.uri(server), TransactionMode.AUTO, new CommandRecorder());
        MongoMetadataStore standalone = open(TestServers.sharedUri(), TransactionMode.AUTO, new CommandRecorder());
        MongoMetadataStore off = open(TestServers.uri(server), TransactionMode.OFF, new CommandRecorder())) {
      assertThat(withSessions.writes()).isInstanceOf(TransactionalWrites.class);
      assertThat(standalone.writes()).isInstanceOf(ProtocolWrites.class);
      assertThat(off.writes()).isInstanceOf(ProtocolWrites.class);
    }
  }

  @Test
  void forcedTransactionalCreate_sendsStartTransactionThenTheStatementsThenCommitTransaction_inOneSession() {
    server = TestServers.pretendMongos();
    CommandRecorder recorder = new CommandRecorder();
    try (MongoMetadataStore store = open(TestServers.uri(server), TransactionMode.ON, recorder)) {
      String tenant = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
      recorder.clear();

      assertThatExceptionOfType(UnavailableException.class)
          .isThrownBy(() -> store.createWarehouse(Fixtures.warehouse(tenant, "lake")))
          .withMessageContaining("code 59");

      List<CommandRecorder.Sent> sent = recorder.named("findAndModify", "insert", "commitTransaction",
          "abortTransaction");
      assertThat(sent).extracting(CommandRecorder.Sent::name)
          .containsExactly("findAndModify", "insert", "commitTransaction");
      BsonDocument touch = sent.get(0).command();
      BsonDocument insert = sent.get(1).command();
      BsonDocument commit = sent.get(2).command();
      assertThat(touch.getString("findAndModify").getValue()).isEqualTo("tenants");
      assertThat(touch.getDocument("update").toJson()).contains("\"$inc\"", "\"guard\"");
      assertThat(touch.get("startTransaction")).isEqualTo(BsonBoolean.TRUE);
      assertThat(insert.getString("insert").getValue()).isEqualTo("warehouses");
      assertThat(insert.containsKey("startTransaction")).isFalse();
      assertThat(commit.getDocument("writeConcern").get("w").asString().getValue()).isEqualTo("majority");
      assertThat(sent.get(2).database()).isEqualTo("admin");
      for (CommandRecorder.Sent s : sent) {
        assertThat(s.command().get("autocommit")).as(s.name()).isEqualTo(BsonBoolean.FALSE);
        assertThat(s.command().get("lsid")).as(s.name()).isEqualTo(touch.get("lsid"));
        assertThat(s.command().get("txnNumber")).as(s.name()).isEqualTo(touch.get("txnNumber"));
      }
      assertThat(recorder.failures()).anySatisfy(f -> assertThat(f.getCommandName()).isEqualTo("commitTransaction"));
    }
  }

  @Test
  void forcedTransactionalDelete_touchesTheParentAndChecksEveryChildCollectionInTheTransaction() {
    server = TestServers.pretendMongos();
    CommandRecorder recorder = new CommandRecorder();
    try (MongoMetadataStore store = open(TestServers.uri(server), TransactionMode.ON, recorder)) {
      String tenant = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();
      recorder.clear();

      assertThatExceptionOfType(UnavailableException.class).isThrownBy(() -> store.deleteTenant(tenant));

      List<CommandRecorder.Sent> sent = recorder.named("findAndModify", "find", "delete", "commitTransaction");
      assertThat(sent).extracting(s -> s.name() + " " + s.command().get(s.name()).toString())
          .containsExactly("findAndModify BsonString{value='tenants'}", "find BsonString{value='warehouses'}",
              "find BsonString{value='catalogs'}", "find BsonString{value='users'}",
              "delete BsonString{value='tenants'}", "commitTransaction BsonInt32{value=1}");
      assertThat(sent.get(0).command().get("startTransaction")).isEqualTo(BsonBoolean.TRUE);
      assertThat(sent).allSatisfy(s -> assertThat(s.command().get("txnNumber"))
          .isEqualTo(sent.get(0).command().get("txnNumber")));
    }
  }

  @Test
  void forcedTransactionsOnAServerWithoutSessions_failAsUnavailable() {
    try (MongoMetadataStore store = open(TestServers.sharedUri(), TransactionMode.ON, new CommandRecorder())) {
      String tenant = store.createTenant(Fixtures.tenant(Fixtures.uniqueName("t"))).name();

      assertThatExceptionOfType(UnavailableException.class)
          .isThrownBy(() -> store.createUser(Fixtures.user(tenant, "bob")));

      assertThat(store.getUser(tenant, "bob")).isEmpty();
    }
  }
}

/**
 * {@link io.pangolin.spi.MetadataStore} on MongoDB through the synchronous Java driver.
 *
 * <p>Exported: {@link io.pangolin.store.mongo.MongoStoreProvider} (name {@code mongo}) and
 * {@link io.pangolin.store.mongo.MongoStoreConfig}. Everything else is package-private and split by concern: document
 * mapping ({@code Docs}), collections and indexes ({@code Schema}), keyset paging ({@code Paging}), error translation
 * and bounded retries ({@code Errors}), topology detection ({@code Topology}) and sharding ({@code ShardingSetup}),
 * multi-document writes with transactions ({@code TransactionalWrites}) or with the documented fallback protocol
 * ({@code ProtocolWrites}, {@code Intents}), and audit archival ({@code AuditArchiver}). The module README describes
 * the protocol and the sharding setup.
 */
package io.pangolin.store.mongo;

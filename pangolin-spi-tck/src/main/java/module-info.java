/** The store test kit: abstract JUnit 5 suites over {@link io.pangolin.spi.MetadataStore}. */
module io.pangolin.spi.tck {
  requires transitive io.pangolin.spi;
  requires transitive org.junit.jupiter.api;
  requires org.junit.jupiter.params;
  requires org.assertj.core;

  exports io.pangolin.spi.tck;

  opens io.pangolin.spi.tck to org.junit.platform.commons;
}

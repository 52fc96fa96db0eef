package io.pangolin.core;

import io.pangolin.spi.ForwardingMetadataStore;
import io.pangolin.spi.MetadataStore;
import java.util.function.Function;

/**
 * Times every store call for the {@link StoreObserver}. A plain decorator (no reflection), made per resolved store
 * and dropped with it, so nothing grows with the number of tenants. It does not own its delegate: closing it does
 * nothing.
 */
final class ObservedStore extends ForwardingMetadataStore {
  private static final System.Logger LOG = System.getLogger(ObservedStore.class.getName());

  private final MetadataStore delegate;
  private final StoreObserver observer;

  ObservedStore(MetadataStore delegate, StoreObserver observer) {
    this.delegate = delegate;
    this.observer = observer;
  }

  @Override
  protected MetadataStore delegate() {
    return delegate;
  }

  @Override
  protected <T> T forward(Call call, Function<MetadataStore, T> body) {
    long start = System.nanoTime();
    boolean ok = false;
    try {
      T result = body.apply(delegate);
      ok = true;
      return result;
    } finally {
      report(call.operation(), start, ok);
    }
  }

  private void report(String operation, long start, boolean ok) {
    try {
      observer.onCall(operation, System.nanoTime() - start, ok);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "store observer failed", e);
    }
  }

  @Override
  public void close() {
    // the engine's tenancy strategy owns the store
  }

  @Override
  public String toString() {
    return "observed(" + delegate + ")";
  }
}

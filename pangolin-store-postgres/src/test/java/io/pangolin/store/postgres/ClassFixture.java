package io.pangolin.store.postgres;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fixture living as long as the test class that registers it ({@code @RegisterExtension static}). JUnit also
 * calls an enclosing class's extensions for each {@code @Nested} class; those calls are ignored, so a suite with
 * nested classes (the TCK) still gets exactly one fixture, started before and stopped after all of it.
 */
abstract class ClassFixture implements BeforeAllCallback, AfterAllCallback {
  private Class<?> owner;

  @Override
  public final void beforeAll(ExtensionContext context) throws Exception {
    if (owner != null) {
      return;
    }
    owner = context.getRequiredTestClass();
    start();
  }

  @Override
  public final void afterAll(ExtensionContext context) throws Exception {
    if (context.getRequiredTestClass() != owner) {
      return;
    }
    try {
      stop();
    } finally {
      owner = null;
    }
  }

  abstract void start() throws Exception;

  abstract void stop() throws Exception;
}

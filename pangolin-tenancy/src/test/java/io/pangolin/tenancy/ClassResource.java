package io.pangolin.tenancy;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fixture living as long as the test class that registers it ({@code @RegisterExtension static}); the calls JUnit
 * also makes for each {@code @Nested} class are ignored, so the TCK's nested suites share one fixture.
 */
abstract class ClassResource implements BeforeAllCallback, AfterAllCallback {
  private Class<?> owner;

  @Override
  public final void beforeAll(ExtensionContext context) throws Exception {
    if (owner == null) {
      owner = context.getRequiredTestClass();
      start();
    }
  }

  @Override
  public final void afterAll(ExtensionContext context) throws Exception {
    if (context.getRequiredTestClass() == owner) {
      try {
        stop();
      } finally {
        owner = null;
      }
    }
  }

  abstract void start() throws Exception;

  abstract void stop() throws Exception;
}

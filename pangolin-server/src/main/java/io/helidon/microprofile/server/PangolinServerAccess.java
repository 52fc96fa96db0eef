package io.helidon.microprofile.server;

import io.helidon.webserver.http.DirectHandlers;

/**
 * The one hook Pangolin needs into Helidon MP's web server builder that 4.4 keeps package-private: the direct handlers
 * (responses to errors found before routing). Helidon's FAQ documents {@code ServerCdiExtension.serverBuilder()} for
 * exactly this; in 4.4 the method is package-private, so this class lives in its package (the server runs on the
 * class path). Compile-checked: a Helidon upgrade that moves the method fails the build, not the server.
 */
public final class PangolinServerAccess {
  private PangolinServerAccess() {}

  /** Installs {@code handlers} on the default listener of the server {@code server} is about to start. */
  public static void directHandlers(ServerCdiExtension server, DirectHandlers handlers) {
    server.serverBuilder().directHandlers(handlers);
  }
}

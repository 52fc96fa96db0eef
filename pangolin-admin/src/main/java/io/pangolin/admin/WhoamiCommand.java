package io.pangolin.admin;

import picocli.CommandLine.Command;

/** {@code whoami}: who the credentials authenticate as. */
@Command(name = "whoami", description = "Show the principal the credentials log in as (GET /api/v1/auth/whoami).")
final class WhoamiCommand extends ApiCommand {
  @Override
  void run() {
    out().object(client().get("/api/v1/auth/whoami"));
  }
}

package io.pangolin.api;

/** Outcome of an audited action. */
public enum AuditResult {
  SUCCESS,
  FAILURE
}

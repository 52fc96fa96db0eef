package io.pangolin.iceberg;

/**
 * A scan plan id or plan task that this server never handed out (planning is synchronous). Maps to HTTP 404 with
 * the spec's error type {@code NoSuchPlanIdException} or {@code NoSuchPlanTaskException}.
 */
public final class NoSuchPlanException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String type;

  private NoSuchPlanException(String type, String message) {
    super(message);
    this.type = type;
  }

  static NoSuchPlanException planId(String id) {
    return new NoSuchPlanException("NoSuchPlanIdException", "Plan does not exist: " + shorten(id)
        + " (plans are completed synchronously; no plan ids are issued)");
  }

  static NoSuchPlanException planTask(String task) {
    return new NoSuchPlanException("NoSuchPlanTaskException", "Plan task does not exist: " + shorten(task)
        + " (plans are completed synchronously; no plan tasks are issued)");
  }

  private static String shorten(String s) {
    return s == null ? "null" : s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }

  /** The spec's error type. */
  public String type() {
    return type;
  }
}

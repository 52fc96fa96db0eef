package io.pangolin.benchmarks;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything a run must undo — server processes, databases, Redis keys, warehouse directories — undone in reverse
 * order, either when a step is over ({@link #closeTo}) or, whatever happened, at exit (also on Ctrl-C, from a
 * shutdown hook). Each action runs once; a failing action is reported and does not stop the others.
 */
final class Cleanup {
  interface Action {
    void run() throws Exception;
  }

  private record Named(String what, Action action) {}

  private final Deque<Named> actions = new ArrayDeque<>();

  Cleanup() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::atExit, "cleanup"));
  }

  synchronized void add(String what, Action action) {
    actions.push(new Named(what, action));
  }

  /** The current depth, to undo later what is added from now on. */
  synchronized int mark() {
    return actions.size();
  }

  private synchronized void atExit() {
    if (!actions.isEmpty()) {
      System.err.println("interrupted: stopping servers, dropping databases, deleting files");
      closeTo(0);
    }
  }

  /** Undoes, newest first, every action added after {@code mark}. */
  synchronized void closeTo(int mark) {
    while (actions.size() > mark) {
      Named n = actions.pop();
      try {
        n.action().run();
      } catch (Exception e) {
        System.err.println("clean-up: " + n.what() + " failed: " + e);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}

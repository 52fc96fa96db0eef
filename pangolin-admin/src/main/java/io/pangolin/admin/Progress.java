package io.pangolin.admin;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr (me.tongfei:progressbar), or nothing. Stdout stays clean for the report, so
 * {@code pangolin-admin optimize-catalog … -o json | jq} works with or without the bar.
 */
abstract class Progress implements AutoCloseable {
  /** Set by {@code bin/pangolin-admin} from {@code [ -t 2 ]}: whether stderr is a terminal. */
  static final String STDERR_TTY = "pangolin.admin.stderr-tty";

  abstract void message(String text);

  abstract void step();

  @Override
  public abstract void close();

  /** Whether stderr is a terminal, as the launcher script saw it (Java cannot tell for stderr alone). */
  static boolean stderrIsTerminal() {
    return Boolean.getBoolean(STDERR_TTY);
  }

  static Progress start(boolean show, String task, long total, PrintWriter err, Map<String, String> env) {
    if (!show) {
      return new Progress() {
        @Override
        void message(String text) {}

        @Override
        void step() {}

        @Override
        public void close() {}
      };
    }
    err.flush();
    PrintStream stream = new PrintStream(System.err, true);
    int width = 100;
    try {
      width = Math.max(40, Integer.parseInt(env.getOrDefault("COLUMNS", "100").strip()) - 1);
    } catch (NumberFormatException ignored) {
      // not a number: the default width
    }
    // an explicit width, so that the library never probes the terminal
    ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).hideEta()
        .setConsumer(new ConsoleProgressBarConsumer(stream, width)).build();
    return new Progress() {
      @Override
      void message(String text) {
        bar.setExtraMessage(text);
      }

      @Override
      void step() {
        bar.step();
      }

      @Override
      public void close() {
        bar.setExtraMessage("done");
        bar.close();
        stream.println(); // the report on stdout starts on a line of its own
      }
    };
  }
}

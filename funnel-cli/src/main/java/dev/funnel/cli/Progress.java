package dev.funnel.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** Reports how far the reading of a large file has got; a no-op for small ones. */
interface Progress {

  /**
   * Called after each block the reader has parsed. {@code total} is the file's size, or -1 if
   * unknown.
   */
  void update(long bytesRead, long total, long rows);

  /** Called once, when the file has been read; {@code bytesRead} may be 0 if unknown. */
  void done(long bytesRead, long rows);

  /** Reports nothing. */
  static Progress none() {
    return new Progress() {
      @Override
      public void update(long bytesRead, long total, long rows) {}

      @Override
      public void done(long bytesRead, long rows) {}
    };
  }

  /**
   * Reports on one line of {@code err}, rewritten in place, once {@code threshold} bytes have been
   * read, and not at all for a file smaller than that: a small file is read before a progress line
   * would be seen. {@code size} is -1 for input of unknown size (standard input). When {@code err}
   * is not a terminal (a log file, a CI job), there is no rewriting with carriage returns: only the
   * closing line is printed.
   */
  static Progress to(PrintWriter err, String file, long size, long threshold, boolean terminal) {
    if (size >= 0 && size < threshold) {
      return none();
    }
    return new Progress() {
      private final long start = System.nanoTime();
      private boolean shown;
      private long seen;

      @Override
      public void update(long bytesRead, long total, long rows) {
        seen = bytesRead;
        if (bytesRead < threshold) {
          return;
        }
        shown = true;
        if (!terminal) {
          return;
        }
        String share =
            total > 0
                ? String.format(Locale.ROOT, "%3d %%, ", Math.min(100, 100 * bytesRead / total))
                : "";
        err.printf(Locale.ROOT, "\rreading %s: %s%,d rows", file, share, rows);
        err.flush();
      }

      @Override
      public void done(long bytesRead, long rows) {
        if (shown) {
          double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
          err.printf(
              Locale.ROOT,
              (terminal ? "\r" : "") + "read %s: %,d rows, %,.1f MB in %.1f s%n",
              file,
              rows,
              Math.max(bytesRead, seen) / 1e6,
              seconds);
        }
      }
    };
  }
}

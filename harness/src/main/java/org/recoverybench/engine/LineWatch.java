package org.recoverybench.engine;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches a log file that a process appends to, from a byte offset on, and notes when the harness
 * first saw a line that starts with each of some prefixes (its own clock, epoch ms): for the lines
 * an app prints without a time stamp of its own (the Spark app's {@code RB-READY} and {@code
 * RB-BATCH}). It polls every {@link #POLL}, so a time is at most that, plus the scheduling of its
 * thread, after the line was written. It stops once every prefix was seen, or when closed.
 */
final class LineWatch implements AutoCloseable {
  static final Duration POLL = Duration.ofMillis(50);

  private final Path file;
  private final List<String> prefixes;
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;
  private long offset;
  private final StringBuilder partial = new StringBuilder();

  LineWatch(Path file, long offset, List<String> prefixes) {
    this.file = file;
    this.offset = offset;
    this.prefixes = List.copyOf(prefixes);
    this.thread = new Thread(this::run, "line-watch-" + file.getFileName());
    thread.setDaemon(true);
  }

  /** Starts watching {@code file} from {@code offset} (its size now, to see only what comes). */
  static LineWatch start(Path file, long offset, List<String> prefixes) {
    LineWatch w = new LineWatch(file, offset, prefixes);
    w.thread.start();
    return w;
  }

  /** The size of a file now; 0 if it does not exist yet. */
  static long sizeOf(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** When a line with this prefix was first seen, epoch ms; empty if none was yet. */
  OptionalLong seen(String prefix) {
    Long t = seen.get(prefix);
    return t == null ? OptionalLong.empty() : OptionalLong.of(t);
  }

  private void run() {
    while (!closed && seen.size() < prefixes.size()) {
      poll(System.currentTimeMillis());
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Reads what was appended since the last poll; the complete lines count, seen at {@code now}. */
  void poll(long now) {
    if (!Files.exists(file)) {
      return;
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      if (length <= offset) {
        return;
      }
      byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
      f.seek(offset);
      f.readFully(bytes);
      offset += bytes.length;
      partial.append(new String(bytes, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      return; // tried again at the next poll
    }
    int end;
    while ((end = partial.indexOf("\n")) >= 0) {
      String line = partial.substring(0, end);
      partial.delete(0, end + 1);
      for (String p : prefixes) {
        if (line.startsWith(p)) {
          seen.putIfAbsent(p, now);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}

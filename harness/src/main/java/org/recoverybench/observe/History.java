package org.recoverybench.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The timestamped history of a trial, one JSON object per line, flushed at every event so that a
 * crash of the harness keeps what happened up to it.
 */
public final class History implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BufferedWriter out;
  private final List<HistoryEvent> events = new ArrayList<>();
  private boolean closed;

  public History(Path file) {
    try {
      Files.createDirectories(file.getParent());
      this.out =
          Files.newBufferedWriter(
              file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the history " + file + ": " + e.getMessage(), e);
    }
  }

  /** Records an event now. */
  public HistoryEvent record(String type, Object... keyValues) {
    return add(HistoryEvent.of(System.currentTimeMillis(), type, keyValues));
  }

  public synchronized HistoryEvent add(HistoryEvent e) {
    if (closed) {
      return e; // a late event (a process that ended after the trial) is not written
    }
    events.add(e);
    try {
      Map<String, Object> line = new java.util.LinkedHashMap<>();
      line.put("ts", e.ts());
      line.put("type", e.type());
      line.putAll(e.data());
      out.write(JSON.writeValueAsString(line));
      out.newLine();
      out.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write the history: " + ex.getMessage(), ex);
    }
    return e;
  }

  public synchronized List<HistoryEvent> events() {
    return List.copyOf(events);
  }

  /** Reads a history file back. */
  @SuppressWarnings("unchecked")
  public static List<HistoryEvent> read(Path file) {
    List<HistoryEvent> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>(JSON.readValue(line, Map.class));
        long ts = ((Number) m.remove("ts")).longValue();
        String type = (String) m.remove("type");
        out.add(new HistoryEvent(ts, type, m));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public synchronized void close() {
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

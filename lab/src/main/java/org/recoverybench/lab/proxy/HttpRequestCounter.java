package org.recoverybench.lab.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the HTTP/1.x requests a client sends through the proxy, by method, from the request lines
 * in the byte stream ({@code PUT /bucket/key HTTP/1.1} at the start of the stream or of a line). A
 * request line may be split across chunks; each connection keeps the tail of its last chunk so that
 * it is counted once. Bodies are not parsed: a body that held a whole request line, CRLF-delimited,
 * would be miscounted, which checkpoint and S3 API bodies do not.
 */
public final class HttpRequestCounter {
  private static final Pattern REQUEST_LINE =
      Pattern.compile(
          "(GET|PUT|POST|HEAD|DELETE) /[^ \\r\\n]* HTTP/1\\.[01]\\r\\n(?:[A-Za-z0-9-]+: |\\r\\n)");
  private static final int CARRY = 4096;

  private final Map<String, AtomicLong> byMethod = new ConcurrentHashMap<>();

  /** The state of one connection's client-to-server stream. */
  public final class Stream {
    private String carry = "";

    /** Counts the request lines that end in these bytes. */
    public void accept(byte[] bytes, int offset, int length) {
      String chunk = new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
      String text = carry + chunk;
      // a match inside the carry alone was counted with the chunk before
      Matcher m = REQUEST_LINE.matcher(text);
      while (m.find()) {
        if (m.end() > carry.length()) {
          byMethod.computeIfAbsent(m.group(1), k -> new AtomicLong()).incrementAndGet();
        }
      }
      carry = text.substring(Math.max(0, text.length() - CARRY));
    }
  }

  public Stream stream() {
    return new Stream();
  }

  /** Requests counted so far, by method, in method order. */
  public Map<String, Long> byMethod() {
    Map<String, Long> m = new TreeMap<>();
    byMethod.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  public long total() {
    return byMethod.values().stream().mapToLong(AtomicLong::get).sum();
  }
}

package org.recoverybench.lab.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRequestCounterTest {
  private static void send(HttpRequestCounter.Stream s, String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    s.accept(b, 0, b.length);
  }

  @Test
  void countsEachRequestLineOnceAcrossChunkBordersAndKeepAliveRequests() {
    HttpRequestCounter c = new HttpRequestCounter();
    HttpRequestCounter.Stream s = c.stream();
    send(
        s,
        "PUT /recoverybench/flink/chk-1/_metadata HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n");
    send(s, "hello");
    // the next request line is split in the middle of the method
    send(s, "GE");
    send(s, "T /recoverybench?list-type=2&prefix=flink HTTP/1.1\r\nHost: x\r\n\r\n");
    send(s, "HEAD /recoverybench/a HTTP/1.1\r\n\r\nDELETE /recoverybench/a HTTP/1.1\r\n\r\n");
    assertThat(c.byMethod()).isEqualTo(Map.of("DELETE", 1L, "GET", 1L, "HEAD", 1L, "PUT", 1L));
    assertThat(c.total()).isEqualTo(4);
  }

  @Test
  void aRequestLineInsideABodyLineIsNotCounted() {
    HttpRequestCounter c = new HttpRequestCounter();
    HttpRequestCounter.Stream s = c.stream();
    send(s, "PUT /b/k HTTP/1.1\r\nContent-Length: 40\r\n\r\nxx GET /b/k HTTP/1.1\r\n padding.....");
    assertThat(c.total()).isEqualTo(1);
  }

  @Test
  void twoConnectionsAreCountedIntoOneTotal() {
    HttpRequestCounter c = new HttpRequestCounter();
    send(c.stream(), "GET /b/1 HTTP/1.1\r\n\r\n");
    send(c.stream(), "GET /b/2 HTTP/1.1\r\n\r\n");
    assertThat(c.byMethod()).isEqualTo(Map.of("GET", 2L));
  }
}

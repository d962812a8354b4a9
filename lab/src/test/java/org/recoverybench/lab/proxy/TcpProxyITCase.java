package org.recoverybench.lab.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy between a real client socket and a real echo server on 127.0.0.1. */
class TcpProxyITCase {
  private ServerSocket echo;
  private final AtomicLong echoed = new AtomicLong();
  private TcpProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket s = echo.accept();
                  Thread h =
                      new Thread(
                          () -> {
                            try (s;
                                InputStream in = s.getInputStream();
                                OutputStream out = s.getOutputStream()) {
                              byte[] b = new byte[8192];
                              int n;
                              while ((n = in.read(b)) >= 0) {
                                echoed.addAndGet(n);
                                out.write(b, 0, n);
                              }
                            } catch (IOException e) {
                              // the client went away
                            }
                          });
                  h.setDaemon(true);
                  h.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  private static byte[] roundTrip(int port, byte[] data) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      Thread writer =
          new Thread(
              () -> {
                try {
                  s.getOutputStream().write(data);
                  s.shutdownOutput();
                } catch (IOException e) {
                  // seen by the reader
                }
              });
      writer.start();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      s.getInputStream().transferTo(got);
      return got.toByteArray();
    }
  }

  @Test
  void forwardsEveryByteBothWaysAndPassesTheHalfClose() throws IOException {
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(data);
    assertThat(roundTrip(proxy.port(), data)).isEqualTo(data);
    proxy.latency(Duration.ofMillis(20)); // delayed, still whole and in order
    assertThat(roundTrip(proxy.port(), data)).isEqualTo(data);
    assertThat(proxy.accepted()).isEqualTo(2);
  }

  @Test
  void downResetsOpenConnectionsAndRefusesNewOnesUntilUp() throws Exception {
    Socket open = new Socket("127.0.0.1", proxy.port());
    open.setSoTimeout(30_000);
    open.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
    byte[] five = open.getInputStream().readNBytes(5);
    assertThat(new String(five, StandardCharsets.US_ASCII)).isEqualTo("hello");

    proxy.down();
    assertThat(proxy.isUp()).isFalse();
    assertThatThrownBy(() -> open.getInputStream().read())
        .as("the open connection is reset")
        .isInstanceOf(java.net.SocketException.class)
        .hasMessage("Connection reset");
    assertThatThrownBy(() -> new Socket("127.0.0.1", proxy.port()).close())
        .isInstanceOf(ConnectException.class);
    open.close();

    proxy.up();
    assertThat(roundTrip(proxy.port(), "again".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("again".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aTapRunsOnceBeforeTheMatchingBytesGoOn() throws Exception {
    AtomicReference<String> matched = new AtomicReference<>();
    AtomicLong echoedAtTap = new AtomicLong(-1);
    proxy.tap(
        Pattern.compile("PUT /bucket/p/temp[ ?]"),
        m -> {
          matched.set(m);
          echoedAtTap.set(echoed.get());
        });
    String first = "GET /bucket/p/checkpoint-1 HTTP/1.1\r\n\r\n";
    String second = "PUT /bucket/p/temp HTTP/1.1\r\n\r\nbody";
    String third = "PUT /bucket/p/temp HTTP/1.1\r\n\r\n";
    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(first.getBytes(StandardCharsets.US_ASCII));
      in.readNBytes(first.length());
      out.write(second.getBytes(StandardCharsets.US_ASCII));
      in.readNBytes(second.length());
      out.write(third.getBytes(StandardCharsets.US_ASCII));
      in.readNBytes(third.length());
    }
    assertThat(matched.get()).isEqualTo("PUT /bucket/p/temp ");
    assertThat(echoedAtTap.get())
        .as("the server had only the bytes before")
        .isEqualTo(first.length());
  }
}

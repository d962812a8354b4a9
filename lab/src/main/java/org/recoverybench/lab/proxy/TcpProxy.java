package org.recoverybench.lab.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recoverybench.lab.LabException;
import org.recoverybench.process.Ports;

/**
 * A TCP proxy on 127.0.0.1 in front of one upstream server (the lab's S3 server), that a harness
 * controls while engines talk through it. It forwards bytes unchanged, so signed HTTP requests stay
 * valid. Three controls:
 *
 * <ul>
 *   <li>{@link #down()}: the server is unreachable: every open connection is reset (RST) and the
 *       listening socket is closed, so new connections are refused; {@link #up()} listens again on
 *       the same port;
 *   <li>{@link #latency(Duration)}: every chunk of bytes, in both directions, is delivered this
 *       long after it arrived (pipelined: added latency, not a bandwidth cap);
 *   <li>{@link #tap(Pattern, Consumer)}: once, when the bytes a client sends match a pattern (for
 *       example an HTTP request line {@code PUT /bucket/prefix/temp}), an action runs before those
 *       bytes are forwarded, so that a harness can act while that request is in flight.
 * </ul>
 *
 * Written on java.nio channels (blocking mode), two pump threads per direction and connection: one
 * reads and stamps chunks, one delivers them when due.
 */
public final class TcpProxy implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;
  private static final int TAP_CARRY = 512;

  private final String upstreamHost;
  private final int upstreamPort;
  private final int port;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refusedWhileDown = new AtomicLong();
  private final AtomicReference<Tap> tap = new AtomicReference<>();
  private final HttpRequestCounter requests = new HttpRequestCounter();
  private volatile long latencyNanos;
  private volatile boolean closed;
  private ServerSocketChannel server;
  private Thread acceptor;

  private record Tap(Pattern pattern, Consumer<String> action) {}

  private TcpProxy(String upstreamHost, int upstreamPort, int port) {
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
    this.port = port;
  }

  /** Starts a proxy on a free port of 127.0.0.1 that forwards to {@code host:port}. */
  public static TcpProxy start(String upstreamHost, int upstreamPort) {
    TcpProxy p = new TcpProxy(upstreamHost, upstreamPort, Ports.free());
    p.up();
    return p;
  }

  /** A proxy in front of an {@code http://host:port} endpoint. */
  public static TcpProxy forEndpoint(String httpEndpoint) {
    java.net.URI u = java.net.URI.create(httpEndpoint);
    if (u.getHost() == null || u.getPort() < 0) {
      throw new LabException("cannot proxy '" + httpEndpoint + "': it needs a host and a port");
    }
    return start(u.getHost(), u.getPort());
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://" + Ports.LOOPBACK + ":" + port;
  }

  /** Connections accepted so far. */
  public long accepted() {
    return accepted.get();
  }

  /** Connections open now. */
  public int open() {
    return connections.size();
  }

  public boolean isUp() {
    ServerSocketChannel s = server;
    return s != null && s.isOpen();
  }

  /** Listens (again) on the proxy's port. */
  public synchronized void up() {
    if (closed) {
      throw new LabException("the proxy on port " + port + " is closed");
    }
    if (isUp()) {
      return;
    }
    try {
      ServerSocketChannel s = ServerSocketChannel.open();
      s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      s.bind(new InetSocketAddress(Ports.LOOPBACK, port));
      server = s;
      acceptor = new Thread(() -> acceptLoop(s), "tcp-proxy-accept-" + port);
      acceptor.setDaemon(true);
      acceptor.start();
    } catch (IOException e) {
      throw new LabException("the proxy cannot listen on port " + port + ": " + e.getMessage(), e);
    }
  }

  /** Resets every open connection and stops listening: clients get RST, then refused. */
  public synchronized void down() {
    ServerSocketChannel s = server;
    server = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing: nothing more to do
      }
    }
    for (Connection c : connections) {
      c.reset();
    }
    if (acceptor != null) {
      try {
        acceptor.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Delivers every chunk this long after it arrived; zero for none. */
  public void latency(Duration d) {
    latencyNanos = d.toNanos();
  }

  public Duration latency() {
    return Duration.ofNanos(latencyNanos);
  }

  /**
   * Once, when bytes from a client match {@code pattern} (decoded as ISO-8859-1, across chunk
   * borders), runs {@code action} with the match on the pump thread, before the bytes go on.
   * Replaces an earlier tap that has not fired.
   */
  public void tap(Pattern pattern, Consumer<String> action) {
    tap.set(new Tap(pattern, action));
  }

  /** The HTTP requests clients have sent through the proxy so far (for S3: its request count). */
  public HttpRequestCounter requests() {
    return requests;
  }

  /** Removes a tap that has not fired. */
  public void untap() {
    tap.set(null);
  }

  private void acceptLoop(ServerSocketChannel s) {
    while (s.isOpen()) {
      SocketChannel client;
      try {
        client = s.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!s.isOpen()) {
          return;
        }
        continue;
      }
      accepted.incrementAndGet();
      SocketChannel upstream;
      try {
        upstream = SocketChannel.open(new InetSocketAddress(upstreamHost, upstreamPort));
      } catch (IOException e) {
        refusedWhileDown.incrementAndGet();
        abort(client);
        continue;
      }
      Connection c = new Connection(client, upstream);
      connections.add(c);
      c.start();
    }
  }

  private static void abort(SocketChannel ch) {
    try {
      ch.setOption(StandardSocketOptions.SO_LINGER, 0); // close with RST
    } catch (IOException ignored) {
      // already closed
    }
    try {
      ch.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    down();
  }

  /** One client connection and its upstream connection. */
  private final class Connection {
    private final SocketChannel client;
    private final SocketChannel upstream;
    private final AtomicLong ends = new AtomicLong();

    Connection(SocketChannel client, SocketChannel upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void start() {
      pump(client, upstream, true);
      pump(upstream, client, false);
    }

    private void pump(SocketChannel from, SocketChannel to, boolean fromClient) {
      BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();
      Object[] eof = new Object[0];
      Thread reader =
          new Thread(
              () -> {
                StringBuilder carry = new StringBuilder();
                HttpRequestCounter.Stream counted = fromClient ? requests.stream() : null;
                try {
                  while (true) {
                    ByteBuffer b = ByteBuffer.allocate(CHUNK);
                    int n = from.read(b);
                    if (n < 0) {
                      break;
                    }
                    b.flip();
                    if (fromClient && tap.get() != null) {
                      carry = checkTap(carry, b);
                    }
                    if (counted != null) {
                      counted.accept(b.array(), 0, b.limit());
                    }
                    queue.put(new Object[] {System.nanoTime() + latencyNanos, b});
                  }
                } catch (IOException | InterruptedException e) {
                  // the connection ended or was reset
                }
                queue.add(eof);
              },
              "tcp-proxy-read-" + port);
      Thread writer =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Object[] item = queue.take();
                    if (item == eof) {
                      break;
                    }
                    long wait = (Long) item[0] - System.nanoTime();
                    if (wait > 0) {
                      TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    ByteBuffer b = (ByteBuffer) item[1];
                    while (b.hasRemaining()) {
                      to.write(b);
                    }
                  }
                  to.shutdownOutput(); // pass the half-close on
                } catch (IOException | InterruptedException e) {
                  reset();
                }
                if (ends.incrementAndGet() == 2) {
                  closeBoth();
                }
              },
              "tcp-proxy-write-" + port);
      reader.setDaemon(true);
      writer.setDaemon(true);
      reader.start();
      writer.start();
    }

    private StringBuilder checkTap(StringBuilder carry, ByteBuffer b) {
      String text = carry + new String(b.array(), 0, b.limit(), StandardCharsets.ISO_8859_1);
      Tap t = tap.get();
      if (t != null) {
        Matcher m = t.pattern().matcher(text);
        if (m.find() && tap.compareAndSet(t, null)) {
          t.action().accept(m.group());
        }
      }
      return new StringBuilder(text.substring(Math.max(0, text.length() - TAP_CARRY)));
    }

    void reset() {
      abort(client);
      abort(upstream);
      connections.remove(this);
    }

    private void closeBoth() {
      try {
        client.close();
      } catch (IOException ignored) {
        // already closed
      }
      try {
        upstream.close();
      } catch (IOException ignored) {
        // already closed
      }
      connections.remove(this);
    }
  }
}

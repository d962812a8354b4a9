package org.recoverybench.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback ports: finding free ones, checking fixed ones, probing listeners. */
public final class Ports {
  public static final String LOOPBACK = "127.0.0.1";

  private Ports() {}

  /** A port that is free on 127.0.0.1 now. */
  public static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new ProcessException("cannot find a free port on " + LOOPBACK + ": " + e.getMessage());
    }
  }

  /**
   * Returns {@code port} if it is free, or a free port if it is 0; fails with one line if taken.
   */
  public static int claim(int port, String forWhat) {
    if (port == 0) {
      return free();
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
      return port;
    } catch (IOException e) {
      throw new ProcessException(
          "port " + port + " on " + LOOPBACK + " is already in use (wanted by " + forWhat + ")");
    }
  }

  /** Whether something accepts TCP connections on 127.0.0.1:port. */
  public static boolean isListening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(LOOPBACK, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

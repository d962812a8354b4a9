package org.recoverybench.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets a process listens on, read from Linux's {@code /proc}: the socket inodes among
 * its open files, looked up in {@code /proc/net/tcp} and {@code /proc/net/tcp6}.
 */
final class ListeningSockets {
  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  static List<InetSocketAddress> of(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor was closed while we listed them: not a listening socket
        }
      }
    }
    List<InetSocketAddress> out = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && LISTEN.equals(f[3]) && inodes.contains(f[9])) {
          out.add(address(f[1]));
        }
      }
    }
    return out;
  }

  /** {@code 0100007F:1F90} (or 32 hex digits for IPv6), each 32-bit word little-endian. */
  static InetSocketAddress address(String hex) throws IOException {
    String[] parts = hex.split(":");
    byte[] raw = HexFormat.of().parseHex(parts[0]);
    byte[] addr = new byte[raw.length];
    for (int word = 0; word < raw.length; word += 4) {
      for (int i = 0; i < 4; i++) {
        addr[word + i] = raw[word + 3 - i];
      }
    }
    // an IPv4-mapped IPv6 address comes back as the IPv4 address
    return new InetSocketAddress(InetAddress.getByAddress(addr), Integer.parseInt(parts[1], 16));
  }
}

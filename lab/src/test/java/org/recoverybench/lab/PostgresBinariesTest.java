package org.recoverybench.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where the PostgreSQL binaries are unpacked: only into a directory of this user that no one else
 * can write, and only ever run as unpacked from this jar's archive.
 */
class PostgresBinariesTest {
  private static final Path D = Path.of("/some/dir");
  private static final byte[] ARCHIVE = PostgresBinaries.archive();

  @Test
  void theTargetMustBeOwnedByThisUserAndWritableByNoOneElse() {
    assertThat(OwnedDirs.problem(D, 1000, 0755, 1000, true)).isEmpty();
    assertThat(OwnedDirs.problem(D, 1000, 0700, 1000, true)).isEmpty();
    assertThat(OwnedDirs.problem(D, 1001, 0755, 1000, true))
        .hasValue("/some/dir is owned by uid 1001, not by this user (1000)");
    // owned by root is not enough for the directory itself when this user is not root
    assertThat(OwnedDirs.problem(D, 0, 0755, 1000, true)).isPresent();
    assertThat(OwnedDirs.problem(D, 1000, 0775, 1000, true))
        .hasValue("/some/dir is writable by its group or others (mode 0775)");
    assertThat(OwnedDirs.problem(D, 1000, 0757, 1000, true)).isPresent();
    // the sticky bit does not make a shared target acceptable
    assertThat(OwnedDirs.problem(D, 1000, 01777, 1000, true)).isPresent();
  }

  @Test
  void aDirectoryAboveMayBeRootsOrStickyButNotAnotherUsersOrSharedWritable() {
    assertThat(OwnedDirs.problem(D, 0, 0755, 1000, false)).isEmpty();
    assertThat(OwnedDirs.problem(D, 1000, 0755, 1000, false)).isEmpty();
    assertThat(OwnedDirs.problem(D, 0, 01777, 1000, false)).isEmpty(); // like /tmp
    assertThat(OwnedDirs.problem(D, 1001, 0755, 1000, false))
        .hasValue("/some/dir is owned by uid 1001, neither this user nor root");
    assertThat(OwnedDirs.problem(D, 0, 0777, 1000, false))
        .hasValue(
            "/some/dir is writable by its group or others without the sticky bit (mode 0777)");
    assertThat(OwnedDirs.problem(D, 1000, 0770, 1000, false)).isPresent();
  }

  @Test
  void theCheckReadsRealDirectories() throws Exception {
    Path base = fresh("owned");
    Path mine = Files.createDirectory(base.resolve("mine"));
    Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwxr-xr-x"));
    OwnedDirs.check(mine);

    Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwxrwxr-x"));
    assertThatThrownBy(() -> OwnedDirs.check(mine))
        .isInstanceOf(LabException.class)
        .hasMessageContaining("writable by its group or others (mode 0775)");

    // a directory below a shared-writable one (no sticky bit) is refused too
    Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path below = Files.createDirectory(mine.resolve("below"));
    Files.setPosixFilePermissions(below, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> OwnedDirs.check(below))
        .isInstanceOf(LabException.class)
        .hasMessageContaining(mine.toRealPath() + " is writable by its group or others without");

    // a symbolic link where the directory should be is refused
    Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path link = Files.createSymbolicLink(base.resolve("link"), below);
    assertThatThrownBy(() -> OwnedDirs.check(link))
        .isInstanceOf(LabException.class)
        .hasMessageContaining("symbolic link");
  }

  @Test
  void unpacksOnceAndUnpacksAgainWhenAFileWasChanged() throws Exception {
    Path target = fresh("unpack").resolve("pgbin");
    Path bin = PostgresBinaries.unpack(ARCHIVE, target).resolve("bin").resolve("postgres");
    assertThat(bin).isExecutable();
    String marker = Files.readString(target.resolve(PostgresBinaries.MARKER));
    assertThat(marker).startsWith("archive-sha256 ").contains("\ntree-sha256 ");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rwxr-xr-x");
    long size = Files.size(bin);

    // a second call keeps the tree as it is
    Object inode = inode(bin);
    PostgresBinaries.unpack(ARCHIVE, target);
    assertThat(inode(bin)).isEqualTo(inode);

    // a binary whose content changed after the unpack (same mode) is noticed and unpacked again
    var perms = Files.getPosixFilePermissions(bin);
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
    Files.writeString(bin, "#!/bin/sh\necho planted\n");
    Files.setPosixFilePermissions(bin, perms);
    PostgresBinaries.unpack(ARCHIVE, target);
    assertThat(inode(bin)).isNotEqualTo(inode);
    assertThat(Files.size(bin)).isEqualTo(size);
    assertThat(Files.readString(target.resolve(PostgresBinaries.MARKER))).isEqualTo(marker);

    // an extra file planted in the tree changes the digest the marker is checked against
    String digest = PostgresBinaries.treeDigest(target);
    Path extra = Files.writeString(target.resolve("bin").resolve("extra"), "x");
    assertThat(PostgresBinaries.treeDigest(target)).isNotEqualTo(digest);
    Files.delete(extra);
    assertThat(PostgresBinaries.treeDigest(target)).isEqualTo(digest);
  }

  @Test
  void theCacheDirectoryIsCreatedPrivateAndAnExistingSharedOneIsRefusedNotRepaired()
      throws Exception {
    Path base = fresh("cache");
    Path created = PostgresBinaries.ownedDir(base.resolve("cache"), "rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
        .isEqualTo("rwx------");
    Path planted = Files.createDirectory(base.resolve("planted"));
    Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> PostgresBinaries.ownedDir(planted, "rwx------"))
        .isInstanceOf(LabException.class)
        .hasMessageContaining("writable by its group or others (mode 0777)");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(planted)))
        .isEqualTo("rwxrwxrwx");
  }

  @Test
  void refusesToUnpackIntoAnotherUsersOrASharedDirectory() throws Exception {
    Path shared = fresh("shared");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> PostgresBinaries.unpack(new byte[0], shared.resolve("pgbin")))
        .isInstanceOf(LabException.class)
        .hasMessageContaining("refusing to use");
    assertThat(shared.resolve("pgbin")).doesNotExist();
    assertThat(Optional.ofNullable(shared.toFile().list()).map(a -> a.length)).hasValue(0);
  }

  private static Object inode(Path p) throws Exception {
    return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
  }

  private static Path fresh(String name) throws Exception {
    Path t = Path.of("target").toAbsolutePath();
    Files.createDirectories(t);
    Path dir = Files.createTempDirectory(t, "pgbin-test-" + name + "-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }
}

package org.recoverybench.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's ZooKeeper configuration: loopback only, no AdminServer, sessions as short as 1 s. */
class ZooKeeperServerTest {
  @TempDir Path dir;

  @Test
  void bindsLoopbackWithoutTheAdminServerAndAllowsShortSessions() {
    ZooKeeperServer zk = new ZooKeeperServer(dir, 21810);
    String cfg = zk.config();
    assertThat(cfg)
        .contains("clientPort=21810\n")
        .contains("clientPortAddress=127.0.0.1\n")
        .contains("admin.enableServer=false\n")
        .contains("4lw.commands.whitelist=ruok,srvr\n")
        .contains("tickTime=500\n")
        .contains("minSessionTimeout=1000\n")
        .contains("dataDir=" + dir.resolve("data").toAbsolutePath() + "\n");
    assertThat(zk.connectString()).isEqualTo("127.0.0.1:21810");
  }
}

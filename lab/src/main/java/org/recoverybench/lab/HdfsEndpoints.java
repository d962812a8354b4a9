package org.recoverybench.lab;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the lab's HDFS listens: the NameNode's RPC address as a file system URI, and its HTTP
 * address (WebHDFS), both on 127.0.0.1.
 *
 * @param uri e.g. {@code hdfs://127.0.0.1:40123}
 * @param webUrl e.g. {@code http://127.0.0.1:40124}
 */
public record HdfsEndpoints(String uri, String webUrl) {
  /**
   * The client settings both engines get for {@code hdfs://} checkpoints, and that the results
   * record. One DataNode: replication 1 (the default of 3 leaves every block under-replicated). The
   * HDFS client waits {@code locateFollowingBlock.initial.delay.ms} (400 ms by default) before it
   * asks whether a closed file's last block is complete; every checkpoint file pays it, so it is
   * set low.
   */
  public static final Map<String, String> CLIENT_SETTINGS = clientSettings();

  private static Map<String, String> clientSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("dfs.replication", "1");
    m.put("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "20");
    return java.util.Collections.unmodifiableMap(m);
  }

  /** A path on this HDFS as a URI: {@code hdfs://127.0.0.1:port/<path>}. */
  public String uri(String path) {
    return uri + "/" + (path.startsWith("/") ? path.substring(1) : path);
  }
}

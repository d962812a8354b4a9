package org.recoverybench.lab;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recoverybench.process.JavaCommand;
import org.recoverybench.process.Ports;
import org.recoverybench.process.ProcessSpec;

/**
 * A real ZooKeeper server in its own JVM ({@code ZooKeeperServerMain}, standalone), bound to
 * 127.0.0.1, with its data under the lab's work directory. Flink's JobManager high availability
 * ({@code settings.flink_ha: zookeeper}) elects its leader and keeps its job pointers here.
 *
 * <p>The AdminServer (an HTTP server on every interface, port 8080 by default) is switched off; the
 * health probe is the four-letter command {@code srvr}, the only one allowed besides {@code ruok}.
 */
public final class ZooKeeperServer extends ProcessService {
  public static final String MAIN_CLASS = "org.apache.zookeeper.server.ZooKeeperServerMain";

  /**
   * ZooKeeper's tick: sessions may be as short as two ticks, so a client may ask for a 1 s session
   * and a killed JobManager's leadership (an ephemeral node) goes when its session does.
   */
  static final int TICK_MS = 500;

  private final int port;
  private final Path lib;

  ZooKeeperServer(Path dir, int port) {
    super("zookeeper", dir);
    this.port = port;
    this.lib = Dist.lib("zookeeper");
  }

  /** The connect string a client uses, e.g. Flink's {@code high-availability.zookeeper.quorum}. */
  public String connectString() {
    return Ports.LOOPBACK + ":" + port;
  }

  public int port() {
    return port;
  }

  private Path configFile() {
    return dir.resolve("zoo.cfg");
  }

  @Override
  protected void prepare() {
    try {
      Files.createDirectories(dataDir());
      Files.writeString(configFile(), config());
      Files.writeString(dir.resolve("log4j2.properties"), LogConfigs.log4j2(logFile()));
    } catch (IOException e) {
      throw new LabException(
          "cannot write the zookeeper config in " + dir + ": " + e.getMessage(), e);
    }
  }

  String config() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("tickTime", Integer.toString(TICK_MS));
    c.put("initLimit", "10");
    c.put("syncLimit", "5");
    c.put("dataDir", dataDir().toAbsolutePath().toString());
    c.put("clientPort", Integer.toString(port));
    c.put("clientPortAddress", Ports.LOOPBACK);
    c.put("minSessionTimeout", Integer.toString(2 * TICK_MS));
    c.put("maxSessionTimeout", "60000");
    c.put("maxClientCnxns", "0");
    c.put("admin.enableServer", "false");
    c.put("4lw.commands.whitelist", "ruok,srvr");
    // snapshots and logs of a lab that lives for one run: keep few
    c.put("autopurge.snapRetainCount", "3");
    c.put("autopurge.purgeInterval", "1");
    return propertiesText(c);
  }

  @Override
  protected ProcessSpec spec() {
    List<String> cmd =
        JavaCommand.main(MAIN_CLASS)
            .jvm(
                "-Xms64m",
                "-Xmx256m",
                "-Djava.awt.headless=true",
                "-Dzookeeper.admin.enableServer=false",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"))
            .classpathDir(lib)
            .args(configFile().toString())
            .build();
    return ProcessSpec.of(name, cmd, dir, dir.resolve(name + ".out"));
  }

  /**
   * {@code srvr} answered with the server's version: it serves requests ({@code ruok} answers
   * {@code imok} as soon as the port listens, even when the server failed to load its data).
   */
  @Override
  protected boolean probe() {
    String srvr = fourLetter("srvr");
    return srvr != null && srvr.startsWith("Zookeeper version:");
  }

  /**
   * Sends a four-letter command and returns the answer, or null when the server does not answer.
   */
  String fourLetter(String command) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(Ports.LOOPBACK, port), 1000);
      s.setSoTimeout(1000);
      s.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return null; // not up yet: the caller polls again until its deadline
    }
  }
}

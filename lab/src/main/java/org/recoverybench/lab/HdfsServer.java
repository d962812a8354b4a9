package org.recoverybench.lab;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.recoverybench.process.JavaCommand;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.ProcessSpec;

/**
 * A real HDFS of one NameNode and one DataNode, each in its own JVM from the jars that {@code
 * dist/hadoop} lays out. Both read {@code core-site.xml} and {@code hdfs-site.xml} from one conf
 * directory, which puts every address on 127.0.0.1 at ports the lab chose; the data lives under the
 * lab's work directory.
 */
public final class HdfsServer {
  public static final String NAMENODE_MAIN = "org.apache.hadoop.hdfs.server.namenode.NameNode";
  public static final String DATANODE_MAIN = "org.apache.hadoop.hdfs.server.datanode.DataNode";

  /** The ports of the two daemons. */
  public record Ports(
      int nameNodeRpc,
      int nameNodeHttp,
      int dataNode,
      int dataNodeHttp,
      int dataNodeIpc,
      int dataNodeProxy) {}

  private static final Pattern SAFEMODE_OFF = Pattern.compile("\"Safemode\"\\s*:\\s*\"\"");
  private final Path dir;
  private final Ports ports;
  private final Path lib;
  private final NameNode nameNode;
  private final DataNode dataNode;

  HdfsServer(Path dir, Ports ports) {
    this.dir = dir;
    this.ports = ports;
    this.lib = Dist.lib("hadoop");
    this.nameNode = new NameNode(dir);
    this.dataNode = new DataNode(dir);
  }

  public HdfsEndpoints endpoints() {
    return new HdfsEndpoints(
        "hdfs://127.0.0.1:" + ports.nameNodeRpc(), "http://127.0.0.1:" + ports.nameNodeHttp());
  }

  public LabService nameNode() {
    return nameNode;
  }

  public LabService dataNode() {
    return dataNode;
  }

  private Path conf() {
    return dir.resolve("conf");
  }

  private Path data() {
    return dir.resolve("data");
  }

  /** core-site.xml and hdfs-site.xml (written once; both daemons read them). */
  private synchronized void writeConf() {
    Map<String, String> core = new LinkedHashMap<>();
    core.put("fs.defaultFS", endpoints().uri());
    core.put("hadoop.tmp.dir", data().resolve("tmp").toString());
    Map<String, String> hdfs = new LinkedHashMap<>();
    hdfs.put("dfs.namenode.name.dir", "file://" + data().resolve("name"));
    hdfs.put("dfs.datanode.data.dir", "file://" + data().resolve("data"));
    hdfs.put("dfs.namenode.rpc-address", "127.0.0.1:" + ports.nameNodeRpc());
    hdfs.put("dfs.namenode.rpc-bind-host", "127.0.0.1");
    hdfs.put("dfs.namenode.servicerpc-bind-host", "127.0.0.1");
    hdfs.put("dfs.namenode.lifeline.rpc-bind-host", "127.0.0.1");
    hdfs.put("dfs.namenode.http-address", "127.0.0.1:" + ports.nameNodeHttp());
    hdfs.put("dfs.namenode.http-bind-host", "127.0.0.1");
    hdfs.put("dfs.namenode.https-address", "127.0.0.1:0");
    hdfs.put("dfs.namenode.https-bind-host", "127.0.0.1");
    hdfs.put("dfs.namenode.secondary.http-address", "127.0.0.1:0");
    hdfs.put("dfs.namenode.secondary.https-address", "127.0.0.1:0");
    hdfs.put("dfs.namenode.backup.address", "127.0.0.1:0");
    hdfs.put("dfs.namenode.backup.http-address", "127.0.0.1:0");
    hdfs.put("dfs.datanode.address", "127.0.0.1:" + ports.dataNode());
    hdfs.put("dfs.datanode.http.address", "127.0.0.1:" + ports.dataNodeHttp());
    hdfs.put("dfs.datanode.ipc.address", "127.0.0.1:" + ports.dataNodeIpc());
    hdfs.put("dfs.datanode.https.address", "127.0.0.1:0");
    hdfs.put("dfs.datanode.http.internal-proxy.port", Integer.toString(ports.dataNodeProxy()));
    hdfs.put("dfs.datanode.hostname", "127.0.0.1");
    hdfs.put("dfs.http.policy", "HTTP_ONLY");
    hdfs.put("dfs.permissions.enabled", "false");
    hdfs.put("dfs.webhdfs.enabled", "true");
    // one DataNode: nothing to wait for when the NameNode starts, and no re-replication
    hdfs.put("dfs.namenode.safemode.extension", "0");
    hdfs.put("dfs.namenode.safemode.min.datanodes", "0");
    hdfs.put("dfs.heartbeat.interval", "1");
    hdfs.put("dfs.namenode.datanode.registration.ip-hostname-check", "false");
    HdfsEndpoints.CLIENT_SETTINGS.forEach(hdfs::put);
    try {
      Files.createDirectories(conf());
      Files.createDirectories(data());
      Files.writeString(conf().resolve("core-site.xml"), siteXml(core));
      Files.writeString(conf().resolve("hdfs-site.xml"), siteXml(hdfs));
      Files.writeString(conf().resolve("log4j.properties"), log4j());
      // The daemons' HTTP servers (JMX, WebHDFS) look for webapps/<name> on the classpath. The
      // Maven jars of hadoop-hdfs leave the web UI's files out, so empty web apps stand in (the
      // conf directory is on the classpath): no web UI, but JMX and WebHDFS answer.
      for (String app : List.of("hdfs", "datanode")) {
        Files.createDirectories(conf().resolve("webapps").resolve(app).resolve("WEB-INF"));
      }
    } catch (IOException e) {
      throw new LabException(
          "cannot write the HDFS config in " + conf() + ": " + e.getMessage(), e);
    }
  }

  static String siteXml(Map<String, String> props) {
    StringBuilder sb =
        new StringBuilder("<?xml version=\"1.0\"?>\n<!-- written by recoverybench -->\n");
    sb.append("<configuration>\n");
    props.forEach(
        (k, v) ->
            sb.append("  <property><name>")
                .append(k)
                .append("</name><value>")
                .append(v)
                .append("</value></property>\n"));
    return sb.append("</configuration>\n").toString();
  }

  private static String log4j() {
    return String.join(
        "\n",
        "log4j.rootLogger=INFO, console",
        "log4j.appender.console=org.apache.log4j.ConsoleAppender",
        "log4j.appender.console.layout=org.apache.log4j.PatternLayout",
        "log4j.appender.console.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{1}: %m%n",
        "log4j.logger.org.apache.hadoop.hdfs.StateChange=WARN",
        "log4j.logger.BlockStateChange=WARN",
        "");
  }

  private List<String> command(String main, String heap, String... args) {
    return JavaCommand.main(main)
        .jvm(
            "-Xmx" + heap,
            "-XX:+UseSerialGC",
            "-Djava.net.preferIPv4Stack=true",
            "-Dhadoop.log.dir=" + dir.resolve("logs"),
            "-Dhadoop.home.dir=" + dir,
            "-Dlog4j.configuration=file:" + conf().resolve("log4j.properties"))
        .classpath(conf().toString())
        .classpathDir(lib)
        .args(args)
        .build();
  }

  /** One JMX bean of the NameNode's HTTP server, as text; empty when it does not answer. */
  String nameNodeJmx(String bean) {
    return get(endpoints().webUrl() + "/jmx?qry=Hadoop:service=NameNode,name=" + bean);
  }

  static String get(String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      try {
        if (c.getResponseCode() != 200) {
          return "";
        }
        return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return "";
    }
  }

  static long number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(-?\\d+)").matcher(json);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * The NameNode: formatted on its first start, healthy once it answers and is out of safe mode.
   */
  private final class NameNode extends ProcessService {
    NameNode(Path home) {
      super("hdfs-namenode", home);
    }

    @Override
    protected void prepare() {
      writeConf();
      if (Files.exists(data().resolve("name/current/VERSION"))) {
        return; // formatted by an earlier start; keep the data
      }
      ManagedProcess p =
          ManagedProcess.start(
              ProcessSpec.of(
                  "hdfs-format",
                  command(NAMENODE_MAIN, "256m", "-format", "-nonInteractive", "-force"),
                  dir,
                  dir.resolve("format.log")));
      if (!p.awaitExit(Duration.ofSeconds(90)) || p.exitCode().orElse(-1) != 0) {
        p.kill9();
        throw new LabException(
            "formatting the HDFS NameNode failed (exit "
                + p.exitCode().orElse(-1)
                + "); see "
                + p.logFile());
      }
    }

    @Override
    protected ProcessSpec spec() {
      return ProcessSpec.of(name, command(NAMENODE_MAIN, "384m"), dir, logFile());
    }

    @Override
    protected boolean probe() {
      // out of safe mode: the bean's Safemode text is empty
      return SAFEMODE_OFF.matcher(nameNodeJmx("NameNodeInfo")).find();
    }

    @Override
    public Path dataDir() {
      return data().resolve("name");
    }
  }

  /** The DataNode: healthy once the NameNode counts it live with space to write. */
  private final class DataNode extends ProcessService {
    DataNode(Path home) {
      super("hdfs-datanode", home);
    }

    @Override
    protected void prepare() {
      writeConf();
    }

    @Override
    protected ProcessSpec spec() {
      return ProcessSpec.of(name, command(DATANODE_MAIN, "384m"), dir, logFile());
    }

    @Override
    protected boolean probe() {
      if (get("http://127.0.0.1:" + ports.dataNodeHttp() + "/jmx?qry=java.lang:type=Runtime")
          .isEmpty()) {
        return false;
      }
      String state = nameNodeJmx("FSNamesystemState");
      return number(state, "NumLiveDataNodes") >= 1 && number(state, "CapacityRemaining") > 0;
    }

    @Override
    public Path dataDir() {
      return data().resolve("data");
    }
  }
}

package org.recoverybench.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.recoverybench.process.JavaCommand;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.ProcessSpec;

/** A real Kafka broker in its own JVM: KRaft, one combined broker and controller node. */
public final class KafkaBroker extends ProcessService {
  public static final String MAIN_CLASS = "kafka.Kafka";
  private final int port;
  private final int controllerPort;
  private final Path lib;

  KafkaBroker(Path dir, int port, int controllerPort) {
    super("kafka", dir);
    this.port = port;
    this.controllerPort = controllerPort;
    this.lib = Dist.lib("kafka");
  }

  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  private Path propertiesFile() {
    return dir.resolve("server.properties");
  }

  @Override
  protected void prepare() {
    try {
      Files.createDirectories(dir);
      Files.writeString(propertiesFile(), serverProperties());
      Files.writeString(
          dir.resolve("log4j2.properties"), LogConfigs.log4j2(dir.resolve("broker.log")));
      if (Files.exists(dataDir().resolve("meta.properties"))) {
        return; // formatted by an earlier start; keep the data
      }
    } catch (IOException e) {
      throw new LabException("cannot write the kafka config in " + dir + ": " + e.getMessage(), e);
    }
    List<String> format =
        JavaCommand.main("kafka.tools.StorageTool")
            .jvm("-Xmx256m", "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"))
            .classpathDir(lib)
            .args(
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                propertiesFile().toString(),
                "--ignore-formatted")
            .build();
    ManagedProcess p =
        ManagedProcess.start(
            ProcessSpec.of("kafka-format", format, dir, dir.resolve("format.log")));
    if (!p.awaitExit(Duration.ofSeconds(60)) || p.exitCode().orElse(-1) != 0) {
      p.kill9();
      throw new LabException(
          "formatting the kafka storage failed (exit "
              + p.exitCode().orElse(-1)
              + "); see "
              + p.logFile());
    }
  }

  String serverProperties() {
    Map<String, String> props = new java.util.LinkedHashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", dataDir().toAbsolutePath().toString());
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "false");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "3");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "3");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // a restarted broker re-registers quickly instead of waiting out the old session
    props.put("broker.session.timeout.ms", "3000");
    props.put("broker.heartbeat.interval.ms", "500");
    return propertiesText(props);
  }

  @Override
  protected ProcessSpec spec() {
    List<String> cmd =
        JavaCommand.main(MAIN_CLASS)
            .jvm(
                "-Xms256m",
                "-Xmx512m",
                "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"))
            .classpathDir(lib)
            .args(propertiesFile().toString())
            .build();
    return ProcessSpec.of(name, cmd, dir, logFile());
  }

  @Override
  protected boolean probe() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
    try (Admin admin = Admin.create(p)) {
      return !admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(2000))
          .nodes()
          .get(3, TimeUnit.SECONDS)
          .isEmpty();
    } catch (Exception e) {
      return false; // not up yet: the caller polls again until its deadline
    }
  }
}

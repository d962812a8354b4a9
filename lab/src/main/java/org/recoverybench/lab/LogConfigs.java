package org.recoverybench.lab;

import java.nio.file.Path;

/** Logging configurations for the server JVMs, so their logs land in the run directory. */
final class LogConfigs {
  private LogConfigs() {}

  static String log4j2(Path file) {
    return String.join(
        "\n",
        "rootLogger.level=INFO",
        "rootLogger.appenderRef.file.ref=file",
        "appender.file.type=File",
        "appender.file.name=file",
        "appender.file.fileName=" + file.toAbsolutePath(),
        "appender.file.layout.type=PatternLayout",
        "appender.file.layout.pattern=%d{ISO8601} %-5p [%t] %c{1}: %m%n",
        "");
  }

  static String logback(Path file) {
    return String.join(
        "\n",
        "<configuration>",
        "  <appender name=\"file\" class=\"ch.qos.logback.core.FileAppender\">",
        "    <file>" + file.toAbsolutePath() + "</file>",
        "    <encoder><pattern>%d{ISO8601} %-5level [%thread] %logger{20}: %msg%n</pattern></encoder>",
        "  </appender>",
        "  <root level=\"INFO\"><appender-ref ref=\"file\"/></root>",
        "</configuration>",
        "");
  }
}

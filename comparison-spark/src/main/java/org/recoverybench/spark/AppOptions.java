package org.recoverybench.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the Spark app: {@code --name value} or {@code --name=value}. The secrets come
 * from the environment ({@code S3_SECRET_KEY}, {@code JDBC_PASSWORD}) or from files of mode 0600
 * ({@code --s3-secret-key-file}, {@code --jdbc-password-file}), never from the command line, so
 * that they show neither in a process listing nor in a log.
 */
public final class AppOptions {
  /** A bad command line; its message is one line for the user. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }

  public static final Set<String> VARIANTS =
      Set.of("as-written", "recoverable", "transactional", "structured", "structured-idempotent");
  public static final Set<String> SINK_MODES = Set.of("append", "upsert", "exactly-once");

  /** The most keys the stateful pipeline takes, as {@code workload.keys} does. */
  public static final long MAX_KEYS = 10_000_000L;

  private record Opt(String name, String env, String defaultValue, String help) {}

  private static final List<Opt> OPTS =
      List.of(
          new Opt("bootstrap", "KAFKA_BOOTSTRAP", "localhost:9092", "Kafka bootstrap servers"),
          new Opt("topic", null, "my-topic", "the topic to read"),
          new Opt("group-id", null, "spark-streaming-group", "the consumer group.id"),
          new Opt(
              "auto-offset-reset",
              null,
              null,
              "earliest|latest|none; unset as in the original, so Kafka's default (latest) applies"),
          new Opt(
              "session-timeout-ms",
              null,
              null,
              "consumer session.timeout.ms; unset = Kafka's default (45000)"),
          new Opt(
              "heartbeat-interval-ms",
              null,
              null,
              "consumer heartbeat.interval.ms; unset = Kafka's default (3000)"),
          new Opt(
              "checkpoint-dir", null, null, "required: checkpoint directory, e.g. s3a://bucket/p"),
          new Opt("batch-seconds", null, "5", "the batch interval in seconds"),
          new Opt(
              "variant",
              null,
              "as-written",
              "as-written|recoverable|transactional (DStream); structured|structured-idempotent"
                  + " (Structured Streaming, foreachBatch)"),
          new Opt(
              "sink-mode",
              null,
              null,
              "append|upsert (as-written, recoverable, structured; default append);"
                  + " transactional and structured-idempotent always write exactly-once"),
          new Opt("run-id", null, "run", "the run_id written with every row"),
          new Opt(
              "on-parse-error",
              null,
              "fail",
              "fail (the batch fails and the app stops, as the original) or dead-letter (the"
                  + " record goes to sink_dead_letters in the same transaction)"),
          new Opt("incarnation", null, "1", "which start of the driver this is, written per row"),
          new Opt("master", null, "local[2]", "the Spark master"),
          new Opt("jdbc-url", "JDBC_URL", null, "required: the sink's JDBC url"),
          new Opt("jdbc-user", "JDBC_USER", "postgres", "the sink's user"),
          new Opt(
              "jdbc-password-file",
              null,
              null,
              "a file of mode 0600 holding the sink's password; the tasks carry its path and"
                  + " every executor reads it (default: the variable JDBC_PASSWORD)"),
          new Opt(
              "s3-endpoint", "S3_ENDPOINT", null, "S3 endpoint (s3a), e.g. http://127.0.0.1:9000"),
          new Opt("s3-region", "S3_REGION", "us-east-1", "S3 region"),
          new Opt("s3-access-key", "S3_ACCESS_KEY", null, "S3 access key (better: env)"),
          new Opt(
              "s3-secret-key-file",
              null,
              null,
              "a file of mode 0600 holding the S3 secret key (default: the variable"
                  + " S3_SECRET_KEY)"),
          new Opt(
              "max-rate-per-partition",
              null,
              null,
              "spark.streaming.kafka.maxRatePerPartition, records/s (unset = no limit)"),
          new Opt(
              "upgrade-extra-operator",
              null,
              "false",
              "true: an upgraded version of the app, with one more operator (a per-batch count of"
                  + " each partition, logged as RB-EXTRA-OPERATOR)"),
          new Opt(
              "keys",
              null,
              "0",
              "a stateful pipeline (mapWithState): record id i carries key i % keys, and each"
                  + " key's count, sum, last id and --state-bytes of payload are kept in Spark's"
                  + " state and upserted into sink_state; 0 = the original, stateless app"),
          new Opt("state-bytes", null, "0", "with --keys: bytes of incompressible payload per key"),
          new Opt(
              "state-checkpoint-seconds",
              null,
              null,
              "with --keys: the state DStream's checkpoint interval, a multiple of"
                  + " --batch-seconds (unset = Spark's default, 10 x the batch interval)"),
          new Opt("conf", null, null, "a Spark setting key=value; repeatable"),
          new Opt("host", null, "127.0.0.1", "the address the driver binds and advertises"),
          new Opt("driver-port", null, "0", "spark.driver.port (0 = any free port)"),
          new Opt("block-manager-port", null, "0", "spark.blockManager.port (0 = any free port)"));

  /** Options that would put a secret on the command line, and the variable to use instead. */
  private static final Map<String, String> REFUSED =
      Map.of("jdbc-password", "JDBC_PASSWORD", "s3-secret-key", "S3_SECRET_KEY");

  private final Map<String, String> values;
  private final Map<String, String> sparkConf;
  private SecretRef jdbcPassword;
  private SecretRef s3SecretKey;

  private AppOptions(Map<String, String> values, Map<String, String> sparkConf) {
    this.values = values;
    this.sparkConf = sparkConf;
  }

  public static String help() {
    StringBuilder sb =
        new StringBuilder(
            "Usage: java ... org.recoverybench.spark.SparkStreamingApp [--option value]...\n"
                + "The original Spark Streaming (DStream) app: Kafka -> foreachRDD -> PostgreSQL.\n");
    for (Opt o : OPTS) {
      sb.append(String.format("  --%-22s %s", o.name, o.help));
      if (o.defaultValue != null && !o.defaultValue.isEmpty()) {
        sb.append(" (default ").append(o.defaultValue).append(')');
      }
      if (o.env != null) {
        sb.append(" [env ").append(o.env).append(']');
      }
      sb.append('\n');
    }
    sb.append("  --help                   this text\n");
    return sb.toString();
  }

  public static boolean wantsHelp(String[] args) {
    return List.of(args).contains("--help") || List.of(args).contains("-h");
  }

  public static AppOptions parse(String[] args, Map<String, String> env) {
    Map<String, Opt> byName = new LinkedHashMap<>();
    OPTS.forEach(o -> byName.put(o.name, o));
    Map<String, String> given = new LinkedHashMap<>();
    Map<String, String> confs = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new UsageException("unexpected argument '" + a + "' (see --help)");
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else {
        if (i + 1 >= args.length) {
          throw new UsageException("option --" + name + " needs a value");
        }
        value = args[++i];
      }
      if (REFUSED.containsKey(name)) {
        throw new UsageException(
            "--"
                + name
                + " is refused: a secret on the command line shows in ps and in logs; set the"
                + " variable "
                + REFUSED.get(name)
                + " or give --"
                + name
                + "-file PATH (mode 0600)");
      }
      if (!byName.containsKey(name)) {
        throw new UsageException("unknown option --" + name + " (see --help)");
      }
      if (name.equals("conf")) {
        int kv = value.indexOf('=');
        if (kv <= 0) {
          throw new UsageException("--conf needs key=value, not '" + value + "'");
        }
        confs.put(value.substring(0, kv), value.substring(kv + 1));
        continue;
      }
      given.put(name, value);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Opt o : OPTS) {
      String v = given.get(o.name);
      if (v == null && o.env != null) {
        v = env.get(o.env);
      }
      if (v == null) {
        v = o.defaultValue;
      }
      if (v != null) {
        values.put(o.name, v);
      }
    }
    AppOptions opts = new AppOptions(values, confs);
    opts.jdbcPassword =
        SecretRef.of(values.get("jdbc-password-file"), "JDBC_PASSWORD", "jdbc-password-file", env);
    opts.s3SecretKey =
        SecretRef.of(values.get("s3-secret-key-file"), "S3_SECRET_KEY", "s3-secret-key-file", env);
    opts.validate();
    return opts;
  }

  private void validate() {
    require("checkpoint-dir");
    require("jdbc-url");
    if (!VARIANTS.contains(variant())) {
      throw new UsageException(
          "--variant must be one of as-written, recoverable, transactional, structured,"
              + " structured-idempotent, not '"
              + variant()
              + "'");
    }
    String mode = sinkMode();
    if (exactlyOnceVariant()) {
      if (!mode.equals("exactly-once")) {
        throw new UsageException("the " + variant() + " variant writes exactly-once, not " + mode);
      }
    } else if (!mode.equals("append") && !mode.equals("upsert")) {
      throw new UsageException("--sink-mode must be append or upsert, not '" + mode + "'");
    }
    String reset = values.get("auto-offset-reset");
    if (reset != null && !Set.of("earliest", "latest", "none").contains(reset)) {
      throw new UsageException("--auto-offset-reset must be earliest, latest or none");
    }
    if (structured() && "none".equals(reset)) {
      throw new UsageException(
          "--auto-offset-reset none has no Structured Streaming equivalent (startingOffsets is"
              + " earliest or latest)");
    }
    if (!Set.of("fail", "dead-letter").contains(onParseError())) {
      throw new UsageException(
          "--on-parse-error must be fail or dead-letter, not '" + onParseError() + "'");
    }
    positiveInt("batch-seconds");
    positiveInt("incarnation");
    nonNegativeInt("driver-port");
    nonNegativeInt("block-manager-port");
    if (values.containsKey("max-rate-per-partition")) {
      positiveInt("max-rate-per-partition");
    }
    if (values.containsKey("session-timeout-ms")) {
      positiveInt("session-timeout-ms");
    }
    if (values.containsKey("heartbeat-interval-ms")) {
      positiveInt("heartbeat-interval-ms");
    }
    validateState();
    if (checkpointDir().startsWith("s3a://")) {
      require("s3-endpoint");
      require("s3-access-key");
      if (!s3SecretKey.present()) {
        throw new UsageException(
            "the S3 secret key is required: set S3_SECRET_KEY or give --s3-secret-key-file PATH");
      }
    }
  }

  /** The stateful pipeline's options: keys, state bytes and the state checkpoint interval. */
  private void validateState() {
    long keys = longValue("keys");
    if (keys < 0 || keys > MAX_KEYS) {
      throw new UsageException("--keys must be between 0 and " + MAX_KEYS + ", not " + keys);
    }
    int bytes = nonNegativeInt("state-bytes");
    if (keys == 0) {
      if (bytes > 0) {
        throw new UsageException("--state-bytes needs --keys");
      }
      if (values.containsKey("state-checkpoint-seconds")) {
        throw new UsageException("--state-checkpoint-seconds needs --keys");
      }
      return;
    }
    if (structured()) {
      throw new UsageException(
          "--keys (the stateful pipeline) runs on the DStream variants (as-written, recoverable,"
              + " transactional), not on "
              + variant());
    }
    if (values.containsKey("state-checkpoint-seconds")) {
      int s = positiveInt("state-checkpoint-seconds");
      if (s % batchSeconds() != 0) {
        throw new UsageException(
            "--state-checkpoint-seconds must be a multiple of --batch-seconds ("
                + batchSeconds()
                + "), not "
                + s);
      }
    }
  }

  private void require(String name) {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      throw new UsageException("option --" + name + " is required (see --help)");
    }
  }

  private int positiveInt(String name) {
    int v = intValue(name);
    if (v <= 0) {
      throw new UsageException("--" + name + " must be a positive number, not " + v);
    }
    return v;
  }

  private int nonNegativeInt(String name) {
    int v = intValue(name);
    if (v < 0) {
      throw new UsageException("--" + name + " must be 0 or more, not " + v);
    }
    return v;
  }

  private long longValue(String name) {
    try {
      return Long.parseLong(values.get(name));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number, not '" + values.get(name) + "'");
    }
  }

  private int intValue(String name) {
    try {
      return Integer.parseInt(values.get(name));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number, not '" + values.get(name) + "'");
    }
  }

  /** Where the sink's password is (read it with {@link SecretRef#read}). */
  public SecretRef jdbcPassword() {
    return jdbcPassword;
  }

  /** Where the S3 secret key is. */
  public SecretRef s3SecretKey() {
    return s3SecretKey;
  }

  public String get(String name) {
    return values.get(name);
  }

  /** The {@code --conf key=value} settings, in order. */
  public Map<String, String> sparkConf() {
    return sparkConf;
  }

  public String bootstrap() {
    return values.get("bootstrap");
  }

  public String topic() {
    return values.get("topic");
  }

  public String groupId() {
    return values.get("group-id");
  }

  public String autoOffsetReset() {
    return values.get("auto-offset-reset");
  }

  public String checkpointDir() {
    return values.get("checkpoint-dir");
  }

  public int batchSeconds() {
    return intValue("batch-seconds");
  }

  public String variant() {
    return values.get("variant");
  }

  public String sinkMode() {
    String m = values.get("sink-mode");
    if (m == null) {
      return exactlyOnceVariant() ? "exactly-once" : "append";
    }
    return m;
  }

  /** Whether the variant is a Structured Streaming query (foreachBatch), not a DStream. */
  public boolean structured() {
    return variant().startsWith("structured");
  }

  /** The variants whose writes commit with their progress: they write exactly-once only. */
  private boolean exactlyOnceVariant() {
    return variant().equals("transactional") || variant().equals("structured-idempotent");
  }

  public String onParseError() {
    return values.get("on-parse-error");
  }

  public String runId() {
    return values.get("run-id");
  }

  public int incarnation() {
    return intValue("incarnation");
  }

  public String master() {
    return values.get("master");
  }

  public String host() {
    return values.get("host");
  }

  public boolean upgradeExtraOperator() {
    return Boolean.parseBoolean(values.get("upgrade-extra-operator"));
  }

  /** The number of keys of the stateful pipeline; 0 for the original, stateless app. */
  public long keys() {
    return longValue("keys");
  }

  /** Whether the pipeline keeps per-key state ({@code --keys} above 0). */
  public boolean stateful() {
    return keys() > 0;
  }

  /** The bytes of payload each key's state carries. */
  public int stateBytes() {
    return intValue("state-bytes");
  }

  /** The state DStream's checkpoint interval in seconds; 0 = Spark's default. */
  public int stateCheckpointSeconds() {
    String v = values.get("state-checkpoint-seconds");
    return v == null ? 0 : Integer.parseInt(v);
  }

  public int driverPort() {
    return intValue("driver-port");
  }

  public int blockManagerPort() {
    return intValue("block-manager-port");
  }
}

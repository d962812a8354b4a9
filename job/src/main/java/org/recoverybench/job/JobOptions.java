package org.recoverybench.job;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The job's command-line options. {@link #parse} turns any mistake into an {@link OptionsException}
 * with one line that names the option.
 */
@Command(
    name = "recoverybench-flink-job",
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "The Flink DataStream port of the Spark Streaming app: reads Kafka, logs a record count every"
          + " batch interval, and writes every record to PostgreSQL with its provenance."
          + " Checkpoints (RocksDB, incremental) go to --checkpoint-dir.",
      "Submit with: flink run recoverybench-flink-job.jar --bootstrap HOST:PORT --topic T"
          + " --jdbc-url jdbc:postgresql://... --checkpoint-dir s3://bucket/prefix [options]",
      ""
    })
public final class JobOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How the sink writes. */
  public enum SinkMode {
    APPEND("append"),
    UPSERT("upsert"),
    EXACTLY_ONCE("exactly-once");

    public final String label;

    SinkMode(String label) {
      this.label = label;
    }

    static SinkMode of(String s) {
      for (SinkMode m : values()) {
        if (m.label.equals(s)) {
          return m;
        }
      }
      throw new IllegalArgumentException("expected append, upsert or exactly-once");
    }
  }

  /** Where the source starts when the group has no checkpoint to restore from. */
  public enum StartingOffsets {
    COMMITTED_EARLIEST("committed-earliest"),
    COMMITTED_LATEST("committed-latest"),
    EARLIEST("earliest"),
    LATEST("latest");

    public final String label;

    StartingOffsets(String label) {
      this.label = label;
    }

    static StartingOffsets of(String s) {
      for (StartingOffsets m : values()) {
        if (m.label.equals(s)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "expected committed-earliest, committed-latest, earliest or latest");
    }
  }

  /** What a record that does not follow the event format does. */
  public enum OnParseError {
    FAIL("fail"),
    DEAD_LETTER("dead-letter");

    public final String label;

    OnParseError(String label) {
      this.label = label;
    }

    static OnParseError of(String s) {
      for (OnParseError m : values()) {
        if (m.label.equals(s)) {
          return m;
        }
      }
      throw new IllegalArgumentException("expected fail or dead-letter");
    }
  }

  /** Where a stateful job keeps its keyed state, and how it checkpoints it. */
  public enum StateBackend {
    ROCKSDB_INCREMENTAL("rocksdb-incremental"),
    ROCKSDB_FULL("rocksdb-full"),
    HASHMAP("hashmap");

    public final String label;

    StateBackend(String label) {
      this.label = label;
    }

    static StateBackend of(String s) {
      for (StateBackend b : values()) {
        if (b.label.equals(s)) {
          return b;
        }
      }
      throw new IllegalArgumentException("expected rocksdb-incremental, rocksdb-full or hashmap");
    }
  }

  @Option(
      names = "--bootstrap",
      required = true,
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(
      names = "--topic",
      required = true,
      split = ",",
      paramLabel = "TOPIC",
      description = "Topic(s) to read; repeat or separate with commas.")
  List<String> topics = new ArrayList<>();

  @Option(
      names = "--group-id",
      defaultValue = "flink-streaming-group",
      description = "Kafka consumer group id (default: ${DEFAULT-VALUE}).")
  String groupId;

  @Option(
      names = "--starting-offsets",
      defaultValue = "committed-earliest",
      paramLabel = "MODE",
      converter = StartingOffsetsConverter.class,
      description =
          "Where a job that is not restored from a checkpoint starts: committed-earliest (the"
              + " group's committed offsets, else the earliest), committed-latest, earliest or"
              + " latest (what the Spark app does, as auto.offset.reset is unset). A job restored"
              + " from a checkpoint always resumes from the checkpointed offsets."
              + " Default: ${DEFAULT-VALUE}.")
  StartingOffsets startingOffsets;

  @Option(
      names = "--jdbc-url",
      required = true,
      paramLabel = "URL",
      description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/postgres.")
  String jdbcUrl;

  @Option(
      names = "--jdbc-user",
      defaultValue = "${env:JDBC_USER:-postgres}",
      description = "Database user (default: $JDBC_USER, else postgres).")
  String jdbcUser;

  @Option(
      names = "--jdbc-password-file",
      paramLabel = "PATH",
      description =
          "A file that only its owner can read (mode 0600) holding the database password. The"
              + " job carries the path, not the password: every TaskManager reads the file, so it"
              + " must be where they see it. Default: the variable JDBC_PASSWORD, which the"
              + " TaskManagers must then have in their environment too.")
  java.nio.file.Path jdbcPasswordFile;

  /** Refused: a password on the command line shows in ps and in flink run's log. */
  @Option(names = "--jdbc-password", hidden = true)
  String jdbcPasswordOnCommandLine;

  private JdbcPassword jdbcPassword;

  @Option(
      names = "--sink-mode",
      defaultValue = "exactly-once",
      paramLabel = "MODE",
      converter = SinkModeConverter.class,
      description =
          "append (at-least-once INSERT into sink_writes), upsert (INSERT ... ON CONFLICT into"
              + " sink_upsert, write_count counts replays) or exactly-once (PostgreSQL prepared transactions"
              + " committed with each checkpoint; needs max_prepared_transactions > 0)."
              + " Default: ${DEFAULT-VALUE}.")
  SinkMode sinkMode;

  @Option(names = "--run-id", required = true, description = "The run_id written with every row.")
  String runId;

  @Option(
      names = "--variant",
      defaultValue = "datastream",
      description = "The variant written with every row (default: ${DEFAULT-VALUE}).")
  String variant;

  @Option(
      names = "--incarnation-base",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "The incarnation column is N plus the task's attempt number, so a task restart"
              + " (e.g. after a TaskManager is killed) shows up as a new incarnation. Give every"
              + " new submission of the same run a higher N (default: ${DEFAULT-VALUE}).")
  int incarnationBase;

  @Option(
      names = "--batch-interval",
      defaultValue = "5s",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "The tumbling processing-time window that counts records, like Spark's batch"
              + " interval (default: ${DEFAULT-VALUE}).")
  Duration batchInterval;

  @Option(
      names = "--checkpoint-dir",
      required = true,
      paramLabel = "URI",
      description = "Where checkpoints go, e.g. s3://bucket/prefix.")
  String checkpointDir;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "5s",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Checkpoint interval, like Spark's default (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(
      names = "--keys",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Keep keyed state: record id i carries key i %% N; each key's running count and sum of"
              + " ids (and --state-bytes of payload) is kept in Flink keyed state and upserted into"
              + " sink_state with every record, in the same transaction as the record with the"
              + " exactly-once sink; 0 keeps no state (default: ${DEFAULT-VALUE}).")
  long keys;

  @Option(
      names = "--state-bytes",
      defaultValue = "0",
      paramLabel = "BYTES",
      description = "With --keys: bytes of payload kept in each key's state (default: 0).")
  int stateBytes;

  @Option(
      names = "--state-backend",
      defaultValue = "rocksdb-incremental",
      paramLabel = "BACKEND",
      converter = StateBackendConverter.class,
      description =
          "rocksdb-incremental (RocksDB, each checkpoint uploads what changed), rocksdb-full"
              + " (RocksDB, each checkpoint a full copy) or hashmap (on the heap, full"
              + " snapshots). Default: ${DEFAULT-VALUE}.")
  StateBackend stateBackend;

  @Option(
      names = "--checkpoints-retained",
      defaultValue = "3",
      paramLabel = "N",
      description = "How many completed checkpoints are kept (default: ${DEFAULT-VALUE}).")
  int checkpointsRetained;

  @Option(
      names = "--restart-strategy",
      defaultValue = FIXED_DELAY,
      paramLabel = "STRATEGY",
      description =
          FIXED_DELAY
              + " (--restart-attempts attempts, --restart-delay apart) or "
              + EXPONENTIAL_DELAY
              + " (from --restart-delay, doubling up to --restart-max-delay; the job fails after"
              + " --restart-attempts attempts in a row, and the delay starts again from"
              + " --restart-delay once the job has run --restart-reset-after without a failure)."
              + " Default: ${DEFAULT-VALUE}.")
  String restartStrategy;

  @Option(
      names = "--restart-attempts",
      defaultValue = "60",
      paramLabel = "N",
      description = "Restart attempts before the job fails (default: ${DEFAULT-VALUE}).")
  int restartAttempts;

  @Option(
      names = "--restart-delay",
      defaultValue = "1s",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "The delay before a restart; with exponential-delay the first one (default:"
              + " ${DEFAULT-VALUE}).")
  Duration restartDelay;

  @Option(
      names = "--restart-max-delay",
      defaultValue = "10s",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "exponential-delay: the longest delay (default: ${DEFAULT-VALUE}).")
  Duration restartMaxDelay;

  @Option(
      names = "--restart-reset-after",
      defaultValue = "60s",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "exponential-delay: how long the job must run without a failure before the delay and"
              + " the attempts start again (default: ${DEFAULT-VALUE}).")
  Duration restartResetAfter;

  /** Flink's fixed-delay restart strategy. */
  public static final String FIXED_DELAY = "fixed-delay";

  /** Flink's exponential-delay restart strategy. */
  public static final String EXPONENTIAL_DELAY = "exponential-delay";

  @Option(
      names = "--parallelism",
      defaultValue = "0",
      paramLabel = "N",
      description = "Job parallelism; 0 keeps the cluster's default (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--jdbc-batch-size",
      defaultValue = "500",
      paramLabel = "N",
      description = "Rows per JDBC batch (default: ${DEFAULT-VALUE}).")
  int jdbcBatchSize;

  @Option(
      names = "--jdbc-batch-interval",
      defaultValue = "200ms",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Longest wait before a partial JDBC batch is written (default: ${DEFAULT-VALUE}).")
  Duration jdbcBatchInterval;

  @Option(
      names = "--on-parse-error",
      defaultValue = "fail",
      paramLabel = "POLICY",
      converter = OnParseErrorConverter.class,
      description =
          "fail (the job fails, and keeps failing on restart) or dead-letter (the record goes to"
              + " sink_dead_letters) (default: ${DEFAULT-VALUE}).")
  OnParseError onParseError;

  @Option(
      names = "--job-name",
      defaultValue = "recoverybench-flink-job",
      description = "The job's name (default: ${DEFAULT-VALUE}).")
  String jobName;

  @Option(
      names = "--upgrade-extra-operator",
      description =
          "An upgraded version of the job: adds a pass-through operator (uid "
              + "'upgrade-extra-operator') between parse and the JDBC sink, as a code change would.")
  boolean upgradeExtraOperator;

  @Option(
      names = "--no-uids",
      description =
          "Sets no explicit operator uids, so Flink derives them from the graph's shape (how a job"
              + " written without .uid() behaves when its graph changes).")
  boolean noUids;

  @Option(
      names = "--skip-preflight",
      description = "Do not probe Kafka, the checkpoint store and the database before submitting.")
  boolean skipPreflight;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  /** Thrown for a missing or malformed option; the message is one line. */
  public static final class OptionsException extends RuntimeException {
    public OptionsException(String message) {
      super(message);
    }
  }

  /** Parses the arguments, or throws {@link OptionsException} with one line. */
  public static JobOptions parse(String... args) {
    JobOptions o = new JobOptions();
    CommandLine cl = new CommandLine(o);
    try {
      cl.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new OptionsException(oneLine(e.getMessage()));
    }
    if (o.help) {
      return o;
    }
    o.validate();
    return o;
  }

  /** The usage text printed by {@code --help}. */
  public static String usage() {
    return new CommandLine(new JobOptions()).getUsageMessage();
  }

  static final String PASSWORD_REFUSED =
      "--jdbc-password is refused: a password on the command line shows in ps and in flink run's"
          + " log; put it in the variable JDBC_PASSWORD or in a file of mode 0600 named by"
          + " --jdbc-password-file";

  private void validate() {
    if (jdbcPasswordOnCommandLine != null) {
      throw new OptionsException(PASSWORD_REFUSED);
    }
    try {
      jdbcPassword =
          jdbcPasswordFile != null
              ? JdbcPassword.fromFile(jdbcPasswordFile)
              : JdbcPassword.fromEnvironment(System.getenv());
    } catch (JdbcPassword.PasswordException e) {
      throw new OptionsException(e.getMessage());
    }
    if (bootstrap.isBlank()) {
      throw new OptionsException("--bootstrap is empty");
    }
    topics.removeIf(String::isBlank);
    if (topics.isEmpty()) {
      throw new OptionsException("--topic names no topic");
    }
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new OptionsException(
          "--jdbc-url must be a PostgreSQL JDBC URL (jdbc:postgresql://...), got '"
              + jdbcUrl
              + "'");
    }
    if (!checkpointDir.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.+")) {
      throw new OptionsException(
          "--checkpoint-dir must be a URI with a scheme, e.g. s3://bucket/prefix, got '"
              + checkpointDir
              + "'");
    }
    if (runId.isBlank()) {
      throw new OptionsException("--run-id is empty");
    }
    positive("--checkpoints-retained", checkpointsRetained);
    if (keys < 0 || keys > 100_000_000L) {
      throw new OptionsException("--keys must be 0 to 100000000, got " + keys);
    }
    if (stateBytes < 0 || stateBytes > 1_000_000) {
      throw new OptionsException("--state-bytes must be 0 to 1000000, got " + stateBytes);
    }
    if (stateBytes > 0 && keys == 0) {
      throw new OptionsException("--state-bytes needs --keys");
    }
    positive("--jdbc-batch-size", jdbcBatchSize);
    if (incarnationBase < 0) {
      throw new OptionsException("--incarnation-base must be 0 or more, got " + incarnationBase);
    }
    if (restartAttempts < 0) {
      throw new OptionsException("--restart-attempts must be 0 or more, got " + restartAttempts);
    }
    if (!restartStrategy.equals(FIXED_DELAY) && !restartStrategy.equals(EXPONENTIAL_DELAY)) {
      throw new OptionsException(
          "--restart-strategy must be "
              + FIXED_DELAY
              + " or "
              + EXPONENTIAL_DELAY
              + ", got "
              + restartStrategy);
    }
    if (restartMaxDelay.compareTo(restartDelay) < 0) {
      throw new OptionsException(
          "--restart-max-delay ("
              + restartMaxDelay
              + ") must not be shorter than --restart-delay ("
              + restartDelay
              + ")");
    }
    if (parallelism < 0) {
      throw new OptionsException("--parallelism must be 0 or more, got " + parallelism);
    }
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new OptionsException(name + " must be 1 or more, got " + v);
    }
  }

  private static String oneLine(String s) {
    return s == null ? "invalid options" : s.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  /** Durations as {@code 5s}, {@code 200ms}, {@code 1m} or a plain number of seconds. */
  static Duration parseDuration(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return check(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))), s);
      } else if (t.endsWith("s")) {
        return check(Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1))), s);
      } else if (t.endsWith("m")) {
        return check(Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1))), s);
      } else {
        return check(Duration.ofSeconds(Long.parseLong(t)), s);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a duration such as 5s, 200ms or 1m");
    }
  }

  private static Duration check(Duration d, String s) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("expected a positive duration");
    }
    return d;
  }

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parseDuration(value);
    }
  }

  static final class StateBackendConverter implements CommandLine.ITypeConverter<StateBackend> {
    @Override
    public StateBackend convert(String value) {
      return StateBackend.of(value);
    }
  }

  static final class SinkModeConverter implements CommandLine.ITypeConverter<SinkMode> {
    @Override
    public SinkMode convert(String value) {
      return SinkMode.of(value);
    }
  }

  static final class StartingOffsetsConverter
      implements CommandLine.ITypeConverter<StartingOffsets> {
    @Override
    public StartingOffsets convert(String value) {
      return StartingOffsets.of(value);
    }
  }

  static final class OnParseErrorConverter implements CommandLine.ITypeConverter<OnParseError> {
    @Override
    public OnParseError convert(String value) {
      return OnParseError.of(value);
    }
  }

  // accessors

  public String bootstrap() {
    return bootstrap;
  }

  public List<String> topics() {
    return List.copyOf(topics);
  }

  public String groupId() {
    return groupId;
  }

  public StartingOffsets startingOffsets() {
    return startingOffsets;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String jdbcUser() {
    return jdbcUser;
  }

  /** Where the database password is (never the password itself). */
  public JdbcPassword jdbcPassword() {
    return jdbcPassword;
  }

  public SinkMode sinkMode() {
    return sinkMode;
  }

  /** The number of state keys, or 0 for the stateless pipeline. */
  public long keys() {
    return keys;
  }

  public int stateBytes() {
    return stateBytes;
  }

  public StateBackend stateBackend() {
    return stateBackend;
  }

  public String runId() {
    return runId;
  }

  public String variant() {
    return variant;
  }

  public int incarnationBase() {
    return incarnationBase;
  }

  public Duration batchInterval() {
    return batchInterval;
  }

  public String checkpointDir() {
    return checkpointDir;
  }

  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  public int checkpointsRetained() {
    return checkpointsRetained;
  }

  public int restartAttempts() {
    return restartAttempts;
  }

  public Duration restartDelay() {
    return restartDelay;
  }

  public String restartStrategy() {
    return restartStrategy;
  }

  public Duration restartMaxDelay() {
    return restartMaxDelay;
  }

  public Duration restartResetAfter() {
    return restartResetAfter;
  }

  public int parallelism() {
    return parallelism;
  }

  public int jdbcBatchSize() {
    return jdbcBatchSize;
  }

  public Duration jdbcBatchInterval() {
    return jdbcBatchInterval;
  }

  public OnParseError onParseError() {
    return onParseError;
  }

  public String jobName() {
    return jobName;
  }

  public boolean upgradeExtraOperator() {
    return upgradeExtraOperator;
  }

  public boolean noUids() {
    return noUids;
  }

  public boolean skipPreflight() {
    return skipPreflight;
  }

  public boolean helpRequested() {
    return help;
  }

  public EventMapping.RunIdentity runIdentity() {
    return new EventMapping.RunIdentity(runId, variant, sinkMode.label);
  }
}

package org.recoverybench.job;

import java.io.PrintStream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingProcessingTimeWindows;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The Flink DataStream port of the Spark Streaming app (docs/original-app.md). It takes its source
 * and sinks from outside; {@link #main} only reads the options, and {@link #execute} builds the
 * pipeline:
 *
 * <pre>
 * KafkaSource ─► parse (incarnation = base + attempt) ─┬─► JDBC sink (append | upsert | XA)
 *                                                      ├─► dead letters (optional)
 *                                                      └─► 5 s processing-time count ─► log
 * </pre>
 *
 * Checkpoints: EXACTLY_ONCE, RocksDB incremental, to {@code --checkpoint-dir}, retained on
 * cancellation, all set in the job's own configuration so that a cluster without them still
 * checkpoints the same way.
 */
public class RecoveryBenchJob {
  public static final String PROGRAM = "recoverybench-flink-job";

  /** Stable operator uids: state and XA transactions are matched to operators by these. */
  public static final String UID_SOURCE = "kafka-source";

  public static final String UID_PARSE = "parse-events";
  public static final String UID_SINK = "jdbc-sink";
  public static final String UID_DEAD_LETTERS = "dead-letter-sink";
  public static final String UID_PARTIAL_COUNT = "partial-count";

  /** How often each subtask sends its partial count to the window task. */
  static final long PARTIAL_COUNT_FLUSH_MS = 200;

  public static final String UID_COUNT = "batch-count";
  public static final String UID_COUNT_SINK = "batch-count-discard";
  public static final String UID_EXTRA = "upgrade-extra-operator";
  public static final String UID_FOLD_STATE = "fold-state";
  public static final String UID_STATE_SINK = "jdbc-state-sink";

  private final JobOptions options;
  private final Source<KafkaEvent, ?, ?> source;
  private final Sink<SinkRow> sink;
  private final Sink<DeadLetter> deadLetterSink;

  /**
   * With {@code --keys} and a sink without transactions: the sink of the keys' state rows (the
   * exactly-once sink writes them itself, in the rows' transaction); null otherwise.
   */
  private Sink<SinkRow> stateSink;

  public RecoveryBenchJob(
      JobOptions options,
      Source<KafkaEvent, ?, ?> source,
      Sink<SinkRow> sink,
      Sink<DeadLetter> deadLetterSink) {
    this.options = options;
    this.source = source;
    this.sink = sink;
    this.deadLetterSink = deadLetterSink;
  }

  /** The sink of the keys' state rows, for a stateful job whose row sink does not write them. */
  public RecoveryBenchJob withStateSink(Sink<SinkRow> stateSink) {
    this.stateSink = stateSink;
    return this;
  }

  public static void main(String[] args) throws Exception {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Reads the options, checks the endpoints and runs the job.
   *
   * @return 0 on success, 2 for bad options, 3 for a failed pre-flight check
   */
  public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    JobOptions o;
    try {
      o = JobOptions.parse(args);
    } catch (JobOptions.OptionsException e) {
      err.println(PROGRAM + ": error: " + e.getMessage() + " (see --help)");
      return 2;
    }
    if (o.helpRequested()) {
      out.print(JobOptions.usage());
      return 0;
    }
    if (!o.skipPreflight()) {
      try {
        Preflight.check(o);
      } catch (Preflight.PreflightException e) {
        err.println(PROGRAM + ": error: " + e.getMessage());
        return 3;
      }
    }
    new RecoveryBenchJob(o, kafkaSource(o), JdbcSinks.rows(o), JdbcSinks.deadLetters(o))
        .withStateSink(JdbcSinks.state(o))
        .execute();
    return 0;
  }

  /** The Kafka source of the options. */
  public static KafkaSource<KafkaEvent> kafkaSource(JobOptions o) {
    OffsetsInitializer start =
        switch (o.startingOffsets()) {
          case COMMITTED_EARLIEST ->
              OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
          case COMMITTED_LATEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST);
          case EARLIEST -> OffsetsInitializer.earliest();
          case LATEST -> OffsetsInitializer.latest();
        };
    return KafkaSource.<KafkaEvent>builder()
        .setBootstrapServers(o.bootstrap())
        .setTopics(o.topics())
        .setGroupId(o.groupId())
        .setStartingOffsets(start)
        .setDeserializer(new KafkaEventDeserializer())
        // offsets are committed to Kafka when a checkpoint completes (for monitoring only: a
        // restored job resumes from the offsets in the checkpoint)
        .setProperty("commit.offsets.on.checkpoint", "true")
        .build();
  }

  /** The job's own configuration: checkpointing, state backend, retention and restarts. */
  public static Configuration jobConfiguration(JobOptions o) {
    Configuration c = new Configuration();
    c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, o.checkpointInterval());
    c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    c.set(
        StateBackendOptions.STATE_BACKEND,
        o.stateBackend() == JobOptions.StateBackend.HASHMAP ? "hashmap" : "rocksdb");
    c.set(
        CheckpointingOptions.INCREMENTAL_CHECKPOINTS,
        o.stateBackend() == JobOptions.StateBackend.ROCKSDB_INCREMENTAL);
    c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, o.checkpointDir());
    c.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    c.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, o.checkpointsRetained());
    // no defensive copy of each record between chained operators: every operator of this job makes
    // new objects and keeps none it has emitted (the JFR profile of the bench showed the copies)
    c.set(org.apache.flink.configuration.PipelineOptions.OBJECT_REUSE, true);
    if (o.restartStrategy().equals(JobOptions.EXPONENTIAL_DELAY)) {
      c.set(RestartStrategyOptions.RESTART_STRATEGY, JobOptions.EXPONENTIAL_DELAY);
      c.set(
          RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
          o.restartDelay());
      c.set(
          RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
          o.restartMaxDelay());
      c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
      c.set(
          RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
          o.restartResetAfter());
      c.set(
          RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, o.restartAttempts());
    } else {
      c.set(RestartStrategyOptions.RESTART_STRATEGY, JobOptions.FIXED_DELAY);
      c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, o.restartAttempts());
      c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, o.restartDelay());
    }
    return c;
  }

  /** Builds the pipeline on an environment made with {@link #jobConfiguration}. */
  public StreamExecutionEnvironment build() {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration(options));
    env.configure(jobConfiguration(options), getClass().getClassLoader());
    if (options.parallelism() > 0) {
      env.setParallelism(options.parallelism());
    }

    SingleOutputStreamOperator<KafkaEvent> events =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: " + options.topics());
    uid(events, UID_SOURCE);
    SingleOutputStreamOperator<SinkRow> rows =
        events
            .process(
                new ParseEvents(
                    options.runIdentity(),
                    options.incarnationBase(),
                    options.onParseError() == JobOptions.OnParseError.DEAD_LETTER))
            .name("parse");
    uid(rows, UID_PARSE);

    SingleOutputStreamOperator<SinkRow> toSink = rows;
    if (options.keys() > 0) {
      toSink =
          rows.keyBy(new FoldState.ById(options.keys()))
              .process(new FoldState(options.stateBytes()))
              .name("fold state (" + options.keys() + " keys)");
      uid(toSink, UID_FOLD_STATE);
      if (stateSink != null) {
        var st = toSink.sinkTo(stateSink).name("jdbc: key state");
        if (!options.noUids()) {
          st.uid(UID_STATE_SINK);
        }
      }
    }
    if (options.upgradeExtraOperator()) {
      toSink = toSink.map(new ExtraOperator()).name(ExtraOperator.NAME);
      uid(toSink, UID_EXTRA);
    }
    var sinkOp = toSink.sinkTo(sink).name("jdbc: " + options.sinkMode().label);
    if (!options.noUids()) {
      sinkOp.uid(UID_SINK);
    }

    if (options.onParseError() == JobOptions.OnParseError.DEAD_LETTER) {
      var dl =
          rows.getSideOutput(ParseEvents.DEAD_LETTERS)
              .sinkTo(deadLetterSink)
              .name("jdbc: dead letters");
      if (!options.noUids()) {
        dl.uid(UID_DEAD_LETTERS);
      }
    }

    // each subtask counts its own rows and sends only the counts to the one window task
    // (chained to parse: an operator added with transform chains by default)
    SingleOutputStreamOperator<Long> partials =
        rows.transform(
            "partial counts",
            org.apache.flink.api.common.typeinfo.Types.LONG,
            new PartialCount<SinkRow>(PARTIAL_COUNT_FLUSH_MS));
    uid(partials, UID_PARTIAL_COUNT);
    SingleOutputStreamOperator<Long> counts =
        partials
            .windowAll(TumblingProcessingTimeWindows.of(options.batchInterval()))
            .aggregate(new BatchCount.Sum(), new BatchCount.Report())
            .name("count per " + options.batchInterval().toSeconds() + " s");
    uid(counts, UID_COUNT);
    // windowAll runs with parallelism 1 (max parallelism 1); its sink is pinned to 1 as well, so it
    // stays chained to the window at any job parallelism and a rescale can map its state
    var countSink = counts.sinkTo(new DiscardingSink<>()).name("discard counts").setParallelism(1);
    if (!options.noUids()) {
      countSink.uid(UID_COUNT_SINK);
    }
    return env;
  }

  private void uid(SingleOutputStreamOperator<?> op, String uid) {
    if (!options.noUids()) {
      op.uid(uid);
    }
  }

  /** Builds and runs the job; blocks until it ends unless the client runs detached. */
  public JobExecutionResult execute() throws Exception {
    return build().execute(options.jobName());
  }

  /** Builds and submits the job without waiting for it to end. */
  public JobClient executeAsync() throws Exception {
    return build().executeAsync(options.jobName());
  }
}

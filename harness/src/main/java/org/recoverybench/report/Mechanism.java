package org.recoverybench.report;

/**
 * Where a variant's restart takes its Kafka offsets from, as its code does it (see {@code
 * docs/original-app.md} and the Spark app's and Flink job's sources), so that a verdict can name
 * the mechanism its trials tested. This is what each variant is, not what it did: the figures of
 * its trials still decide each verdict, and the claims' rules say where the mechanism alone decides
 * (a checkpoint a variant never reads cannot be credited with what it did).
 */
enum Mechanism {
  /** Flink: the job restores the Kafka source's offsets from its last completed checkpoint. */
  FLINK_CHECKPOINT(
      true,
      "the job restores the Kafka offsets held in its last completed checkpoint",
      "no checkpoint to restore, so the resubmitted job",
      "the Kafka source commits the offsets of each completed checkpoint to Kafka"),
  /** Spark recoverable: {@code StreamingContext.getOrCreate} on the checkpoint directory. */
  SPARK_GET_OR_CREATE(
      true,
      "`StreamingContext.getOrCreate` restores the offsets of the last checkpointed batch from"
          + " its checkpoint",
      "no checkpoint to restore, so the restarted driver",
      Texts.AUTO_COMMITS),
  /** Spark as-written: a new context on every start; Kafka's consumer auto-commits offsets. */
  SPARK_AUTO_COMMIT(
      false,
      "it resumes from the offsets Kafka auto-committed (`enable.auto.commit`), never from its"
          + " checkpoint: it builds a new `StreamingContext` on every start, so its checkpoint is"
          + " never read to restore offsets",
      "no offsets auto-committed yet, so the restarted driver",
      Texts.AUTO_COMMITS),
  /** Spark transactional: offsets stored with the rows in the database, auto-commit off. */
  SPARK_DATABASE(
      false,
      "it resumes from the offsets stored with the rows in one database transaction"
          + " (`stream_offsets`), never from its checkpoint",
      "no offsets stored in the database, so the restarted driver",
      "`enable.auto.commit=false`: its offsets go to the database with the rows, not to Kafka"),
  /** Spark Structured Streaming: the query resumes from its checkpoint's offsets log. */
  SPARK_STRUCTURED(
      true,
      "the query resumes from its checkpoint's offsets and commits logs (`checkpointLocation`),"
          + " re-running the last batch whose commit is missing",
      "no checkpoint to restore, so the restarted query",
      "the Kafka source commits no offsets to Kafka: its checkpoint holds them"),
  /** A variant this report does not know. */
  UNKNOWN(
      false,
      "its restart mechanism is not described",
      "nothing to resume from, so it",
      "how it commits offsets is not described");

  /** Texts the constants share (a nested class: the constants cannot refer to a later field). */
  private static final class Texts {
    static final String AUTO_COMMITS =
        "the driver's Kafka consumer auto-commits offsets (`enable.auto.commit` unset: Kafka's"
            + " default `true`) on its own schedule, whatever was written";
  }

  /** {@code settings.starting_offsets} of a trial that left the engine's default. */
  static final String ENGINE_DEFAULT = "engine-default";

  /** Whether a restart reads the checkpoint to restore its offsets. */
  final boolean readsCheckpoint;

  /** How a restart finds its offsets, for a verdict's reason. */
  final String resumes;

  /** How the group's offsets in Kafka are committed, for claim 4. */
  final String commits;

  private final String withNothing;

  Mechanism(boolean readsCheckpoint, String resumes, String withNothing, String commits) {
    this.readsCheckpoint = readsCheckpoint;
    this.resumes = resumes;
    this.withNothing = withNothing;
    this.commits = commits;
  }

  static Mechanism of(String engine, String variant) {
    if (engine.equals("flink")) {
      return FLINK_CHECKPOINT;
    }
    if (!engine.equals("spark")) {
      return UNKNOWN;
    }
    return switch (variant) {
      case "recoverable" -> SPARK_GET_OR_CREATE;
      case "as-written" -> SPARK_AUTO_COMMIT;
      case "transactional" -> SPARK_DATABASE;
      case "structured", "structured-idempotent" -> SPARK_STRUCTURED;
      default -> UNKNOWN;
    };
  }

  static Mechanism of(ReportModel.Group g) {
    return of(g.engine(), g.variant());
  }

  /**
   * Where a restart with nothing checkpointed, stored or committed starts, for a starting-offset
   * setting: e.g. "no checkpoint to restore, so the restarted driver falls back to
   * `auto.offset.reset` unset: Kafka's default `latest`, the end of the topic".
   */
  String withNothing(String engine, String startingOffsets) {
    return withNothing + " falls back to " + fallback(engine, startingOffsets);
  }

  /** What a starting-offset setting means for a consumer group with no committed offsets. */
  static String fallback(String engine, String startingOffsets) {
    boolean spark = engine.equals("spark");
    return switch (startingOffsets) {
      case ENGINE_DEFAULT ->
          spark
              ? "`auto.offset.reset` unset: Kafka's default `latest`, the end of the topic"
              : "its default, the group's committed offsets, else the earliest: the start of the"
                  + " topic";
      case "earliest" ->
          (spark ? "`auto.offset.reset=earliest`" : "`earliest`") + ": the start of the topic";
      case "latest" ->
          (spark ? "`auto.offset.reset=latest`" : "`latest`") + ": the end of the topic";
      default -> "`" + startingOffsets + "`";
    };
  }
}

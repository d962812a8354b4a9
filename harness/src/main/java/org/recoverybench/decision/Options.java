package org.recoverybench.decision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.recoverybench.scenario.Scenario;

/**
 * The registry of options. {@code compare}, {@code bench} and the report take their options from
 * here; a new option (Structured Streaming, a stateful pipeline) joins all of them by being added
 * to {@link #DEFAULT}. The most specific option wins when several match a trial: the order of the
 * list is the order of preference, so a narrower option stands before a broader one.
 */
public final class Options {
  private final List<Option> options;

  public Options(List<Option> options) {
    this.options = List.copyOf(options);
  }

  /** The options this project measures. */
  public static final Options DEFAULT =
      new Options(
          List.of(
              new Option(
                  "flink-exactly-once",
                  "Flink, exactly-once sink",
                  "flink",
                  "datastream",
                  "exactly-once",
                  false,
                  null,
                  null,
                  List.of(
                      "PostgreSQL with max_prepared_transactions above 0",
                      "checkpoints on S3 with RocksDB; rows become visible at each checkpoint")),
              new Option(
                  "flink-upsert",
                  "Flink, upsert sink",
                  "flink",
                  "datastream",
                  "upsert",
                  true,
                  null,
                  null,
                  List.of("a primary key on the event id; replays overwrite")),
              new Option(
                  "flink-append",
                  "Flink, append sink",
                  "flink",
                  "datastream",
                  "append",
                  false,
                  null,
                  null,
                  List.of("plain INSERTs; replays add rows")),
              new Option(
                  "spark-transactional",
                  "Spark DStream, offsets stored with the rows",
                  "spark",
                  "transactional",
                  "exactly-once",
                  false,
                  null,
                  null,
                  List.of("rows and offsets written in one database transaction")),
              new Option(
                  "spark-recoverable-upsert",
                  "Spark DStream with getOrCreate, upsert",
                  "spark",
                  "recoverable",
                  "upsert",
                  true,
                  null,
                  null,
                  List.of("StreamingContext.getOrCreate on the checkpoint directory")),
              new Option(
                  "spark-recoverable-append",
                  "Spark DStream with getOrCreate, append",
                  "spark",
                  "recoverable",
                  "append",
                  false,
                  null,
                  null,
                  List.of("StreamingContext.getOrCreate on the checkpoint directory")),
              new Option(
                  "spark-as-written-earliest",
                  "Spark DStream as written, auto.offset.reset=earliest",
                  "spark",
                  "as-written",
                  "append",
                  false,
                  "earliest",
                  null,
                  List.of("the original app with auto.offset.reset=earliest")),
              new Option(
                  "spark-as-written",
                  "Spark DStream as written",
                  "spark",
                  "as-written",
                  "append",
                  false,
                  null,
                  null,
                  List.of("the original app: a new StreamingContext on every start")),
              new Option(
                  "spark-structured-idempotent",
                  "Spark Structured Streaming, foreachBatch with its batch id",
                  "spark",
                  "structured-idempotent",
                  "exactly-once",
                  false,
                  null,
                  null,
                  List.of(
                      "the migration that stays on Spark: checkpointLocation on S3",
                      "each batch's rows and its batchId in one database transaction; a batch"
                          + " already written is skipped")),
              new Option(
                  "spark-structured",
                  "Spark Structured Streaming, foreachBatch append",
                  "spark",
                  "structured",
                  "append",
                  false,
                  null,
                  null,
                  List.of(
                      "the migration that stays on Spark: checkpointLocation on S3",
                      "plain INSERTs in foreachBatch; a batch re-run after a crash adds rows"))));

  public List<Option> all() {
    return options;
  }

  /** The option a trial belongs to, the first match in the registry's order. */
  public Optional<Option> of(
      String engine, String variant, String sinkMode, String startingOffsets, boolean supervised) {
    return options.stream()
        .filter(o -> o.matches(engine, variant, sinkMode, startingOffsets, supervised))
        .findFirst();
  }

  /**
   * The distinct engine runs of the registry, in its order; an option that differs from another
   * only in its settings (starting offsets, supervision) adds no run of its own.
   */
  public List<Scenario.Target> targets() {
    return options.stream().map(Option::target).distinct().toList();
  }

  /**
   * The option that names a target with no setting of its own (the plain option), else the first
   * with that target.
   */
  public Optional<Option> plain(Scenario.Target t) {
    List<Option> same = options.stream().filter(o -> o.target().equals(t)).toList();
    return same.stream()
        .filter(o -> o.startingOffsets() == null && o.supervised() == null)
        .findFirst()
        .or(() -> same.stream().findFirst());
  }

  /** The option a trial of this scenario's target would count for. */
  public Optional<Option> of(Scenario.Target t, Scenario.EngineSettings s) {
    return of(
        t.engine(),
        t.variant(),
        t.sinkMode(),
        s.startingOffsets(),
        t.engine().equals("spark") && s.driverRestarts() > 0);
  }

  public Optional<Option> byId(String id) {
    return options.stream().filter(o -> o.id().equals(id)).findFirst();
  }

  /** This registry with one more option, placed before the others (it is the most specific). */
  public Options with(Option first) {
    List<Option> l = new ArrayList<>();
    l.add(first);
    l.addAll(options);
    return new Options(Collections.unmodifiableList(l));
  }
}

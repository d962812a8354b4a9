package org.recoverybench.job;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns Kafka records into sink rows. The incarnation of every row is the configured base plus this
 * subtask's attempt number, so rows written after a task restart carry a new incarnation. Records
 * that do not parse fail the job, or go to the dead-letter output.
 */
public class ParseEvents extends ProcessFunction<KafkaEvent, SinkRow> {
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters") {
        private static final long serialVersionUID = 1L;
      };

  private final EventMapping.RunIdentity identity;
  private final int incarnationBase;
  private final boolean deadLetter;
  private transient int incarnation;
  private transient Counter poison;

  public ParseEvents(EventMapping.RunIdentity identity, int incarnationBase, boolean deadLetter) {
    this.identity = identity;
    this.incarnationBase = incarnationBase;
    this.deadLetter = deadLetter;
  }

  @Override
  public void open(OpenContext ctx) {
    incarnation = incarnationBase + getRuntimeContext().getTaskInfo().getAttemptNumber();
    poison = getRuntimeContext().getMetricGroup().counter("poisonRecords");
  }

  @Override
  public void processElement(KafkaEvent e, Context ctx, Collector<SinkRow> out) {
    SinkRow row;
    try {
      row = EventMapping.toRow(e, identity, incarnation);
    } catch (PoisonRecordException ex) {
      poison.inc();
      if (!deadLetter) {
        throw new PoisonRecordException(
            "poison record at "
                + e.topic
                + "-"
                + e.partition
                + "@"
                + e.offset
                + ": "
                + ex.getMessage());
      }
      ctx.output(
          DEAD_LETTERS, EventMapping.toDeadLetter(e, identity, incarnation, ex.getMessage()));
      return;
    }
    out.collect(row);
  }
}

package org.recoverybench.job;

import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Counts records where they are parsed (chained, one per subtask) and sends only the counts on to
 * the single {@code windowAll} task of {@link BatchCount}: a partial count every {@code flushMs},
 * and one just before each checkpoint barrier, so no count is held across a checkpoint and a
 * restore neither loses nor repeats one. Without it every row crossed the network to that one task
 * and updated its RocksDB window state, which capped the whole job at what that task could take
 * (about 30,000 rows/s on the bench's lab, at any parallelism).
 *
 * <p>A partial count is assigned to the 5 s window in which it reaches the window task, so a
 * window's count can include records read up to {@code flushMs} before the window began; the Spark
 * app's per-batch count has the same kind of edge (records are in the batch whose offsets were
 * fetched, not whose interval they arrived in).
 */
public final class PartialCount<T> extends AbstractStreamOperator<Long>
    implements OneInputStreamOperator<T, Long>, ProcessingTimeCallback {
  private static final long serialVersionUID = 1L;

  private final long flushMs;
  private transient long pending;

  public PartialCount(long flushMs) {
    this.flushMs = flushMs;
  }

  @Override
  public void open() throws Exception {
    super.open();
    schedule();
  }

  private void schedule() {
    getProcessingTimeService()
        .registerTimer(getProcessingTimeService().getCurrentProcessingTime() + flushMs, this);
  }

  @Override
  public void processElement(StreamRecord<T> element) {
    pending++;
  }

  @Override
  public void onProcessingTime(long time) {
    flush();
    schedule();
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    flush();
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  private void flush() {
    if (pending > 0) {
      output.collect(new StreamRecord<>(pending));
      pending = 0;
    }
  }
}

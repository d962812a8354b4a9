package org.recoverybench.job;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark app's {@code rdd.count()} per batch: the number of records in each tumbling
 * processing-time window. It logs {@code Received N records.} (a window with no records never
 * fires, just as the Spark app skips empty batches) and exports the metrics {@code
 * lastBatchRecords} (gauge) and {@code batchedRecords} (counter).
 */
public final class BatchCount {
  private static final Logger LOG = LoggerFactory.getLogger(BatchCount.class);

  private BatchCount() {}

  /** Sums the partial counts of a window (see {@link PartialCount}). */
  public static final class Sum implements AggregateFunction<Long, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(Long value, Long acc) {
      return acc + value;
    }

    @Override
    public Long getResult(Long acc) {
      return acc;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }
  }

  /** Logs the count of a window and exports it. */
  public static final class Report extends ProcessAllWindowFunction<Long, Long, TimeWindow> {
    private transient volatile long last;
    private transient Counter total;

    @Override
    public void open(OpenContext ctx) {
      var group = getRuntimeContext().getMetricGroup();
      group.gauge("lastBatchRecords", () -> last);
      total = group.counter("batchedRecords");
    }

    @Override
    public void process(Context ctx, Iterable<Long> counts, Collector<Long> out) {
      long n = 0;
      for (Long c : counts) {
        n += c;
      }
      last = n;
      total.inc(n);
      LOG.info("Received {} records.", n);
      out.collect(n);
    }
  }

  /** The log line, for tests. */
  public static String message(long n) {
    return "Received " + n + " records.";
  }
}

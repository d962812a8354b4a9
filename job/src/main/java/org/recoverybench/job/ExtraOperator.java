package org.recoverybench.job;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator that {@code --upgrade-extra-operator} adds: it passes every row on unchanged, counts
 * them (metric {@code upgradeExtraRecords}) and logs {@code RB-EXTRA-OPERATOR} once per subtask, so
 * a restored job shows whether the changed code runs.
 */
public final class ExtraOperator extends RichMapFunction<SinkRow, SinkRow> {
  public static final String NAME = "upgrade: extra operator";
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ExtraOperator.class);
  private transient Counter seen;

  @Override
  public void open(OpenContext ctx) {
    seen = getRuntimeContext().getMetricGroup().counter("upgradeExtraRecords");
    LOG.info(
        "RB-EXTRA-OPERATOR subtask {} of {} opened",
        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
        getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
  }

  @Override
  public SinkRow map(SinkRow row) {
    seen.inc();
    return row;
  }
}

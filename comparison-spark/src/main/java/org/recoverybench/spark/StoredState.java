package org.recoverybench.spark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.recoverybench.contract.SinkSql;

/**
 * What the transactional variant starts from: the offsets in {@code stream_offsets} and, with
 * {@code --keys}, every key's state in {@code sink_state} (key, count, sum, last id), read in one
 * repeatable-read transaction, so the state is exactly that of the offsets (each partition's
 * records, states and offset commit together, {@link FoldedWriter}).
 *
 * <p>The state is read into the driver and handed to Spark as a parallelized collection: a lazily
 * read RDD could be read again later (a lost block computed again from its lineage) and then find
 * newer states than the offsets it started from.
 */
record StoredState(Map<TopicPartition, Long> offsets, List<long[]> state) {

  /** The summed count of the state's keys. */
  long records() {
    return state.stream().mapToLong(r -> r[1]).sum();
  }

  static StoredState read(SinkConfig sink, String topic, boolean withState) throws SQLException {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    List<long[]> state = new ArrayList<>();
    try (Connection c = PartitionWriter.connect(sink)) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT kafka_partition, next_offset FROM "
                  + SinkSql.OFFSETS_TABLE
                  + " WHERE run_id = ? AND group_id = ? AND topic = ?")) {
        ps.setString(1, sink.runId());
        ps.setString(2, sink.groupId());
        ps.setString(3, topic);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            offsets.put(new TopicPartition(topic, rs.getInt(1)), rs.getLong(2));
          }
        }
      }
      if (withState) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT state_key, record_count, value_sum, last_event_id FROM "
                    + SinkSql.STATE_TABLE
                    + " WHERE run_id = ? AND engine = ? AND variant = ? ORDER BY state_key")) {
          ps.setFetchSize(10_000);
          ps.setString(1, sink.runId());
          ps.setString(2, PartitionWriter.ENGINE);
          ps.setString(3, sink.variant());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              state.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)});
            }
          }
        }
      }
      c.commit();
    }
    return new StoredState(offsets, state);
  }
}

package org.recoverybench.job;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.InitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exactly-once PostgreSQL sink: a two-phase commit with PostgreSQL's own prepared transactions
 * ({@code PREPARE TRANSACTION} / {@code COMMIT PREPARED}), committed only when Flink reports the
 * checkpoint complete.
 *
 * <p>Why not flink-connector-jdbc's XA sink (4.0.0-2.0, Sink V2)? Its writer commits the
 * transaction it has just prepared in {@code snapshotState}, that is while the checkpoint is still
 * in progress ({@code JdbcWriter.snapshotState} calls {@code XaTransaction.commitTxUntil} with the
 * id that the just-prepared transaction carries), and its committer never commits the xid of a
 * committable it gets from the stream or from state (it commits its own, empty, list). A failure
 * between the sink's snapshot and the checkpoint's completion therefore leaves the rows of that
 * checkpoint committed while the sources rewind to the previous checkpoint: duplicates.
 *
 * <p>The protocol here:
 *
 * <ul>
 *   <li>The writer inserts in a local transaction (autocommit off). At the barrier of a checkpoint
 *       ({@code prepareCommit}) it runs the pending batch and {@code PREPARE TRANSACTION gid}; the
 *       gid is the committable. Nothing is committed by the writer.
 *   <li>The gid names the sink, the subtask and {@code K}, the id of the checkpoint after whose
 *       snapshot the transaction began (the restored checkpoint's id, or 0, for the first one).
 *   <li>The committer runs {@code COMMIT PREPARED gid} when the checkpoint that carries the
 *       committable completes (and again after a restore from it: a gid that is gone was
 *       committed).
 *   <li>A writer that starts (fresh or restored from checkpoint {@code R}) resolves the prepared
 *       transactions its subtask left behind: one with {@code K < R} was prepared at a barrier no
 *       later than {@code R}, so its rows are covered by {@code R} and it is committed; any other
 *       ({@code K >= R}, or everything when nothing is restored) holds rows that the sources will
 *       replay, and it is rolled back.
 * </ul>
 */
public final class PreparedTransactionSink<IN>
    implements Sink<IN>,
        SupportsCommitter<String>,
        SupportsWriterState<IN, PreparedTransactionSink.NoState> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PreparedTransactionSink.class);

  /** PostgreSQL's SQLSTATE for an unknown prepared transaction (undefined_object). */
  static final String UNDEFINED_OBJECT = "42704";

  /** PostgreSQL limits a gid to 199 bytes. */
  static final int MAX_GID_BYTES = 199;

  /** Binds one element to the insert statement. */
  @FunctionalInterface
  public interface Binder<T> extends Serializable {
    void bind(PreparedStatement ps, T element) throws SQLException;
  }

  /** Nothing: the writer keeps no state, its transactions are named after checkpoint ids. */
  public enum NoState {
    INSTANCE
  }

  private final String url;
  private final String user;
  private final JdbcPassword password;
  private final String sql;
  private final Binder<IN> binder;
  private final int batchSize;
  private final String gidPrefix;

  /** A sink whose password is given in code (a test against a fake). */
  PreparedTransactionSink(
      String url,
      String user,
      String password,
      String sql,
      Binder<IN> binder,
      int batchSize,
      String gidPrefix) {
    this(url, user, JdbcPassword.ofValue(password), sql, binder, batchSize, gidPrefix);
  }

  /**
   * @param password where each writer and committer reads the password when it connects
   * @param gidPrefix names this sink's prepared transactions; it must be the same for every
   *     submission of the same run (a resubmitted job resolves what the previous one left) and
   *     distinct from every other sink's
   */
  public PreparedTransactionSink(
      String url,
      String user,
      JdbcPassword password,
      String sql,
      Binder<IN> binder,
      int batchSize,
      String gidPrefix) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    if (gidPrefix.getBytes(StandardCharsets.UTF_8).length > MAX_GID_BYTES - 64
        || gidPrefix.contains("'")) {
      throw new IllegalArgumentException("unusable gid prefix: " + gidPrefix);
    }
    this.url = url;
    this.user = user;
    this.password = password;
    this.sql = sql;
    this.binder = binder;
    this.batchSize = batchSize;
    this.gidPrefix = gidPrefix;
  }

  String gidPrefix() {
    return gidPrefix;
  }

  @Override
  public Writer<IN> createWriter(WriterInitContext context) throws IOException {
    return new Writer<>(this, context);
  }

  @Override
  public Writer<IN> restoreWriter(WriterInitContext context, Collection<NoState> recoveredState)
      throws IOException {
    return new Writer<>(this, context);
  }

  @Override
  public SimpleVersionedSerializer<NoState> getWriterStateSerializer() {
    return new NoStateSerializer();
  }

  @Override
  public Committer<String> createCommitter(CommitterInitContext context) {
    return new GidCommitter(this);
  }

  @Override
  public SimpleVersionedSerializer<String> getCommittableSerializer() {
    return new GidSerializer();
  }

  Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password.read());
    // the driver directly: DriverManager does not see drivers of a child-first user class loader
    Connection c = new org.postgresql.Driver().connect(url, p);
    if (c == null) {
      throw new SQLException("not a PostgreSQL JDBC URL: " + url);
    }
    return c;
  }

  /** The gid of a transaction: prefix, subtask, K (see the class comment) and a sequence number. */
  static String gid(String prefix, int subtask, long checkpointId, int attempt, int seq) {
    return prefix + ":" + subtask + ":" + checkpointId + ":" + attempt + ":" + seq;
  }

  /** Subtask and K of a gid of this prefix, or null if it is not one. */
  static long[] parse(String prefix, String gid) {
    if (!gid.startsWith(prefix + ":")) {
      return null;
    }
    String[] parts = gid.substring(prefix.length() + 1).split(":");
    if (parts.length != 4) {
      return null;
    }
    try {
      return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Runs COMMIT PREPARED or ROLLBACK PREPARED; false if the gid is unknown (already resolved). */
  static boolean finish(Connection autocommit, String verb, String gid) throws SQLException {
    try (Statement s = autocommit.createStatement()) {
      s.execute(verb + " PREPARED '" + gid + "'");
      return true;
    } catch (SQLException e) {
      if (UNDEFINED_OBJECT.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  /** The writer: one connection, one local transaction between two barriers. */
  public static final class Writer<IN>
      implements CommittingSinkWriter<IN, String>, StatefulSinkWriter<IN, NoState> {
    private final PreparedTransactionSink<IN> sink;
    private final int subtask;
    private final int parallelism;
    private final int attempt;
    private final Connection connection;
    private final PreparedStatement insert;
    private long sinceCheckpoint;
    private int seq;
    private int batched;
    private long rowsInTransaction;

    Writer(PreparedTransactionSink<IN> sink, WriterInitContext context) throws IOException {
      this.sink = sink;
      this.subtask = context.getTaskInfo().getIndexOfThisSubtask();
      this.parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
      this.attempt = context.getTaskInfo().getAttemptNumber();
      this.sinceCheckpoint =
          context.getRestoredCheckpointId().orElse(InitContext.INITIAL_CHECKPOINT_ID - 1);
      try {
        this.connection = sink.connect();
        resolveLeftovers(context.getRestoredCheckpointId().isPresent());
        connection.setAutoCommit(false);
        this.insert = connection.prepareStatement(sink.sql);
      } catch (SQLException e) {
        throw new IOException("cannot open the exactly-once JDBC writer: " + e.getMessage(), e);
      }
    }

    /** Commits or rolls back what earlier attempts of this subtask (or of a wider job) prepared. */
    private void resolveLeftovers(boolean restored) throws SQLException {
      long restoredId = sinceCheckpoint;
      List<String> gids = new ArrayList<>();
      try (PreparedStatement q =
          connection.prepareStatement(
              "SELECT gid FROM pg_prepared_xacts WHERE database = current_database()"
                  + " AND starts_with(gid, ?) ORDER BY prepared")) {
        q.setString(1, sink.gidPrefix + ":");
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            gids.add(rs.getString(1));
          }
        }
      }
      for (String gid : gids) {
        long[] p = parse(sink.gidPrefix, gid);
        if (p == null || p[0] % parallelism != subtask) {
          continue;
        }
        boolean covered = restored && p[1] < restoredId;
        String verb = covered ? "COMMIT" : "ROLLBACK";
        boolean done = finish(connection, verb, gid);
        LOG.info(
            "{} PREPARED {} (restored checkpoint {}){}",
            verb,
            gid,
            restored ? restoredId : "none",
            done ? "" : ": already resolved");
      }
    }

    @Override
    public void write(IN element, Context context) throws IOException {
      try {
        sink.binder.bind(insert, element);
        insert.addBatch();
        batched++;
        rowsInTransaction++;
        if (batched >= sink.batchSize) {
          runBatch();
        }
      } catch (SQLException e) {
        throw new IOException("exactly-once JDBC write failed: " + e.getMessage(), e);
      }
    }

    private void runBatch() throws SQLException {
      if (batched > 0) {
        insert.executeBatch();
        batched = 0;
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      // rows are sent in batches and at each barrier; they become visible only on commit
    }

    @Override
    public Collection<String> prepareCommit() throws IOException {
      if (rowsInTransaction == 0) {
        return Collections.emptyList();
      }
      String gid = gid(sink.gidPrefix, subtask, sinceCheckpoint, attempt, seq++);
      try {
        runBatch();
        try (Statement s = connection.createStatement()) {
          s.execute("PREPARE TRANSACTION '" + gid + "'");
        }
      } catch (SQLException e) {
        throw new IOException("cannot prepare " + gid + ": " + e.getMessage(), e);
      }
      LOG.debug("prepared {} with {} rows", gid, rowsInTransaction);
      rowsInTransaction = 0;
      return Collections.singletonList(gid);
    }

    @Override
    public List<NoState> snapshotState(long checkpointId) {
      sinceCheckpoint = checkpointId;
      seq = 0;
      return Collections.emptyList();
    }

    @Override
    public void close() throws Exception {
      // closing rolls back the open (unprepared) transaction; prepared ones stay for the committer
      // or for the next attempt to resolve
      connection.close();
    }
  }

  /** Commits the prepared transactions of completed checkpoints. */
  static final class GidCommitter implements Committer<String> {
    private final PreparedTransactionSink<?> sink;
    private Connection connection;

    GidCommitter(PreparedTransactionSink<?> sink) {
      this.sink = sink;
    }

    @Override
    public void commit(Collection<CommitRequest<String>> requests) {
      for (CommitRequest<String> r : requests) {
        String gid = r.getCommittable();
        try {
          if (connection == null || connection.isClosed()) {
            connection = sink.connect();
          }
          if (finish(connection, "COMMIT", gid)) {
            LOG.debug("COMMIT PREPARED {}", gid);
          } else {
            LOG.info("{} was committed already", gid);
            r.signalAlreadyCommitted();
          }
        } catch (SQLException e) {
          LOG.warn("cannot commit {} (attempt {}): {}", gid, r.getNumberOfRetries(), e.toString());
          closeQuietly();
          if (r.getNumberOfRetries() >= 10) {
            r.signalFailedWithUnknownReason(e);
          } else {
            r.retryLater();
          }
        }
      }
    }

    private void closeQuietly() {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // a broken connection
        }
        connection = null;
      }
    }

    @Override
    public void close() {
      closeQuietly();
    }
  }

  static final class GidSerializer implements SimpleVersionedSerializer<String> {
    /** Version 1 was flink-connector-jdbc's xid committable; its state cannot be read here. */
    static final int VERSION = 2;

    @Override
    public int getVersion() {
      return VERSION;
    }

    @Override
    public byte[] serialize(String gid) {
      return gid.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String deserialize(int version, byte[] serialized) throws IOException {
      if (version != VERSION) {
        throw new IOException(
            "committable version "
                + version
                + " is not a prepared-transaction gid (a checkpoint of the connector's XA sink?)");
      }
      return new String(serialized, StandardCharsets.UTF_8);
    }
  }

  static final class NoStateSerializer implements SimpleVersionedSerializer<NoState> {
    @Override
    public int getVersion() {
      return 2;
    }

    @Override
    public byte[] serialize(NoState state) {
      return new byte[0];
    }

    @Override
    public NoState deserialize(int version, byte[] serialized) {
      return NoState.INSTANCE;
    }
  }
}

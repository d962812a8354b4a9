package org.recoverybench.lab;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.recoverybench.contract.SinkSql;

/**
 * The sink contract's tables. The SQL lives in one place, the contract module's {@code
 * sink-schema.sql} (beside {@link SinkSql}, the statements that write it); every lab kind applies
 * it the same way. It is idempotent.
 */
public final class SinkSchema {
  public static final String RESOURCE = SinkSql.SCHEMA_RESOURCE;

  private SinkSchema() {}

  /** The schema's SQL text. */
  public static String sql() {
    try {
      return SinkSql.schema();
    } catch (IllegalStateException | UncheckedIOException e) {
      throw new LabException(e.getMessage(), e);
    }
  }

  public static void apply(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql());
    }
  }
}

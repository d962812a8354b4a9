package org.recoverybench.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The sink contract's tables. The SQL lives in one place, {@code sink-schema.sql} beside this
 * class; every lab kind applies it the same way. It is idempotent.
 */
public final class SinkSchema {
  public static final String RESOURCE = "sink-schema.sql";

  private SinkSchema() {}

  /** The schema's SQL text. */
  public static String sql() {
    try (InputStream in = SinkSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new LabException("the sink schema resource " + RESOURCE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LabException("cannot read the sink schema: " + e.getMessage(), e);
    }
  }

  public static void apply(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql());
    }
  }
}

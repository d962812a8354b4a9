package org.recoverybench.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;

/**
 * flink-connector-jdbc's connection provider with the password read where it is ({@link
 * JdbcPassword}) by the TaskManager that connects, when it first connects: the job graph holds the
 * URL, the user and where the password is, not the password.
 */
final class PasswordConnectionProvider implements JdbcConnectionProvider {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final String user;
  private final JdbcPassword password;
  private transient SimpleJdbcConnectionProvider delegate;

  PasswordConnectionProvider(String url, String user, JdbcPassword password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  private SimpleJdbcConnectionProvider delegate() {
    if (delegate == null) {
      delegate =
          new SimpleJdbcConnectionProvider(
              new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                  .withUrl(url)
                  .withDriverName("org.postgresql.Driver")
                  .withUsername(user)
                  .withPassword(password.read())
                  .build());
    }
    return delegate;
  }

  @Override
  public Connection getConnection() {
    return delegate == null ? null : delegate.getConnection();
  }

  @Override
  public Properties getProperties() {
    Properties p = new Properties();
    p.setProperty("user", user); // no password: callers only need to know who connects
    return p;
  }

  @Override
  public boolean isConnectionValid() throws SQLException {
    return delegate != null && delegate.isConnectionValid();
  }

  @Override
  public Connection getOrEstablishConnection() throws SQLException, ClassNotFoundException {
    return delegate().getOrEstablishConnection();
  }

  @Override
  public void closeConnection() {
    if (delegate != null) {
      delegate.closeConnection();
    }
  }

  @Override
  public Connection reestablishConnection() throws SQLException, ClassNotFoundException {
    return delegate().reestablishConnection();
  }
}

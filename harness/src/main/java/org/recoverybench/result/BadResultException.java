package org.recoverybench.result;

/** A result file that cannot be read; its message is one line that names the file. */
public final class BadResultException extends RuntimeException {
  public BadResultException(String message, Throwable cause) {
    super(message, cause);
  }
}

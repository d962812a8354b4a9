package org.recoverybench.process;

/** A failure whose message is one line that a user can act on. */
public class ProcessException extends RuntimeException {
  public ProcessException(String message) {
    super(message);
  }

  public ProcessException(String message, Throwable cause) {
    super(message, cause);
  }
}

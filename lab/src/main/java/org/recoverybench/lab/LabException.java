package org.recoverybench.lab;

import org.recoverybench.process.ProcessException;

/** A lab failure whose message is one line that names the problem. */
public class LabException extends ProcessException {
  public LabException(String message) {
    super(message);
  }

  public LabException(String message, Throwable cause) {
    super(message, cause);
  }
}

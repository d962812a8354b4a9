package org.recoverybench.run;

import org.recoverybench.process.ProcessException;
import org.recoverybench.scenario.ScenarioException;

/** Errors as the one line a user sees. */
public final class Errors {
  private Errors() {}

  /** The message of an error on one line; unexpected errors name their type and root cause. */
  public static String oneLine(Throwable ex) {
    String msg;
    if (ex instanceof ProcessException
        || ex instanceof ScenarioException
        || ex instanceof org.recoverybench.result.BadResultException) {
      msg = ex.getMessage();
    } else {
      Throwable root = ex;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      msg =
          ex.getClass().getSimpleName()
              + ": "
              + ex.getMessage()
              + (root != ex ? " (caused by " + root + ")" : "")
              + " [set -Drecoverybench.debug=true for the stack trace]";
    }
    return msg == null ? ex.getClass().getName() : msg.replace('\n', ' ').replace('\r', ' ');
  }
}

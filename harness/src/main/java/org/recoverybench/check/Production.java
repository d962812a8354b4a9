package org.recoverybench.check;

/**
 * What the producer did: ids {@code 0..acknowledged-1} were acknowledged by the broker, ids up to
 * {@code configured-1} were due. "Lost" is counted against the acknowledged ids only; an id at or
 * above {@code acknowledged} may have been sent without an acknowledgement reaching the producer.
 *
 * @param acknowledged ids acknowledged by the broker, {@code 0..acknowledged-1}
 * @param configured ids the workload asked for, {@code 0..configured-1}
 * @param complete whether the producer acknowledged every configured id
 * @param error why it did not finish (its exception, or that it was still producing when the drain
 *     ended); null when complete
 */
public record Production(long acknowledged, long configured, boolean complete, String error) {
  public Production {
    if (acknowledged < 0 || acknowledged > configured) {
      throw new IllegalArgumentException(
          "acknowledged ids " + acknowledged + " outside 0.." + configured);
    }
    if (complete && acknowledged != configured) {
      throw new IllegalArgumentException(
          "a complete producer acknowledged " + acknowledged + " of " + configured + " ids");
    }
  }

  /** A producer that acknowledged every one of {@code records} ids. */
  public static Production complete(long records) {
    return new Production(records, records, true, null);
  }

  /** A producer that stopped after {@code acknowledged} of {@code configured} ids. */
  public static Production incomplete(long acknowledged, long configured, String error) {
    return new Production(acknowledged, configured, false, error);
  }
}

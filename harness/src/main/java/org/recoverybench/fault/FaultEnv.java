package org.recoverybench.fault;

import org.recoverybench.engine.EngineDriver;
import org.recoverybench.engine.TrialContext;
import org.recoverybench.lab.Lab;
import org.recoverybench.lab.proxy.TcpProxy;
import org.recoverybench.observe.History;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a fault worker may act on: the lab's services, the engine driver, the trial, its history,
 * the TCP proxy between the engines and S3 (null when the trial runs without one), and a client of
 * the lab's S3 server.
 */
public record FaultEnv(
    Lab lab,
    EngineDriver driver,
    TrialContext trial,
    History history,
    TcpProxy s3Proxy,
    S3Client s3) {

  TcpProxy requireS3Proxy(String fault) {
    if (s3Proxy == null) {
      throw new IllegalStateException(fault + " needs the S3 proxy, which this trial lacks");
    }
    return s3Proxy;
  }
}

package org.recoverybench.lab;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.recoverybench.process.Poll;
import org.recoverybench.process.ProcessRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * One lab service as a container. Every container it starts is remembered by its id, and only those
 * ids are killed, stopped and removed. With a bind mount for the data, a killed service starts
 * again as a new container on the same data.
 */
final class ContainerService implements LabService {
  private final String name;
  private final Path dir;
  private final Supplier<GenericContainer<?>> factory;
  private final String dataMount;
  private final BooleanSupplier probe;
  private final Runnable afterHealthy;
  private final List<String> started = new ArrayList<>();
  private volatile GenericContainer<?> current;

  /**
   * @param dataMount the container path of the data, bind-mounted from {@code dir/data}; null for
   *     none (the data lives and dies with the container)
   */
  ContainerService(
      String name,
      Path dir,
      Supplier<GenericContainer<?>> factory,
      String dataMount,
      BooleanSupplier probe,
      Runnable afterHealthy) {
    this.name = name;
    this.dir = dir;
    this.factory = factory;
    this.dataMount = dataMount;
    this.probe = probe;
    this.afterHealthy = afterHealthy;
  }

  @Override
  public String name() {
    return name;
  }

  GenericContainer<?> container() {
    GenericContainer<?> c = current;
    if (c == null) {
      throw new LabException(name + " was never started");
    }
    return c;
  }

  synchronized List<String> startedIds() {
    return List.copyOf(started);
  }

  private static DockerClient docker() {
    return DockerClientFactory.instance().client();
  }

  @Override
  public synchronized void start() {
    if (isRunning()) {
      throw new LabException(name + " is already running as container " + shortId());
    }
    ContainersLab.createDirs(dir, dataDir());
    GenericContainer<?> c = factory.get();
    if (dataMount != null) {
      String host = dataDir().toAbsolutePath().toString();
      c.withCreateContainerCmdModifier(
          cmd -> {
            var hc = cmd.getHostConfig();
            List<Bind> binds = new ArrayList<>();
            if (hc.getBinds() != null) {
              binds.addAll(List.of(hc.getBinds()));
            }
            binds.add(new Bind(host, new Volume(dataMount)));
            hc.withBinds(binds);
          });
    }
    c.withLabel("org.recoverybench.lab", dir.getParent().toString());
    // this JVM's mark: the reaper removes a container created but not yet recorded below
    c.withLabel(ProcessRegistry.OWNER_LABEL, ProcessRegistry.get().owner(dockerHost()));
    c.withLogConsumer(frame -> append(frame.getBytes()));
    try {
      c.start();
    } finally {
      if (c.getContainerId() != null) {
        started.add(c.getContainerId());
        // removed by its id by the reaper if this JVM is killed before it removes it
        ProcessRegistry.get().recordContainer(c.getContainerId(), dockerHost());
      }
      current = c;
    }
  }

  /** The engine's address for the docker CLI ({@code DOCKER_HOST}), as Testcontainers uses it. */
  static String dockerHost() {
    return DockerClientFactory.instance().getTransportConfig().getDockerHost().toString();
  }

  private synchronized void append(byte[] bytes) {
    if (bytes == null) {
      return;
    }
    try (OutputStream out =
        Files.newOutputStream(logFile(), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      out.write(bytes);
    } catch (IOException e) {
      // a log line lost is not worth failing the lab for
    }
  }

  @Override
  public void awaitHealthy(Duration timeout) {
    GenericContainer<?> c = container();
    boolean ok =
        Poll.until(timeout, Duration.ofMillis(200), () -> !running(c) || probe.getAsBoolean());
    if (!running(c)) {
      throw new LabException(
          name
              + " (container "
              + shortId()
              + ") exited with code "
              + exitCode(c)
              + " before it became healthy; see "
              + logFile());
    }
    if (!ok) {
      throw new LabException(
          name
              + " (container "
              + shortId()
              + ") did not become healthy within "
              + timeout.toSeconds()
              + " s; see "
              + logFile());
    }
    afterHealthy.run();
  }

  private static boolean running(GenericContainer<?> c) {
    try {
      Boolean r = docker().inspectContainerCmd(c.getContainerId()).exec().getState().getRunning();
      return Boolean.TRUE.equals(r);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Long exitCode(GenericContainer<?> c) {
    try {
      return docker().inspectContainerCmd(c.getContainerId()).exec().getState().getExitCodeLong();
    } catch (RuntimeException e) {
      return -1L;
    }
  }

  private String shortId() {
    GenericContainer<?> c = current;
    String id = c == null ? null : c.getContainerId();
    return id == null ? "none" : id.substring(0, Math.min(12, id.length()));
  }

  /** A graceful stop (SIGTERM, then SIGKILL after 20 s) of the current container, by its id. */
  @Override
  public void stop() {
    GenericContainer<?> c = current;
    if (c != null && c.getContainerId() != null && running(c)) {
      try {
        docker().stopContainerCmd(c.getContainerId()).withTimeout(20).exec();
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }

  /** {@code docker kill} (SIGKILL) of the current container, by its id. */
  @Override
  public void kill() {
    GenericContainer<?> c = current;
    if (c != null && c.getContainerId() != null && running(c)) {
      docker().killContainerCmd(c.getContainerId()).withSignal("KILL").exec();
      Poll.until(Duration.ofSeconds(30), Duration.ofMillis(100), () -> !running(c));
    }
  }

  @Override
  public void restart(Duration timeout) {
    stop();
    start();
    awaitHealthy(timeout);
  }

  @Override
  public boolean isRunning() {
    GenericContainer<?> c = current;
    return c != null && c.getContainerId() != null && running(c);
  }

  /** The host PID of the container's main process, or -1. */
  @Override
  public long pid() {
    GenericContainer<?> c = current;
    if (c == null || c.getContainerId() == null) {
      return -1;
    }
    try {
      var state = docker().inspectContainerCmd(c.getContainerId()).exec().getState();
      Long pid = state.getPidLong();
      return Boolean.TRUE.equals(state.getRunning()) && pid != null && pid > 0 ? pid : -1;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  @Override
  public Path logFile() {
    return dir.resolve(name + ".log");
  }

  @Override
  public Path dataDir() {
    return dir.resolve("data");
  }

  /**
   * Stops and removes every container this service started, each by its id; returns how many it
   * removed now (not those already gone). If the engine refuses one, the others are still removed
   * and the first refusal is thrown at the end.
   */
  synchronized int removeAll() {
    int removed = 0;
    RuntimeException failed = null;
    for (String id : started) {
      try {
        docker().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        removed++;
      } catch (com.github.dockerjava.api.exception.NotFoundException e) {
        // removed already
      } catch (RuntimeException e) {
        failed = failed == null ? e : failed;
        continue;
      }
      ProcessRegistry.get().forgetContainer(id);
    }
    if (failed != null) {
      throw new LabException(
          "cannot remove a container of " + name + ": " + ContainersLab.rootMessage(failed),
          failed);
    }
    return removed;
  }
}

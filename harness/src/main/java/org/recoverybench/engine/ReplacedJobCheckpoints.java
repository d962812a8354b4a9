package org.recoverybench.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The checkpoint directories of Flink jobs that a resubmission replaced, and their deletion.
 *
 * <p>Without JobManager high availability a killed JobManager loses its job: the job is submitted
 * again from its latest retained checkpoint, and runs under a new job id, so it checkpoints into a
 * new directory {@code <prefix>/<job id>/}. Flink restores in {@code NO_CLAIM} mode by default: the
 * new job never deletes the checkpoint it restored from, and its first checkpoint is a full one
 * that shares no file with it. The old job's directory is then the operator's to delete, once the
 * new job has completed a checkpoint of its own; until then it is the only way back. Left alone,
 * every resubmission leaves a directory behind and the storage grows without bound (the soak showed
 * 8 such directories after 7 JobManager kills).
 *
 * <p>The harness does what that operator does: it remembers each replaced job and deletes its
 * directory once the current job has a {@code chk-N/_metadata} of its own.
 */
final class ReplacedJobCheckpoints {
  private final Endpoints endpoints;
  private final String prefix;
  private final Set<String> replaced = new LinkedHashSet<>();

  /**
   * @param prefix the trial's checkpoint prefix in the lab's bucket (no bucket, no trailing slash)
   */
  ReplacedJobCheckpoints(Endpoints endpoints, String prefix) {
    this.endpoints = endpoints;
    this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  /** A job that a resubmission replaces: its directory goes once its successor has checkpointed. */
  synchronized void replaced(String jobId) {
    if (jobId != null) {
      replaced.add(jobId);
    }
  }

  /** The replaced jobs whose directories are still there. */
  synchronized List<String> pending() {
    return List.copyOf(replaced);
  }

  /**
   * Deletes the directories of the replaced jobs if the current job has completed a checkpoint;
   * returns one line for each directory deleted.
   */
  synchronized List<String> retireIfSuperseded(String currentJobId) {
    if (replaced.isEmpty() || currentJobId == null) {
      return List.of();
    }
    // the job that runs now is never deleted, even while it is being replaced (between the
    // kill's recovery marking it replaced and its successor's submission, it is still current)
    List<String> superseded = replaced.stream().filter(id -> !id.equals(currentJobId)).toList();
    if (superseded.isEmpty()) {
      return List.of();
    }
    List<String> done = new ArrayList<>();
    try (S3Client s3 = LabClients.s3(endpoints)) {
      if (keys(s3, dir(currentJobId), k -> k.endsWith("/_metadata")).isEmpty()) {
        return List.of();
      }
      for (String old : superseded) {
        List<S3Object> objects = objects(s3, dir(old));
        delete(s3, objects.stream().map(S3Object::key).toList());
        long bytes = objects.stream().mapToLong(S3Object::size).sum();
        done.add(
            "deleted the checkpoints of the replaced job "
                + old
                + " ("
                + objects.size()
                + " objects, "
                + bytes
                + " bytes) once job "
                + currentJobId
                + " had completed a checkpoint of its own");
        replaced.remove(old);
      }
    }
    return done;
  }

  private String dir(String jobId) {
    return prefix + "/" + jobId + "/";
  }

  private List<S3Object> objects(S3Client s3, String dir) {
    List<S3Object> out = new ArrayList<>();
    s3.listObjectsV2Paginator(
            ListObjectsV2Request.builder().bucket(endpoints.s3Bucket()).prefix(dir).build())
        .contents()
        .forEach(out::add);
    return out;
  }

  private List<String> keys(S3Client s3, String dir, Predicate<String> keep) {
    return objects(s3, dir).stream().map(S3Object::key).filter(keep).toList();
  }

  private void delete(S3Client s3, List<String> keys) {
    for (int i = 0; i < keys.size(); i += 1000) {
      List<ObjectIdentifier> ids =
          keys.subList(i, Math.min(keys.size(), i + 1000)).stream()
              .map(k -> ObjectIdentifier.builder().key(k).build())
              .toList();
      s3.deleteObjects(
          DeleteObjectsRequest.builder()
              .bucket(endpoints.s3Bucket())
              .delete(Delete.builder().objects(ids).build())
              .build());
    }
  }
}

package org.recoverybench.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an HDFS over WebHDFS on the NameNode's HTTP address (loopback): the footprint of a
 * directory and the files in it. A path that does not exist (yet) has no files.
 */
public final class WebHdfs {
  private static final Pattern FLAT_OBJECT = Pattern.compile("\\{[^{}]*\\}");
  private static final Pattern SUFFIX = Pattern.compile("\"pathSuffix\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([A-Z]+)\"");

  private WebHdfs() {}

  /** Bytes and files under a directory, recursively. */
  public record Footprint(long bytes, long files) {}

  /** One entry of a directory. */
  public record Entry(String name, long length, long modificationTime, boolean directory) {}

  /**
   * The bytes and files under {@code path} (no leading slash needed); 0 and 0 when it does not
   * exist. Fails when HDFS does not answer.
   */
  public static Footprint footprint(HdfsEndpoints hdfs, String path) {
    String body = call(hdfs, path, "GETCONTENTSUMMARY");
    if (body == null) {
      return new Footprint(0, 0);
    }
    long bytes = HdfsServer.number(body, "length");
    long files = HdfsServer.number(body, "fileCount");
    if (bytes < 0 || files < 0) {
      throw new LabException("WebHDFS gave no content summary for " + path + ": " + body);
    }
    return new Footprint(bytes, files);
  }

  /** The entries of directory {@code path}; empty when it does not exist. */
  public static List<Entry> list(HdfsEndpoints hdfs, String path) {
    String body = call(hdfs, path, "LISTSTATUS");
    List<Entry> out = new ArrayList<>();
    if (body == null) {
      return out;
    }
    Matcher m = FLAT_OBJECT.matcher(body);
    while (m.find()) {
      String o = m.group();
      Matcher name = SUFFIX.matcher(o);
      Matcher type = TYPE.matcher(o);
      if (name.find() && type.find()) {
        out.add(
            new Entry(
                name.group(1),
                HdfsServer.number(o, "length"),
                HdfsServer.number(o, "modificationTime"),
                type.group(1).equals("DIRECTORY")));
      }
    }
    return out;
  }

  /** The reply of one operation, or null for a path that does not exist. */
  private static String call(HdfsEndpoints hdfs, String path, String op) {
    String p = path.startsWith("/") ? path : "/" + path;
    String url = hdfs.webUrl() + "/webhdfs/v1" + p + "?op=" + op + "&user.name=recoverybench";
    try {
      java.net.HttpURLConnection c =
          (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
      c.setConnectTimeout(2000);
      c.setReadTimeout(5000);
      try {
        int code = c.getResponseCode();
        if (code == 404) {
          return null;
        }
        if (code != 200) {
          throw new LabException("WebHDFS " + op + " " + p + " answered HTTP " + code);
        }
        return new String(
            c.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      } finally {
        c.disconnect();
      }
    } catch (java.io.IOException e) {
      throw new LabException("WebHDFS at " + hdfs.webUrl() + " does not answer: " + e.getMessage());
    }
  }
}

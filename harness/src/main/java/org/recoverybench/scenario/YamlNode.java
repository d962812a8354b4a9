package org.recoverybench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node that remembers where it stood in its file, so that every validation error can say
 * {@code file:line: field: problem}.
 */
final class YamlNode {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
  private final String file;
  private final String path;
  private final Node node;

  YamlNode(String file, String path, Node node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  int line() {
    return node.getStartMark().getLine() + 1;
  }

  String path() {
    return path;
  }

  ScenarioException error(String problem) {
    return new ScenarioException(
        file + ":" + line() + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  Map<String, YamlNode> fields(Set<String> known) {
    if (!(node instanceof MappingNode m)) {
      throw error("expected a mapping of fields");
    }
    Map<String, YamlNode> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw error("field names must be plain words");
      }
      YamlNode value = new YamlNode(file, child(k.getValue()), t.getValueNode());
      if (!known.contains(k.getValue())) {
        throw new ScenarioException(
            file
                + ":"
                + (k.getStartMark().getLine() + 1)
                + ": "
                + child(k.getValue())
                + ": unknown field; known fields here: "
                + String.join(", ", known.stream().sorted().toList()));
      }
      if (out.put(k.getValue(), value) != null) {
        throw value.error("given twice");
      }
    }
    return out;
  }

  List<YamlNode> items() {
    if (!(node instanceof SequenceNode s)) {
      throw error("expected a list");
    }
    List<YamlNode> out = new ArrayList<>();
    for (int i = 0; i < s.getValue().size(); i++) {
      out.add(new YamlNode(file, path + "[" + i + "]", s.getValue().get(i)));
    }
    return out;
  }

  String text() {
    if (!(node instanceof ScalarNode s)) {
      throw error("expected a single value");
    }
    return s.getValue().trim();
  }

  long integer(long min, long max) {
    String t = text().replace("_", "");
    try {
      long v = Long.parseLong(t);
      if (v < min || v > max) {
        throw error("must be between " + min + " and " + max + ", not " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw error("'" + text() + "' is not a whole number");
    }
  }

  boolean bool() {
    return switch (text().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw error("'" + text() + "' is not true or false");
    };
  }

  Duration duration() {
    Matcher m = DURATION.matcher(text().toLowerCase(java.util.Locale.ROOT));
    if (!m.matches()) {
      throw error("'" + text() + "' is not a duration; write it like 500ms, 5s, 2m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  String oneOf(Set<String> allowed) {
    String t = text();
    if (!allowed.contains(t)) {
      throw error(
          "'" + t + "' is not one of " + String.join(", ", allowed.stream().sorted().toList()));
    }
    return t;
  }
}

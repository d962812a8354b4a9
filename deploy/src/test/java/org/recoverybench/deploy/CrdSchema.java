package org.recoverybench.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A custom resource checked against the {@code openAPIV3Schema} of its CustomResourceDefinition, as
 * the API server does with strict field validation ({@code kubectl apply --validate=strict}, the
 * default since Kubernetes 1.27): every field must be declared (or fall under {@code
 * additionalProperties} or {@code x-kubernetes-preserve-unknown-fields}), every value must have the
 * declared type and, where the schema lists them, one of its enum values, and required fields must
 * be present. {@code metadata}, {@code apiVersion} and {@code kind} are the API server's and are
 * not checked here; neither are formats, patterns or CEL rules.
 */
final class CrdSchema {
  private CrdSchema() {}

  /**
   * The schema of {@code version} in a CRD, read as a tree.
   *
   * @throws IllegalArgumentException if the CRD has no such version
   */
  static JsonNode schemaOf(JsonNode crd, String version) {
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        JsonNode schema = v.path("schema").path("openAPIV3Schema");
        if (!schema.isObject()) {
          throw new IllegalArgumentException("version " + version + " of the CRD has no schema");
        }
        return schema;
      }
    }
    throw new IllegalArgumentException(
        "the CRD " + crd.path("metadata").path("name").asText() + " has no version " + version);
  }

  /** Every violation of {@code schema} in {@code resource}, one line each; empty if none. */
  static List<String> violations(JsonNode schema, JsonNode resource) {
    List<String> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (List.of("apiVersion", "kind", "metadata").contains(f.getKey())) {
        continue;
      }
      JsonNode declared = schema.path("properties").path(f.getKey());
      if (declared.isMissingNode()) {
        out.add("." + f.getKey() + ": not a field of the resource");
      } else {
        check(declared, f.getValue(), "." + f.getKey(), out);
      }
    }
    return out;
  }

  private static void check(JsonNode schema, JsonNode value, String path, List<String> out) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!(value.isIntegralNumber() || value.isTextual())) {
        out.add(path + ": must be an integer or a string, is " + value.getNodeType());
      }
      return;
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> object(schema, value, path, out);
      case "array" -> {
        if (!value.isArray()) {
          out.add(path + ": must be an array, is " + value.getNodeType());
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(schema.path("items"), value.get(i), path + "[" + i + "]", out);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          out.add(path + ": must be a string, is " + value.getNodeType() + " (quote it)");
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          out.add(path + ": must be an integer, is " + value.getNodeType());
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          out.add(path + ": must be a number, is " + value.getNodeType());
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          out.add(path + ": must be a boolean, is " + value.getNodeType());
        }
      }
      default -> {
        // no type: anything (e.g. preserved unknown fields)
      }
    }
    JsonNode allowed = schema.path("enum");
    if (allowed.isArray() && !allowed.isEmpty()) {
      boolean found = false;
      for (JsonNode a : allowed) {
        found |= a.equals(value);
      }
      if (!found) {
        out.add(path + ": '" + value.asText() + "' is not one of " + allowed);
      }
    }
  }

  private static void object(JsonNode schema, JsonNode value, String path, List<String> out) {
    if (!value.isObject()) {
      out.add(path + ": must be an object, is " + value.getNodeType());
      return;
    }
    for (JsonNode r : schema.path("required")) {
      if (!value.has(r.asText())) {
        out.add(path + "." + r.asText() + ": required");
      }
    }
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    JsonNode additional = schema.path("additionalProperties");
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String at = path + "." + f.getKey();
      JsonNode declared = schema.path("properties").path(f.getKey());
      if (!declared.isMissingNode()) {
        check(declared, f.getValue(), at, out);
      } else if (additional.isObject()) {
        check(additional, f.getValue(), at, out);
      } else if (!preserve && !additional.asBoolean(false)) {
        out.add(at + ": not a field of the resource");
      }
    }
  }
}

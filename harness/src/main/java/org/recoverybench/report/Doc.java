package org.recoverybench.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report as a list of blocks, rendered once as Markdown (for decision records and READMEs) and
 * once as a self-contained HTML page. Inline text knows two marks only: {@code `code`} and {@code
 * **bold**}.
 */
final class Doc {
  sealed interface Block permits Heading, Para, Bullets, Table, Image {}

  record Heading(int level, String text, String anchor) implements Block {}

  record Para(String text) implements Block {}

  record Bullets(List<String> items) implements Block {}

  /**
   * A table; {@code right} marks the columns aligned right (figures). {@code classes}, where not
   * null, gives each cell a CSS class of {@link #STYLE} (null for none), and the HTML breaks such a
   * table's cells at each {@link #LINE}.
   */
  record Table(
      List<String> header, List<Boolean> right, List<List<String>> rows, List<List<String>> classes)
      implements Block {}

  /** Between the lines of a cell: a middle dot in Markdown, a line break in HTML. */
  static final String LINE = " · ";

  /** A chart: {@code file} relative to the report, {@code svg} its content. */
  record Image(String file, String alt, String svg) implements Block {}

  private final String title;
  private final List<Block> blocks = new ArrayList<>();

  Doc(String title) {
    this.title = title;
  }

  String title() {
    return title;
  }

  List<Block> blocks() {
    return blocks;
  }

  Doc h(int level, String text) {
    blocks.add(new Heading(level, text, anchor(text)));
    return this;
  }

  Doc p(String text) {
    blocks.add(new Para(text));
    return this;
  }

  Doc bullets(List<String> items) {
    blocks.add(new Bullets(List.copyOf(items)));
    return this;
  }

  Doc table(List<String> header, List<Boolean> right, List<List<String>> rows) {
    blocks.add(new Table(List.copyOf(header), List.copyOf(right), List.copyOf(rows), null));
    return this;
  }

  /** A table whose cells carry a CSS class each (null for none), e.g. the grid's colours. */
  Doc table(
      List<String> header,
      List<Boolean> right,
      List<List<String>> rows,
      List<List<String>> classes) {
    blocks.add(new Table(List.copyOf(header), List.copyOf(right), List.copyOf(rows), classes));
    return this;
  }

  Doc image(String file, String alt, String svg) {
    blocks.add(new Image(file, alt, svg));
    return this;
  }

  static String anchor(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").trim().replace(' ', '-');
  }

  // ---------------------------------------------------------------- Markdown

  String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(title).append("\n");
    for (Block b : blocks) {
      sb.append('\n');
      if (b instanceof Heading h) {
        sb.append("#".repeat(h.level())).append(' ').append(h.text()).append('\n');
      } else if (b instanceof Para p) {
        sb.append(p.text()).append('\n');
      } else if (b instanceof Bullets l) {
        l.items().forEach(i -> sb.append("- ").append(i).append('\n'));
      } else if (b instanceof Table t) {
        sb.append("| ").append(String.join(" | ", t.header().stream().map(Doc::cell).toList()));
        sb.append(" |\n|");
        for (int i = 0; i < t.header().size(); i++) {
          sb.append(t.right().get(i) ? "---:|" : "---|");
        }
        sb.append('\n');
        for (List<String> row : t.rows()) {
          sb.append("| ").append(String.join(" | ", row.stream().map(Doc::cell).toList()));
          sb.append(" |\n");
        }
      } else if (b instanceof Image i) {
        sb.append("![").append(i.alt()).append("](").append(i.file()).append(")\n");
      }
    }
    return sb.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  // ---------------------------------------------------------------- HTML

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");

  /**
   * A link to an anchor of the report, or to a Markdown file of the repository by relative path.
   */
  private static final Pattern LINK =
      Pattern.compile("\\[([^\\]]+)\\]\\((#[a-z0-9-]+|[A-Za-z0-9_.][A-Za-z0-9_./-]*\\.md)\\)");

  static String inline(String text) {
    String s = escape(text);
    // code first, so that ** inside code stays literal
    List<String> codes = new ArrayList<>();
    Matcher m = CODE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      codes.add(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement("\u0000" + (codes.size() - 1) + "\u0000"));
    }
    m.appendTail(out);
    s = BOLD.matcher(out.toString()).replaceAll("<strong>$1</strong>");
    s = LINK.matcher(s).replaceAll("<a href=\"$2\">$1</a>");
    for (int i = 0; i < codes.size(); i++) {
      s = s.replace("\u0000" + i + "\u0000", "<code>" + codes.get(i) + "</code>");
    }
    return s;
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static final String STYLE =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#1a1a1a;line-height:1.45}
      h1{border-bottom:2px solid #333}h2{border-bottom:1px solid #bbb;margin-top:2em}
      table{border-collapse:collapse;margin:1em 0;font-size:0.9em}
      th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top}th{background:#f0f0f0}
      td.r{text-align:right;white-space:nowrap}tr:nth-child(even) td{background:#fafafa}
      code{background:#f3f3f3;padding:0 3px;border-radius:3px}
      img{max-width:100%;border:1px solid #ddd;margin:0.5em 0}
      .table-wrap{max-width:100%;overflow-x:auto}
      table.grid td{min-width:11em}
      table.grid td.g-clean{background:#e3f0f9;border-left:6px solid #0072B2}
      table.grid td.g-dup{background:#fbefd6;border-left:6px solid #E69F00}
      table.grid td.g-loss{background:#f9e0d0;border-left:6px solid #D55E00}
      table.grid td.g-halt{background:#fcf9d9;border-left:6px solid #F0E442}
      table.grid td.g-none{background:#f0f0f0;border-left:6px solid #999999;color:#444}
      .verdict-confirmed{color:#1b7a1b;font-weight:bold}.verdict-refuted{color:#b00020;font-weight:bold}
      .verdict-partly{color:#a05a00;font-weight:bold}.verdict-undecided{color:#555;font-weight:bold}
      """;

  /** One page, no external resource: charts are embedded as data URIs. */
  String html(Map<String, String> verdictClasses) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    sb.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    sb.append("<title>").append(escape(title)).append("</title>\n");
    sb.append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
    sb.append("<h1>").append(escape(title)).append("</h1>\n");
    for (Block b : blocks) {
      if (b instanceof Heading h) {
        sb.append("<h")
            .append(h.level())
            .append(" id=\"")
            .append(h.anchor())
            .append("\">")
            .append(inline(h.text()))
            .append("</h")
            .append(h.level())
            .append(">\n");
      } else if (b instanceof Para p) {
        sb.append("<p>").append(inline(p.text())).append("</p>\n");
      } else if (b instanceof Bullets l) {
        sb.append("<ul>\n");
        l.items().forEach(i -> sb.append("<li>").append(inline(i)).append("</li>\n"));
        sb.append("</ul>\n");
      } else if (b instanceof Table t) {
        table(sb, t, verdictClasses);
      } else if (b instanceof Image i) {
        sb.append("<figure><img alt=\"")
            .append(escape(i.alt()))
            .append("\" src=\"data:image/svg+xml;base64,")
            .append(Base64.getEncoder().encodeToString(i.svg().getBytes(StandardCharsets.UTF_8)))
            .append("\"><figcaption>")
            .append(escape(i.alt()))
            .append("</figcaption></figure>\n");
      }
    }
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  /** A table in a wrapper that scrolls sideways when the table is wider than the page. */
  private static void table(StringBuilder sb, Table t, Map<String, String> verdictClasses) {
    sb.append("<div class=\"table-wrap\">\n");
    sb.append(t.classes() == null ? "<table>" : "<table class=\"grid\">");
    sb.append("\n<thead><tr>");
    t.header().forEach(hd -> sb.append("<th>").append(inline(hd)).append("</th>"));
    sb.append("</tr></thead>\n<tbody>\n");
    for (int r = 0; r < t.rows().size(); r++) {
      List<String> row = t.rows().get(r);
      sb.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        String css = verdictClasses.get(row.get(i));
        String cellClass = t.classes() == null ? null : t.classes().get(r).get(i);
        if (cellClass != null) {
          sb.append("<td class=\"").append(cellClass).append("\">");
        } else {
          sb.append(t.right().get(i) ? "<td class=\"r\">" : "<td>");
        }
        if (css != null) {
          sb.append("<span class=\"").append(css).append("\">");
        }
        sb.append(
            t.classes() == null
                ? inline(row.get(i))
                : String.join("<br>", inline(row.get(i)).split(" · ")));
        if (css != null) {
          sb.append("</span>");
        }
        sb.append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</tbody>\n</table>\n</div>\n");
  }
}

// Notebook reports as one self-contained HTML file: embedded CSS, highlighted sources, outputs,
// figures as base64 PNG, Markdown cells rendered by Ink without raw HTML or script URLs unless
// --allow-html (Notebook+MarkdownHTML.swift, Notebook+Sanitize.swift).
import Builtins
import Foundation
import Interp

enum HTMLReport {
  static let css = """
    :root { --fg: #1d1f21; --muted: #6a737d; --line: #e1e4e8; --bg: #f6f8fa; --err: #b31d28; }
    body { font: 15px/1.55 -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg);
      max-width: 58rem; margin: 2rem auto; padding: 0 1rem; }
    header.report { border-bottom: 1px solid var(--line); margin-bottom: 1.5rem; }
    header.report h1 { font-size: 1.4rem; margin: 0 0 .4rem; }
    header.report dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem;
      font-size: .85rem; color: var(--muted); margin: 0 0 1rem; }
    header.report dd { margin: 0; font-family: "DejaVu Sans Mono", monospace; word-break: break-all; }
    section.cell { margin: 0 0 1.2rem; }
    section.markdown { margin: 1.4rem 0 1rem; }
    .cell-title { font-size: .8rem; color: var(--muted); margin: 0 0 .2rem; }
    pre { font: 13px/1.45 "DejaVu Sans Mono", Menlo, Consolas, monospace; margin: 0;
      padding: .55rem .75rem; overflow-x: auto; white-space: pre; }
    pre.source, pre.markdown-source { background: var(--bg); border: 1px solid var(--line);
      border-radius: 4px; }
    pre.stdout, pre.value { border-left: 3px solid var(--line); margin-top: .3rem; }
    pre.value::before { content: "Out: "; color: var(--muted); }
    pre.error { border-left: 3px solid var(--err); color: var(--err); background: #ffeef0;
      margin-top: .3rem; }
    pre.warning { border-left: 3px solid #d4a72c; color: #735c0f; background: #fff8c5;
      margin-top: .3rem; }
    section.not-run pre.source { opacity: .5; }
    p.not-run { color: var(--muted); font-size: .85rem; margin: .2rem 0 0; }
    figure { margin: .5rem 0 0; }
    figure img { max-width: 100%; height: auto; }
    img.math { display: inline-block; }
    .math-display { display: block; text-align: center; margin: .4rem 0; }
    .k { color: #a626a4; font-weight: 600; } .n { color: #986801; } .s { color: #50a14f; }
    .b { color: #4078f2; } .o { color: #0184bc; } .c { color: #a0a1a7; font-style: italic; }
    .e { color: var(--err); text-decoration: underline wavy; }
    nav.toc { border-bottom: 1px solid var(--line); margin-bottom: 1.5rem; padding-bottom: .8rem; }
    nav.toc .toc-title { font-weight: 600; margin: 0 0 .3rem; }
    nav.toc ul { list-style: none; padding: 0; margin: 0; }
    nav.toc .toc-2 { padding-left: 1.2rem; } nav.toc .toc-3 { padding-left: 2.4rem; }
    nav.toc .toc-4, nav.toc .toc-5, nav.toc .toc-6 { padding-left: 3.6rem; }
    @media print {
      pre { white-space: pre-wrap; overflow-wrap: anywhere; overflow-x: visible; }
      figure, pre.error { break-inside: avoid; }
    }
    """

  /// The header line of a report made with `--allow-html`.
  static func allowed(_ header: NotebookHeader) -> String {
    let line = "\n<dt>raw HTML</dt><dd class=\"allow-html\">allowed (--allow-html)</dd>"
    return header.allowHTML ? line : ""
  }

  static func render(header: NotebookHeader, results: [CellResult]) -> String {
    let builtins = Set(allBuiltins.map { $0.module.isEmpty ? $0.name : $0.module })
    let name = (header.path as NSString).lastPathComponent
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="generator" content="FSL \(escapeHTML(header.version))">
      <title>\(escapeHTML(name))</title>
      <style>
      \(css)
      </style>
      </head>
      <body>
      <header class="report">
      <h1>\(escapeHTML(name))</h1>
      <dl>
      <dt>FSL</dt><dd class="version">\(escapeHTML(header.version))</dd>
      <dt>date</dt><dd class="date">\(escapeHTML(header.date))</dd>
      <dt>seed</dt><dd class="seed">\(header.seed)</dd>
      <dt>source SHA-256</dt><dd class="sha256">\(header.sha256)</dd>\(allowed(header))
      </dl>
      </header>

      """
    let markdown = MarkdownCellRenderer(allowHTML: header.allowHTML)
    var toc = TableOfContents()
    toc.used = Set((1...max(1, results.count)).map { "cell-\($0)" })
    var body = ""
    for (i, r) in results.enumerated() {
      let section = cell(r, index: i + 1, markdown: markdown, builtins: builtins)
      body += header.toc && r.cell.kind == .markdown ? toc.addingIDs(section) : section
    }
    out += toc.html + "<main>\n" + body + "</main>\n</body>\n</html>\n"
    return out
  }

  /// Ink 0.6 starts a new paragraph at a line that begins with an inline code span; CommonMark
  /// continues the paragraph. Such a line is joined to the text line before it (fences, lists,
  /// headings, quotes and blank lines are left alone).
  static func joiningCodeLines(_ markdown: String) -> String {
    var lines: [String] = []
    for line in markdown.components(separatedBy: "\n") {
      let isCode = line.hasPrefix("`") && !line.hasPrefix("```")
      if isCode, let last = lines.last, !last.trimmingCharacters(in: .whitespaces).isEmpty,
        !["#", "-", "*", ">", "|", "`"].contains(where: { last.hasPrefix($0) })
      {
        lines[lines.count - 1] = last + " " + line
      } else {
        lines.append(line)
      }
    }
    return lines.joined(separator: "\n")
  }

  static func cell(
    _ r: CellResult, index: Int, markdown: MarkdownCellRenderer, builtins: Set<String>
  ) -> String {
    let c = r.cell
    if c.kind == .markdown {
      return "<section class=\"cell markdown\" id=\"cell-\(index)\">\n"
        + markdown.html(c.source) + "\n</section>\n"
    }
    var classes = "cell code"
    if r.error != nil { classes += " failed" }
    if !r.ran { classes += " not-run" }
    var out = "<section class=\"\(classes)\" id=\"cell-\(index)\" data-line=\"\(c.line)\">\n"
    if let t = c.title { out += "<p class=\"cell-title\">\(escapeHTML(t))</p>\n" }
    out +=
      "<pre class=\"source\"><code>\(Highlight.html(c.source, builtins: builtins))</code></pre>\n"
    if !r.ran {
      return out + "<p class=\"not-run\">not run: an earlier cell failed</p>\n</section>\n"
    }
    if !r.stdout.isEmpty { out += "<pre class=\"stdout\">\(escapeHTML(trimmed(r.stdout)))</pre>\n" }
    if !r.warnings.isEmpty {
      out += "<pre class=\"warning\">\(escapeHTML(trimmed(r.warnings)))</pre>\n"
    }
    if let v = r.value { out += "<pre class=\"value\">\(escapeHTML(v))</pre>\n" }
    for (k, png) in r.figures.enumerated() {
      out += "<figure><img alt=\"figure \(k + 1) of cell \(index)\" "
      out += "src=\"data:image/png;base64,\(Data(png).base64EncodedString())\"></figure>\n"
    }
    if let e = r.error { out += "<pre class=\"error\">\(escapeHTML(e))</pre>\n" }
    return out + "</section>\n"
  }

  /// Output without its final newline (the `<pre>` adds the line break).
  static func trimmed(_ s: String) -> String {
    s.hasSuffix("\n") ? String(s.dropLast()) : s
  }
}

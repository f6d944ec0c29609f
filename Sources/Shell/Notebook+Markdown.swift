// Notebook reports as Markdown, with figures written as PNG files beside the report. A `.md` is
// rendered by whoever views it, so it gets the HTML report's default too: raw HTML in Markdown
// cells and titles is escaped (`&lt;`) and script URLs become `#`, unless --allow-html.
import Foundation

/// Notebook reports as Markdown: code in ```fsl fences, outputs in ```text fences, figures as
/// PNG files next to the report (`NAME-cellN-K.png`), Markdown cells as they are apart from
/// raw HTML and unsafe link destinations (kept with `--allow-html`).
enum MarkdownReport {
  static func write(header: NotebookHeader, results: [CellResult], to path: String) throws {
    let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    let dir = (path as NSString).deletingLastPathComponent
    let name = (header.path as NSString).lastPathComponent
    let allowHTML = header.allowHTML
    func inline(_ text: String) -> String {
      allowHTML ? text : MarkdownSafety.escapingLine(Substring(text), for: .viewer)
    }
    var out = "# \(inline(name))\n\n"
    out += "- FSL: \(header.version)\n- date: \(header.date)\n- seed: \(header.seed)\n"
    out += "- source SHA-256: `\(header.sha256)`\n"
    if allowHTML { out += "- raw HTML: allowed (--allow-html)\n" }
    out += "\n"
    if header.toc {
      var toc = TableOfContents()
      _ = toc.uniqueID(name)  // the report's own `# NAME` heading
      for r in results where r.cell.kind == .markdown { toc.collectMarkdownHeadings(r.cell.source) }
      out += allowHTML ? toc.markdown : MarkdownSafety.escapingRawHTML(toc.markdown, for: .viewer)
    }
    for (i, r) in results.enumerated() {
      let c = r.cell
      if c.kind == .markdown {
        out +=
          allowHTML ? c.source : MarkdownSafety.escapingRawHTML(c.source, for: .viewer)
        out += "\n\n"
        continue
      }
      if let t = c.title { out += "*\(inline(t))*\n\n" }
      out += fenced(c.source, info: "fsl")
      if !r.ran {
        out += "*not run: an earlier cell failed*\n\n"
        continue
      }
      if !r.stdout.isEmpty { out += fenced(HTMLReport.trimmed(r.stdout), info: "text") }
      if !r.warnings.isEmpty {
        out += "**Warnings**\n\n" + fenced(HTMLReport.trimmed(r.warnings), info: "text")
      }
      if let v = r.value { out += fenced("Out: " + v, info: "text") }
      for (k, png) in r.figures.enumerated() {
        let file = "\(base)-cell\(i + 1)-\(k + 1).png"
        let full = dir.isEmpty ? file : (dir as NSString).appendingPathComponent(file)
        try writeAtomically(Data(png), to: full)
        out += "![figure \(k + 1) of cell \(i + 1)](\(file))\n\n"
      }
      if let e = r.error { out += "**Error**\n\n" + fenced(e, info: "text") }
    }
    try writeAtomically(Data(out.utf8), to: path)
  }

  /// A fenced code block whose fence is longer than any run of backticks in `text`.
  static func fenced(_ text: String, info: String) -> String {
    var longest = 0
    var run = 0
    for ch in text {
      run = ch == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    return "\(fence)\(info)\n\(text)\n\(fence)\n\n"
  }
}

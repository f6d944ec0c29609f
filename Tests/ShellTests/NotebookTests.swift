// Notebook reports without the binary (Shell/Notebook*.swift, Highlight.swift): cells, Markdown
// to HTML with CommonMark escapes, math as SVG, --toc, the sanitizer, highlighting.
import Foundation
import XCTest

@testable import Shell

final class NotebookTests: XCTestCase {
  let markdown = MarkdownCellRenderer()

  func testSplitsPercentCells() {
    let cells = NotebookCell.split(
      """
      # A header comment
      # %% [markdown]
      # # Title
      # text
      #
      # %% load
      x = 1

      # %%%
      # %% shown [md]
      # more
      """)
    XCTAssertEqual(cells.map(\.kind), [.markdown, .code, .markdown])
    XCTAssertEqual(cells[0].source, "# Title\ntext")
    XCTAssertEqual(cells[0].line, 3)
    XCTAssertEqual(cells[1].title, "load")
    XCTAssertEqual(cells[1].source, "x = 1\n\n# %%%", "`# %%%` is not a marker")
    XCTAssertEqual(cells[1].line, 7)
    XCTAssertEqual(cells[2].title, "shown")
    XCTAssertEqual(cells[2].source, "more")
    // Code before the first marker is a cell; a comment-only header is not.
    XCTAssertEqual(NotebookCell.split("y = 2\n# %%\nz = 3").map(\.source), ["y = 2", "z = 3"])
  }

  func testMarkdownToHTML() {
    XCTAssertEqual(
      markdown.html("# Hi\n\nSome *em* and `code`."),
      "<h1>Hi</h1><p>Some <em>em</em> and <code>code</code>.</p>")
    // An inline code span at a line start stays in its paragraph (Ink would split it).
    XCTAssertEqual(markdown.html("call\n`f(x)` now"), "<p>call <code>f(x)</code> now</p>")
    XCTAssertTrue(
      markdown.html("[site](https://example.com)")
        .contains("<a href=\"https://example.com\">site</a>"))
  }

  func testBackslashEscapesFollowCommonMark() {
    let html = markdown.html(#"C:\Users and C:\\x, \*not em\*, a\_b"#)
    XCTAssertEqual(html, #"<p>C:\Users and C:\x, *not em*, a_b</p>"#)
    let p = ProtectedMarkdown(#"\* and \a"#)
    XCTAssertEqual(p.pieces, ["*", "\\"])
    XCTAssertEqual(p.restore(p.text), #"* and \a"#)
    // In code a backslash is left alone.
    XCTAssertEqual(ProtectedMarkdown(#"`\*`"#).text, #"`\*`"#)
  }

  func testMathSpans() {
    let p = ProtectedMarkdown("`$x$` $a_1$, $$\\frac{1}{2}$$ cost $5 and $10.")
    XCTAssertEqual(Array(p.math.values).sorted(), ["$$\\frac{1}{2}$$", "$a_1$"])
    XCTAssertTrue(p.text.hasPrefix("`$x$` "), "no math in code")
    XCTAssertTrue(p.text.hasSuffix(" cost $5 and $10."), "prices are not math")
    XCTAssertNil(ProtectedMarkdown.mathEnd(Array("$ x$"), from: 0), "a blank after the $")
  }

  func testMathIsTypesetAsInlineSVG() throws {
    let inline = MathHTML.html("$x^2$")
    XCTAssertTrue(inline.hasPrefix("<img class=\"math\" src=\"data:image/svg+xml;base64,"), inline)
    XCTAssertTrue(inline.contains(" alt=\"x^2\" "), inline)
    XCTAssertTrue(inline.contains("vertical-align:-"), inline)
    let b64 = inline.split(separator: ",")[1].prefix { $0 != "\"" }
    let svg = String(decoding: try XCTUnwrap(Data(base64Encoded: String(b64))), as: UTF8.self)
    XCTAssertTrue(svg.contains("<svg") && svg.contains("<path"), svg)
    XCTAssertFalse(svg.contains("<script"))
    let display = MathHTML.html("$$\\sum_i x_i$$")
    XCTAssertTrue(display.hasPrefix("<span class=\"math-display\"><img class=\"math\""), display)
    XCTAssertFalse(display.contains("vertical-align"), display)
    // In a cell: typeset, no raw `$` left.
    let cell = markdown.html("Weights $\\alpha$ here")
    XCTAssertTrue(cell.hasPrefix("<p>Weights <img class=\"math\""), cell)
    XCTAssertFalse(cell.contains("$"), cell)
  }

  func testTableOfContentsIDsAndLinks() {
    var toc = TableOfContents()
    XCTAssertEqual(toc.uniqueID("Data & Results!"), "data--results")
    XCTAssertEqual(toc.uniqueID("Data & Results"), "data--results-1")
    XCTAssertEqual(toc.uniqueID("!!"), "section")
    var html = TableOfContents()
    let cell = html.addingIDs("<h1>Intro</h1><p>x</p><h2>Intro</h2>")
    XCTAssertEqual(cell, "<h1 id=\"intro\">Intro</h1><p>x</p><h2 id=\"intro-1\">Intro</h2>")
    XCTAssertTrue(html.html.contains("<li class=\"toc-2\"><a href=\"#intro-1\">Intro</a></li>"))
    var md = TableOfContents()
    md.collectMarkdownHeadings("# A [b]\n```\n# no\n```\n## C ##\n")
    XCTAssertEqual(md.markdown, "**Contents**\n\n- [A \\[b\\]](#a-b)\n  - [C](#c)\n\n")
    XCTAssertEqual(TableOfContents().html, "", "no headings, no contents")
  }

  func testSanitizerRemovesScriptsAndHandlers() {
    let html = markdown.html(
      """
      <script>alert(1)</script> <img src=x onerror="alert(2)">
      [a](javascript:alert(3)) ![i](x"onerror="alert(4))
      """)
    let lower = html.lowercased()
    XCTAssertFalse(lower.contains("<script"), html)
    XCTAssertFalse(lower.contains("<img src=x"), html)
    XCTAssertNil(lower.range(of: #"<[^>]*\son[a-z]+\s*="#, options: .regularExpression), html)
    XCTAssertFalse(lower.contains("href=\"javascript"), html)
    XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html)
    // --allow-html keeps raw HTML.
    XCTAssertTrue(MarkdownCellRenderer(allowHTML: true).html("<b>x</b>").contains("<b>x</b>"))
  }

  func testURLPolicyAndAllowList() {
    XCTAssertEqual(MarkdownSafety.safeURL("https://a.b/c", image: false), "https://a.b/c")
    XCTAssertEqual(MarkdownSafety.safeURL("docs/x.md#y", image: false), "docs/x.md#y")
    XCTAssertNil(MarkdownSafety.safeURL(" JaVa\tScript:alert(1)", image: false))
    XCTAssertNil(MarkdownSafety.safeURL("data:image/png;base64,AAAA", image: false))
    XCTAssertNotNil(MarkdownSafety.safeURL("data:image/png;base64,AAAA", image: true))
    XCTAssertNil(MarkdownSafety.safeURL("data:text/html;base64,AAAA", image: true))
    XCTAssertTrue(MarkdownSafety.isAllowed("<p><a href=\"https://x\">t</a></p>"))
    XCTAssertFalse(MarkdownSafety.isAllowed("<p onclick=\"x\">t</p>"))
    XCTAssertFalse(MarkdownSafety.isAllowed("<iframe src=\"https://x\"></iframe>"))
    XCTAssertFalse(MarkdownSafety.isAllowed("<a href=\"javascript:x\">t</a>"))
    XCTAssertEqual(
      MarkdownSafety.escapingRawHTML("<b> `<i>`\n```\n<u>\n```"), "&lt;b> `<i>`\n```\n<u>\n```")
  }

  func testHighlightSpans() {
    let html = Highlight.html(
      "fn f(x) return len(x) + 1.5 end # note <b>\ns = \"a\"", builtins: ["len"])
    XCTAssertTrue(
      html.hasPrefix("<span class=\"k\">fn</span> f(x) <span class=\"k\">return</span>"))
    XCTAssertTrue(html.contains("<span class=\"b\">len</span>(x)"), html)
    XCTAssertTrue(html.contains("<span class=\"o\">+</span> <span class=\"n\">1.5</span>"), html)
    XCTAssertTrue(html.contains("<span class=\"c\"># note &lt;b&gt;</span>\n"), html)
    XCTAssertTrue(
      html.hasSuffix("s <span class=\"o\">=</span> <span class=\"s\">&quot;a&quot;</span>"))
    XCTAssertEqual(
      escapeHTML("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;")
  }

  func testRunsCellsAndRendersAReport() throws {
    let text =
      "# %% [markdown]\n# # Report\n# %%\nx = 6 * 7\nprint(x)\nx\n# %%\n[1][4]\n# %%\nx + 1"
    let cells = NotebookCell.split(text)
    let results = NotebookRunner(path: "nb.fsl").run(cells, fullText: text)
    XCTAssertEqual(results.map(\.ran), [false, true, true, false])
    XCTAssertEqual(results[1].stdout, "42\n")
    XCTAssertEqual(results[1].value, "42")
    // The error position is the file's own line.
    XCTAssertTrue(
      results[2].error?.hasPrefix("nb.fsl:8:1: error: IndexError") ?? false, "\(results[2])")
    let kept = NotebookRunner(path: "nb.fsl", keepGoing: true).run(cells, fullText: text)
    XCTAssertEqual(kept[3].value, "43")
    var header = NotebookHeader(
      path: "dir/nb.fsl", source: Array(text.utf8), date: Date(timeIntervalSince1970: 0))
    header.toc = true
    let html = HTMLReport.render(header: header, results: results)
    XCTAssertTrue(html.contains("<title>nb.fsl</title>"), html)
    XCTAssertTrue(html.contains("<dd class=\"date\">1970-01-01T00:00:00Z</dd>"), html)
    XCTAssertTrue(html.contains("<nav class=\"toc\">"), html)
    XCTAssertTrue(html.contains("<pre class=\"value\">42</pre>"), html)
    XCTAssertTrue(
      html.contains("<section class=\"cell code failed\" id=\"cell-3\" data-line=\"8\">"))
    XCTAssertTrue(html.contains("<p class=\"not-run\">not run: an earlier cell failed</p>"))
    XCTAssertEqual(header.sha256.count, 64)
  }

  func testMarkdownReportFencesAndEscapes() throws {
    XCTAssertEqual(MarkdownReport.fenced("a ``` b", info: "text"), "````text\na ``` b\n````\n\n")
    let dir = try temporaryFolder("md")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let cells = NotebookCell.split("# %% [markdown]\n# hi <script>x</script>\n# %%\nprint(1)")
    let results = NotebookRunner(path: "nb.fsl").run(cells, fullText: "")
    let header = NotebookHeader(path: "nb.fsl", source: [])
    try MarkdownReport.write(header: header, results: results, to: dir + "/r.md")
    let md = try String(contentsOfFile: dir + "/r.md", encoding: .utf8)
    XCTAssertTrue(md.hasPrefix("# nb.fsl\n\n- FSL: \(fslVersion)\n"), md)
    XCTAssertTrue(md.contains("hi &lt;script>x&lt;/script>\n\n"), md)
    XCTAssertTrue(md.contains("```fsl\nprint(1)\n```\n\n```text\n1\n```\n"), md)
  }

  func testWarningsAreShownInTheirCell() throws {
    let text = "# %%\nf = plot.figure()\nf.line([1, 2], [nan, 1]);\nprint(2)\n# %%\nprint(3)"
    let results = NotebookRunner(path: "nb.fsl").run(NotebookCell.split(text), fullText: text)
    let warning = "warning: line: skipped 1 non-finite value (nan or inf)"
    XCTAssertEqual(results.map(\.warnings), [warning + "\n", ""])
    let header = NotebookHeader(path: "nb.fsl", source: [])
    let html = HTMLReport.render(header: header, results: results)
    XCTAssertTrue(html.contains("<pre class=\"warning\">\(warning)</pre>"), html)
    let dir = try temporaryFolder("mdw")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try MarkdownReport.write(header: header, results: results, to: dir + "/r.md")
    let md = try String(contentsOfFile: dir + "/r.md", encoding: .utf8)
    XCTAssertTrue(md.contains("```text\n2\n```\n\n**Warnings**\n\n```text\n\(warning)\n```"), md)
  }

  func testMarkdownReportMathKeepsLessThan() {
    XCTAssertEqual(
      MarkdownSafety.escapingRawHTML("$a<b$, $x < 1$, $$p</q$$ and <i>", for: .viewer),
      "$a< b$, $x < 1$, $$p< /q$$ and &lt;i>")
    // An HTML report's math is typeset from the source: Ink gets `&lt;` as before.
    XCTAssertEqual(MarkdownSafety.escapingRawHTML("$a<b$"), "$a&lt;b$")
    // `$5 and <b>` is no math span: the `<` is escaped.
    XCTAssertEqual(MarkdownSafety.escapingRawHTML("$5 and <b>", for: .viewer), "$5 and &lt;b>")
  }
}

final class InlineImageTests: XCTestCase {
  func testKittyChunksAndITermInline() {
    let png = [UInt8](repeating: 7, count: 4000)  // 5336 base64 bytes: two kitty chunks
    let b64 = Data(png).base64EncodedString()
    let kitty = InlineImage.escape(for: png, kind: .kitty)
    XCTAssertEqual(
      kitty,
      "\u{1B}_Ga=T,f=100,m=1;\(b64.prefix(4096))\u{1B}\\"
        + "\u{1B}_Gm=0;\(b64.dropFirst(4096))\u{1B}\\")
    XCTAssertEqual(
      InlineImage.escape(for: [1, 2, 3], kind: .iterm),
      "\u{1B}]1337;File=inline=1;size=3;preserveAspectRatio=1:AQID\u{07}")
    XCTAssertNil(InlineImage.escape(for: png, kind: nil))
  }
}

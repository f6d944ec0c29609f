// `fsl notebook` reports are shared, so Markdown cells must not run script (docs/notebook.md,
// "Markdown cells and raw HTML"): the payloads in Tests/golden/notebook/markdown_payloads.fsl,
// random Markdown built from the same pieces, ordinary Markdown that must still render
// (markdown_plain.fsl), `--allow-html`, and Markdown reports.
import Foundation
import XCTest

extension NotebookTests {
  var payloads: String { "Tests/golden/notebook/markdown_payloads.fsl" }

  /// The HTML of every Markdown cell of a report.
  func markdownSections(_ html: String) -> [String] {
    html.components(separatedBy: "<section class=\"cell markdown\"").dropFirst().map {
      let body = $0.components(separatedBy: "</section>")[0]
      return String(body.drop { $0 != ">" }.dropFirst())
    }
  }

  /// What is wrong with the tags of rendered Markdown, checked independently of the renderer:
  /// each `<…>` must be an allowed tag with allowed, double-quoted attributes, and `href`/`src`
  /// must not have a scheme other than http(s), mailto (or data:image for `img src`).
  func unsafeTags(_ html: String) -> [String] {
    let attributes: [String: Set<String>] = [
      "a": ["href", "title"], "img": ["src", "alt", "title"], "code": ["class"], "ol": ["start"],
      "th": ["align"], "td": ["align"],
    ]
    let plain: Set<String> = [
      "p", "br", "em", "strong", "s", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "li",
      "blockquote", "table", "thead", "tbody", "tr", "hr",
    ]
    let tag = try? NSRegularExpression(pattern: #"<[^>]*>?"#)
    let shape = try? NSRegularExpression(
      pattern: #"^<(/?)([a-z0-9]+)((?: [a-z]+="[^"<>]*")*) ?/?>$"#)
    let attribute = try? NSRegularExpression(pattern: #" ([a-z]+)="([^"]*)""#)
    var problems: [String] = []
    let ns = html as NSString
    for m in tag?.matches(in: html, range: NSRange(location: 0, length: ns.length)) ?? [] {
      let t = ns.substring(with: m.range)
      let tn = t as NSString
      guard let s = shape?.firstMatch(in: t, range: NSRange(location: 0, length: tn.length)) else {
        problems.append("malformed tag \(t)")
        continue
      }
      let name = tn.substring(with: s.range(at: 2))
      guard plain.contains(name) || attributes[name] != nil else {
        problems.append("tag \(t)")
        continue
      }
      for a in attribute?.matches(in: t, range: NSRange(location: 0, length: tn.length)) ?? [] {
        let key = tn.substring(with: a.range(at: 1))
        guard attributes[name]?.contains(key) == true else {
          problems.append("attribute \(key) in \(t)")
          continue
        }
        guard key == "href" || key == "src" else { continue }
        var v = tn.substring(with: a.range(at: 2))
        for (e, c) in [("&quot;", "\""), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">")] {
          v = v.replacingOccurrences(of: e, with: c)
        }
        v = v.replacingOccurrences(of: "&amp;", with: "&")
        if v.contains("&#") { problems.append("entity in URL \(t)") }
        var scalars = v.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        while let f = scalars.first, f.value <= 0x20 { scalars.removeFirst() }
        let url = String(String.UnicodeScalarView(scalars)).lowercased()
        if url.range(of: #"^[a-z][a-z0-9+.-]*:"#, options: .regularExpression) == nil { continue }
        let image =
          name == "img"
          && url.range(
            of: #"^data:image/(png|jpeg|gif|webp);base64,"#, options: .regularExpression) != nil
        let ok = ["http:", "https:", "mailto:"].contains { url.hasPrefix($0) }
        if !ok && !image { problems.append("URL in \(t)") }
      }
    }
    return problems
  }

  func testMarkdownPayloadsAreNotLive() throws {
    let out = try tempDir().appendingPathComponent("payloads.html")
    let r = try fsl(["notebook", payloads, "-o", out.path])
    XCTAssertEqual(r.status, 0, r.err)
    let html = try read(out)
    let lower = html.lowercased()
    for bad in ["<script", "<iframe", "<svg", "<math", "<!--"] {
      XCTAssertFalse(lower.contains(bad), "report contains \(bad)")
    }
    // Text has its `<` escaped, so every `<` starts a tag: no `on…=` attribute (outside a
    // quoted value) and no script URL in any tag.
    let handler = #"<[a-z0-9]+(\s+[a-z-]+="[^"]*")*\s+on[a-z]+\s*="#
    XCTAssertNil(lower.range(of: handler, options: .regularExpression))
    XCTAssertNil(lower.range(of: #"<[^<>]*(java|vb)script:"#, options: .regularExpression))
    let sections = markdownSections(html)
    XCTAssertEqual(sections.count, 9)
    for s in sections { XCTAssertEqual(unsafeTags(s), [], s) }
    // Raw HTML is visible text; rejected links keep their text, unlinked.
    XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html)
    XCTAssertTrue(html.contains("<p>x and <img src=\"x&quot;onerror=&quot;alert(2)\" alt=\"i\">"))
    XCTAssertTrue(html.contains("<p>a b c d e f g h k l m n o p q</p>"), html)
    XCTAssertTrue(html.contains("<p>See the reference and the picture.</p>"), html)
    XCTAssertTrue(html.contains("<img src=\"ok.png\" alt=\"x&quot; onerror=&quot;alert(1)\">"))
    XCTAssertTrue(
      html.contains(
        "<a href=\"https://example.com/\" title=\"a&quot; onmouseover=&quot;alert(1)\">t</a>"))
    XCTAssertTrue(html.contains("<a href=\"https://example.com/&#39;onmouseover=&#39;alert(1)\">"))
    XCTAssertTrue(
      html.contains("<img src=\"ok.png\" alt=\"v\" title=\"b&quot; onload=&quot;alert(1)\">"))
    XCTAssertTrue(html.contains("<pre><code class=\"language-&quot;&gt;&amp;lt;script"), html)
    XCTAssertFalse(html.contains("<pre class=\"markdown-source\">"))
  }

  func testCellThePrePassMisreadsIsShownAsSource() throws {
    // The pre-pass takes `) &<img…>;` for a code span; Ink reads the link `[a](x`)` first and
    // keeps the `&…;` run raw. The allow-list check catches the live tag.
    let dir = try tempDir()
    let src = dir.appendingPathComponent("odd.fsl")
    try "# %% [markdown]\n# [a](x`) &<img/src=x/onerror=alert(1)>;` and\n\n# %% [md]\n# *fine*\n"
      .write(to: src, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("odd.html")
    XCTAssertEqual(try fsl(["notebook", src.path, "-o", out.path]).status, 0)
    let html = try read(out)
    XCTAssertTrue(
      html.contains(
        "<pre class=\"markdown-source\">[a](x`) &amp;&lt;img/src=x/onerror=alert(1)&gt;;` and</pre>"
      ), html)
    XCTAssertTrue(html.contains("<p><em>fine</em></p>"))
    XCTAssertFalse(html.contains("<img/"))
  }

  func testRandomMarkdownNeverYieldsLiveHTML() throws {
    let pieces = [
      "<", ">", "`", "``", "```", "&", ";", "&#", "x", "6A", "[", "]", "(", ")", "](", "![",
      "\"", "'", " ", "\n", "\n\n", "*", "_", "|", "#", "- ", "1. ", "> ", "\\", ":", "!",
      "javascript:", "JaVa\tScRiPt:", "\u{1}javascript:", "data:text/html,", "<img src=x ",
      "onerror=alert(1)", "<script>", "</script>", "<p onclick=alert(1)>", "&lt;", "&#106;",
      "&colon;", "<a href=", "https://x/", "[r]: ", "[r]", "<!--", "/", "=",
    ]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(n))
    }
    var text = ""
    for _ in 0..<300 {
      var cell = ""
      for _ in 0..<(4 + next(24)) { cell += pieces[next(pieces.count)] }
      text += "# %% [markdown]\n"
      text +=
        cell.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" }
        .joined(separator: "\n") + "\n\n"
    }
    let dir = try tempDir()
    let src = dir.appendingPathComponent("random.fsl")
    try text.write(to: src, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("random.html")
    let r = try fsl(["notebook", src.path, "-o", out.path])
    XCTAssertEqual(r.status, 0, r.err)
    let html = try read(out)
    let sections = markdownSections(html)
    XCTAssertEqual(sections.count, 300)
    for s in sections { XCTAssertEqual(unsafeTags(s), [], s) }
  }

  func testOrdinaryMarkdownStillRenders() throws {
    let out = try tempDir().appendingPathComponent("plain.html")
    let r = try fsl(["notebook", "Tests/golden/notebook/markdown_plain.fsl", "-o", out.path])
    XCTAssertEqual(r.status, 0, r.err)
    let html = try read(out)
    for s in markdownSections(html) { XCTAssertEqual(unsafeTags(s), [], s) }
    for part in [
      "<h1>Title</h1>", "<em>emphasis</em>", "<strong>strong</strong>", "<s>gone</s>",
      "<code>a &lt; b &amp;&amp; c &gt; d</code> and a &lt; b.",
      "<a href=\"https://example.com/a?b=1&amp;c=2\">link</a>",
      "<a href=\"other.html#part\">relative one</a>", "<a href=\"#top\">anchor</a>",
      "<a href=\"mailto:someone@example.com\">mail</a>",
      "<a href=\"https://example.com/\" title=\"The title\">titled link</a>",
      "<a href=\"https://example.com/ref\">reference</a>.",
      "<a href=\"https://example.com/a_b*c?d=1&amp;e=2\">https://example.com/a&#95;b&#42;c?",
      "<a href=\"mailto:someone@example.com\">mailto:someone@example.com</a>",
      "<img src=\"figure.png\" alt=\"an image\">",
      "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"inline\">",
      "<th>a</th><th align=\"center\">b</th>", "<td>1</td><td align=\"center\">2</td>",
      "<pre><code class=\"language-fsl\">if x &lt; 2 &amp;&amp; y &gt; 3 then "
        + "print(\"&lt;b&gt;\") end",
      "<ol><li>one</li><li>two</li></ol>", "<blockquote><p>quoted</p></blockquote>",
    ] {
      XCTAssertTrue(html.contains(part), "missing \(part)\n\(html)")
    }
    XCTAssertFalse(html.contains("<pre class=\"markdown-source\">"))
  }

  func testAllowHTMLKeepsRawHTMLAndAnyScheme() throws {
    let dir = try tempDir()
    let out = dir.appendingPathComponent("raw.html")
    let r = try fsl(["notebook", payloads, "-o", out.path, "--allow-html"])
    XCTAssertEqual(r.status, 0, r.err)
    let html = try read(out)
    XCTAssertTrue(html.contains("<script>alert(1)</script>"))
    XCTAssertTrue(html.contains("<p onmouseover=\"alert(1)\">hover</p>"))
    XCTAssertTrue(html.contains("<a href=\"javascript:alert(1)\">x</a>"))
    XCTAssertTrue(html.contains("<dd class=\"allow-html\">"))
    // Attribute values are still quoted: the image URL cannot add attributes.
    XCTAssertTrue(html.contains("<img src=\"x&quot;onerror=&quot;alert(2)\" alt=\"i\">"))
    let md = dir.appendingPathComponent("raw.md")
    XCTAssertEqual(try fsl(["notebook", payloads, "-o", md.path, "--allow-html"]).status, 0)
    let text = try read(md)
    XCTAssertTrue(text.contains("# <script>alert(1)</script>") == false)
    XCTAssertTrue(text.contains("\n<script>alert(1)</script>\n"), text)
    XCTAssertTrue(text.contains("[x](javascript:alert(1))"))
    XCTAssertTrue(text.contains("- raw HTML: allowed (--allow-html)"))
  }

  func testMarkdownReportEscapesRawHTML() throws {
    let out = try tempDir().appendingPathComponent("payloads.md")
    let r = try fsl(["notebook", payloads, "-o", out.path])
    XCTAssertEqual(r.status, 0, r.err)
    let text = try read(out)
    let lower = text.lowercased()
    for bad in ["<script", "<img", "<iframe", "<p ", "<svg", "<a ", "<!--", "](javascript"] {
      XCTAssertFalse(lower.contains(bad), "Markdown report contains \(bad)\n\(text)")
    }
    XCTAssertTrue(text.contains("\n&lt;script>alert(1)&lt;/script>\n"), text)
    XCTAssertTrue(text.contains("[x](#) and ![i](x\"onerror=\"alert(2))"), text)
    XCTAssertTrue(text.contains("[evil]: #"), text)
    XCTAssertTrue(text.contains("[t](https://example.com/ \"a\\\" onmouseover=\\\"alert(1)\")"))
    XCTAssertFalse(text.contains("raw HTML: allowed"))
  }
}

// Markdown cells to HTML: Ink plus the modifiers that rebuild links, images and code blocks with
// our own escaping and URL policy (the design is at the top of Notebook+Sanitize.swift).
import Foundation
import Ink

/// Renders Markdown cells for HTML reports; safe by default, raw HTML with `allowHTML`.
struct MarkdownCellRenderer {
  /// `--allow-html`: raw HTML passes through and any URL scheme is linked.
  var allowHTML = false

  /// One Markdown cell's HTML.
  func html(_ markdown: String) -> String {
    let joined = HTMLReport.joiningCodeLines(markdown)
    // Escapes and math are cut out first (Notebook+MarkdownText.swift) and put back last.
    let protected = ProtectedMarkdown(joined)
    let source = allowHTML ? protected.text : MarkdownSafety.escapingRawHTML(protected.text)
    let parser = MarkdownParser(modifiers: modifiers(declarations: declarations(in: source)))
    let ink = parser.html(from: source)
    // Typeset math (images of our own making) goes in after the check of everything else.
    if allowHTML || MarkdownSafety.isAllowed(protected.restore(ink)) {
      return protected.restore(ink, typesetMath: true)
    }
    // The layers disagreed with Ink's parser on odd input: show the cell's source as text.
    return "<pre class=\"markdown-source\">\(escapeHTML(markdown))</pre>"
  }

  /// Ink's reference definitions (`[name]: URL` at a line start, name lower-cased, the last one
  /// wins), to find a reference link's URL in Ink's HTML.
  func declarations(in markdown: String) -> [String: String] {
    var urls: [String: String] = [:]
    for line in markdown.split(separator: "\n") {
      let l = line.drop { $0 == " " || $0 == "\t" }
      guard l.first == "[", let close = l.firstIndex(of: "]") else { continue }
      let rest = l[l.index(after: close)...]
      guard rest.first == ":", rest.dropFirst().first?.isWhitespace == true else { continue }
      let url = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
      urls[l[l.index(after: l.startIndex)..<close].lowercased()] = String(url)
    }
    return urls
  }

  func modifiers(declarations: [String: String]) -> [Modifier] {
    var list = [
      Modifier(target: .links) { link($0.html, Substring($0.markdown), declarations) },
      Modifier(target: .images) { image($0.html, Substring($0.markdown), declarations) },
      Modifier(target: .codeBlocks) { codeBlock($0.html, $0.markdown) },
    ]
    // Layer 2's backstop: HTML that Ink still finds (the pre-pass took code that Ink does not)
    // is shown as text.
    if !allowHTML { list.append(Modifier(target: .html) { escapeHTML(String($0.markdown)) }) }
    return list
  }

  /// The raw URL Ink put into `html` right after `prefix`: the Markdown ends with `(URL)` or
  /// `[ref]` (the URL then comes from `declarations`, else it is `ref`). Every `](`/`][` is
  /// tried as the end of the link text; the URL must also appear in Ink's HTML.
  func rawURL(
    _ html: String, _ markdown: Substring, between prefix: String, and suffix: String,
    _ declarations: [String: String]
  ) -> String? {
    guard let last = markdown.last, last == ")" || last == "]" else { return nil }
    let body = markdown.dropLast()
    var i = body.startIndex
    while let open = body[i...].firstIndex(of: last == ")" ? "(" : "[") {
      i = body.index(after: open)
      guard open > body.startIndex, body[body.index(before: open)] == "]" else { continue }
      var url = String(body[i...])
      if last == "]" { url = declarations[url.lowercased()] ?? url }
      if html.utf8.starts(with: (prefix + url + suffix).utf8) { return url }
    }
    return nil
  }

  /// `<a href="URL">TEXT</a>` from Ink → the same with the URL checked and escaped (and a
  /// title, which Ink does not parse); a rejected URL leaves the text unlinked.
  func link(_ html: String, _ markdown: Substring, _ declarations: [String: String]) -> String {
    let prefix = "<a href=\""
    let head = { (raw: String) in prefix.utf8.count + raw.utf8.count + 2 }
    guard let raw = rawURL(html, markdown, between: prefix, and: "\">", declarations),
      html.hasSuffix("</a>"), html.utf8.count >= head(raw) + 4
    else { return escapeHTML(String(markdown)) }
    let text = Self.bytes(html, dropFirst: head(raw), dropLast: 4)
    let (url, title) = MarkdownSafety.splitTitle(raw)
    guard let safe = allowHTML ? url : MarkdownSafety.safeURL(url, image: false) else {
      return String(text)
    }
    return "<a href=\"\(MarkdownSafety.escapeAttribute(safe))\"\(titleAttribute(title))>\(text)</a>"
  }

  /// `<img src="URL" alt="ALT"/>` from Ink (ALT is HTML) → an image with the URL checked and
  /// escaped and ALT as escaped plain text; a rejected URL leaves the alt text.
  func image(_ html: String, _ markdown: Substring, _ declarations: [String: String]) -> String {
    let prefix = "<img src=\""
    guard markdown.first == "!",
      let raw = rawURL(html, markdown.dropFirst(), between: prefix, and: "\"", declarations)
    else { return escapeHTML(String(markdown)) }
    let rest = Self.bytes(html, dropFirst: prefix.utf8.count + raw.utf8.count + 1, dropLast: 0)
    var alt = ""
    if rest.hasPrefix(" alt=\"") && rest.hasSuffix("\"/>") {
      let inner = Self.bytes(rest, dropFirst: 6, dropLast: 3)
      alt = MarkdownSafety.decodeEntities(Self.strippingTags(inner))
    } else if rest != "/>" {
      return escapeHTML(String(markdown))
    }
    let (url, title) = MarkdownSafety.splitTitle(raw)
    guard let safe = allowHTML ? url : MarkdownSafety.safeURL(url, image: true) else {
      return escapeHTML(alt)
    }
    let src = MarkdownSafety.escapeAttribute(safe)
    return
      "<img src=\"\(src)\" alt=\"\(MarkdownSafety.escapeAttribute(alt))\"\(titleAttribute(title))>"
  }

  func titleAttribute(_ title: String?) -> String {
    title.map { " title=\"\(MarkdownSafety.escapeAttribute($0))\"" } ?? ""
  }

  /// `s` without its first and last bytes (callers cut at ASCII delimiters they matched).
  static func bytes(_ s: String, dropFirst: Int, dropLast: Int) -> String {
    let b = Array(s.utf8)
    guard dropFirst + dropLast <= b.count else { return "" }
    return String(decoding: b[dropFirst..<(b.count - dropLast)], as: UTF8.self)
  }

  /// Text of rendered inline HTML: tags dropped (alt text is plain text).
  static func strippingTags(_ html: String) -> String {
    var out = ""
    var inTag = false
    for ch in html {
      if ch == "<" {
        inTag = true
      } else if ch == ">" && inTag {
        inTag = false
      } else if !inTag {
        out.append(ch)
      }
    }
    return out
  }

  /// Ink puts a fence's info string into `class="language-…"` unescaped; it is recomputed from
  /// the Markdown as Ink reads it (after the backticks and blanks, to the end of the line,
  /// trailing blanks dropped) and escaped.
  func codeBlock(_ html: String, _ markdown: Substring) -> String {
    let afterTicks = markdown.drop { $0 == "`" }.drop { $0.isWhitespace && !$0.isNewline }
    var language = afterTicks.prefix { !$0.isNewline }
    while language.last?.isWhitespace == true { language = language.dropLast() }
    let open = language.isEmpty ? "<pre><code>" : "<pre><code class=\"language-\(language)\">"
    let close = "</code></pre>"
    guard html.utf8.starts(with: open.utf8), html.hasSuffix(close),
      html.utf8.count >= open.utf8.count + close.utf8.count
    else { return "<pre><code>\(escapeHTML(String(markdown)))</code></pre>" }
    let code = Self.bytes(html, dropFirst: open.utf8.count, dropLast: close.utf8.count)
    let cls =
      language.isEmpty
      ? "" : " class=\"language-\(MarkdownSafety.escapeAttribute(String(language)))\""
    return "<pre><code\(cls)>\(code)</code></pre>"
  }
}

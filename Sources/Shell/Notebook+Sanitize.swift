// What keeps a shared notebook report from running script: the Markdown pre-pass, the URL
// policy, attribute escaping and the allow-list check of rendered Markdown (docs/notebook.md,
// "Markdown cells and raw HTML").
//
// Design. Ink 0.6 has no sanitiser: it passes raw HTML through, copies link and image URLs into
// attributes unescaped (`![i](x"onerror="…)` breaks out of `src`), puts an image's rendered alt
// text and a fence's info string into attributes unescaped, and keeps `&…;` runs raw. Regexes
// over Ink's HTML would be fragile, so the work is done around Ink, in three layers:
// 1. Input: `escapingRawHTML` turns every `<` outside code spans and fences into `&lt;`, so Ink
//    never sees raw HTML and shows it as text (code keeps its `<`: Ink escapes code itself).
//    A Markdown report's math spans keep `<` (its viewer's TeX would show `&lt;`), spaced from
//    a following letter so it cannot open a tag.
// 2. Fragments: Ink modifiers (Notebook+MarkdownHTML.swift) rebuild links, images and code
//    blocks from Ink's parts with our own escaping and the URL policy, and show any HTML
//    fragment Ink still finds as text.
// 3. Output: `isAllowed` checks the cell's HTML against a small allow-list of tags, attributes
//    and URLs; a cell that fails (layers 1 and 2 disagreeing with Ink's parser on odd input) is
//    shown as its escaped Markdown source instead.
// `--allow-html` skips layers 1 and 3 and the URL policy; attributes are still escaped.
import Foundation

enum MarkdownSafety {
  // MARK: Layer 1: raw HTML in the Markdown source

  /// Who reads the escaped Markdown: Ink (for an HTML report) or a Markdown report's viewer.
  enum Reader { case ink, viewer }

  /// The Markdown with every `<` outside code spans and fenced code blocks written as `&lt;`.
  /// Code is found as Ink finds it: a fence opens at a line starting (after blanks) with three
  /// or more backticks and closes at a line starting with the same number; a span runs from a
  /// backtick (not after a backslash) to the next one on the same line. Ink keeps a `&` run up to `;` (no blanks) as
  /// raw text, backticks included, so such a run is never taken for code; the `;` may be that of
  /// an `&lt;` written here. Autolinks with an
  /// allowed scheme (`<https://…>`) stay links: Ink, which lacks them, gets `[url](url)`. For a
  /// `.viewer`, link destinations (`](…)`, `[name]: …`) that the URL policy rejects become `#`.
  static func escapingRawHTML(_ markdown: String, for reader: Reader = .ink) -> String {
    var out = ""
    var fence = 0  // the open fence's backtick count; 0 outside a fence
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
    for (n, line) in lines.enumerated() {
      if n > 0 { out += "\n" }
      if fence > 0 {
        if line.prefix(while: { $0 == "`" }).count == fence { fence = 0 }
        out += line
        continue
      }
      let ticks = line.drop { $0 == " " || $0 == "\t" }.prefix { $0 == "`" }.count
      if ticks >= 3 {
        // The info string is not code: `<` there is escaped too.
        fence = ticks
        out += line.replacingOccurrences(of: "<", with: "&lt;")
        continue
      }
      var text = escapingLine(line, for: reader)
      if reader == .viewer { text = neutralizingDestinations(text) }
      out += text
    }
    return out
  }

  static func escapingLine(_ line: Substring, for reader: Reader) -> String {
    var out = ""
    var i = line.startIndex
    while i < line.endIndex {
      let c = line[i]
      let next = line.index(after: i)
      // Ink reads no fragment right after a backslash: `\`` is a literal backtick.
      let escaped = i > line.startIndex && line[line.index(before: i)] == "\\"
      if c == "`", !escaped, let close = line[next...].firstIndex(of: "`") {
        out += line[i...close]
        i = line.index(after: close)
        continue
      }
      // A `<` ends the run too: it becomes `&lt;`, whose `;` ends Ink's run.
      if c == "&",
        let end = line[next...].firstIndex(where: { ";<".contains($0) || $0.isWhitespace }),
        !line[end].isWhitespace
      {
        out += line[i..<end] + (line[end] == "<" ? "&lt;" : ";")
        i = line.index(after: end)
        continue
      }
      if reader == .viewer, c == "$", !escaped,
        let k = ProtectedMarkdown.mathEnd(Array(line[i...]), from: 0)
      {
        let end = line.index(i, offsetBy: k)
        out += mathForViewer(line[i..<end])
        i = end
        continue
      }
      if c == "<", let (url, end) = autolink(line[next...]) {
        out += reader == .viewer ? String(line[i..<end]) : "[\(linkText(url))](\(url))"
        i = end
        continue
      }
      out += c == "<" ? "&lt;" : String(c)
      i = next
    }
    return out
  }

  /// A math span for a Markdown viewer, which hands it to its TeX renderer as it stands (so
  /// `&lt;` would show as such): a `<` that could open an HTML tag (before a letter, `/`, `!`
  /// or `?`) gets a space after it, which TeX ignores, and every other `<` stays.
  static func mathForViewer(_ span: Substring) -> String {
    var out = ""
    var previous: Character?
    for c in span {
      if previous == "<" && (c.isASCII && c.isLetter || "/!?".contains(c)) { out += " " }
      out.append(c)
      previous = c
    }
    return out
  }

  /// The URL of an autolink `<URL>` (the `<` already read) with an allowed scheme and no
  /// character that Markdown or HTML would read as syntax, and the index after its `>`.
  static func autolink(_ rest: Substring) -> (text: String, end: Substring.Index)? {
    guard let close = rest.firstIndex(of: ">") else { return nil }
    let url = rest[..<close]
    let lower = url.lowercased()
    guard ["http://", "https://", "mailto:"].contains(where: { lower.hasPrefix($0) }),
      !url.contains(where: { $0.isWhitespace || "<>()[]`\"'\\".contains($0) })
    else { return nil }
    return (String(url), rest.index(after: close))
  }

  /// An autolink's URL as Ink link text: characters Ink reads as syntax become entities.
  static func linkText(_ url: String) -> String {
    let entities: [Character: String] = ["&": "&amp;", "_": "&#95;", "*": "&#42;", "~": "&#126;"]
    return url.map { entities[$0] ?? String($0) }.joined()
  }

  /// `[text](javascript:…)` → `[text](#)`, `[name]: javascript:…` → `[name]: #` (one line,
  /// outside code spans; best effort, for Markdown reports).
  static func neutralizingDestinations(_ line: String) -> String {
    let chars = Array(line)
    var out = ""
    var i = 0
    var inCode = false
    // A reference definition: `[name]: URL` at the start of the line.
    let lead = chars.prefix { $0 == " " || $0 == "\t" }.count
    if lead < chars.count, chars[lead] == "[",
      let close = chars[lead...].firstIndex(of: "]"), close + 1 < chars.count,
      chars[close + 1] == ":"
    {
      let url = String(chars[(close + 2)...]).trimmingCharacters(in: .whitespaces)
      if !url.isEmpty && safeURL(splitTitle(url).url, image: true) == nil {
        return String(chars[...(close + 1)]) + " #"
      }
    }
    while i < chars.count {
      let c = chars[i]
      if c == "`" { inCode.toggle() }
      out.append(c)
      i += 1
      guard !inCode, c == "]", i < chars.count, chars[i] == "(" else { continue }
      // Read the destination as Ink does: up to the `)` that balances the `(`.
      var depth = 0
      var j = i + 1
      while j < chars.count && !(chars[j] == ")" && depth == 0) {
        if chars[j] == "(" { depth += 1 }
        if chars[j] == ")" { depth -= 1 }
        j += 1
      }
      guard j < chars.count else { continue }
      let dest = splitTitle(String(chars[(i + 1)..<j]))
      if safeURL(dest.url, image: true) == nil {
        let title = dest.title.map { " \"" + escapeAttribute($0) + "\"" } ?? ""
        out += "(#\(title))"
        i = j + 1
      }
    }
    return out
  }

  // MARK: URLs

  /// A link destination split from its optional title (`url "title"`, `url 'title'`,
  /// `url (title)`, which Ink does not parse); a destination in angle brackets loses them.
  /// Entities are decoded in both.
  static func splitTitle(_ raw: String) -> (url: String, title: String?) {
    let s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    var url = s
    var title: String?
    if let space = s.firstIndex(where: { $0.isWhitespace }) {
      let rest = s[space...].trimmingCharacters(in: .whitespacesAndNewlines)
      let closers: [Character: Character] = ["\"": "\"", "'": "'", "(": ")"]
      if rest.count >= 2, let open = rest.first, let close = closers[open], rest.last == close {
        url = String(s[..<space])
        let body = String(rest.dropFirst().dropLast())
        title = decodeEntities(body.replacingOccurrences(of: "\\\(close)", with: "\(close)"))
      }
    }
    url = decodeEntities(url)
    if url.hasPrefix("<") && url.hasSuffix(">") && url.count >= 2 {
      url = String(url.dropFirst().dropLast())
    }
    return (url, title)
  }

  /// The URL a browser would use, if the policy allows it: `http:`, `https:`, `mailto:`,
  /// relative URLs (no scheme, `#anchors`, `//host`), and for images
  /// `data:image/(png|jpeg|gif|webp);base64,…`. `url` has its entities decoded already. As the
  /// WHATWG URL parser does, C0 controls and spaces around it and tabs and newlines inside are
  /// dropped first; then anything before a `:` that comes before `/`, `?` and `#` is a scheme,
  /// whatever characters it has (so `java\tscript:`, ` JaVaScRiPt:` and `\u{1}javascript:` are
  /// all rejected). nil: do not link.
  static func safeURL(_ url: String, image: Bool) -> String? {
    var scalars = Array(url.unicodeScalars)
    while let f = scalars.first, f.value <= 0x20 { scalars.removeFirst() }
    while let l = scalars.last, l.value <= 0x20 { scalars.removeLast() }
    scalars.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" }
    var s = ""
    s.unicodeScalars.append(contentsOf: scalars)
    guard let colon = s.firstIndex(of: ":") else { return s }
    let before = s[..<colon]
    if before.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return s }
    let scheme = before.lowercased()
    if ["http", "https", "mailto"].contains(scheme) { return s }
    if image && scheme == "data" {
      let lower = s.lowercased()
      for type in ["png", "jpeg", "gif", "webp"] {
        let prefix = "data:image/\(type);base64,"
        if lower.hasPrefix(prefix),
          lower.dropFirst(prefix.count).allSatisfy({
            $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/" || $0 == "=")
          })
        {
          return s
        }
      }
    }
    return nil
  }

  /// Named references a URL or title might use; others are kept as written (and then shown
  /// literally, since every `&` is escaped again on output).
  static let namedEntities: [String: String] = [
    "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "Tab": "\t",
    "NewLine": "\n", "nbsp": "\u{a0}", "sol": "/", "lpar": "(", "rpar": ")", "period": ".",
    "semi": ";", "equals": "=", "num": "#", "quest": "?", "excl": "!", "percnt": "%",
  ]

  /// Decodes `&#NN;`, `&#xHH;` (the `;` optional, as in HTML) and the names above.
  static func decodeEntities(_ s: String) -> String {
    guard s.contains("&") else { return s }
    let chars = Array(s)
    var out = ""
    var i = 0
    while i < chars.count {
      guard chars[i] == "&" else {
        out.append(chars[i])
        i += 1
        continue
      }
      var j = i + 1
      if j < chars.count, chars[j] == "#" {
        j += 1
        let hex = j < chars.count && (chars[j] == "x" || chars[j] == "X")
        if hex { j += 1 }
        let start = j
        while j < chars.count, chars[j].isASCII, chars[j].isHexDigit, hex || chars[j].isNumber {
          j += 1
        }
        if j > start {
          let code = UInt32(String(chars[start..<j]), radix: hex ? 16 : 10) ?? 0xFFFD
          let scalar = code == 0 ? nil : Unicode.Scalar(code)
          out.unicodeScalars.append(scalar ?? "\u{FFFD}")
          i = j < chars.count && chars[j] == ";" ? j + 1 : j
          continue
        }
      } else {
        while j < chars.count, chars[j].isASCII, chars[j].isLetter { j += 1 }
        if j < chars.count, chars[j] == ";", let v = namedEntities[String(chars[(i + 1)..<j])] {
          out += v
          i = j + 1
          continue
        }
      }
      out.append("&")
      i += 1
    }
    return out
  }

  /// An attribute value for use between double (or single) quotes.
  static func escapeAttribute(_ s: String) -> String { escapeHTML(s) }

  // MARK: Layer 3: the allow-list check

  /// Tags Ink and the modifiers produce, with the attributes each may carry.
  static let allowedTags: [String: Set<String>] = {
    var tags: [String: Set<String>] = ["a": ["href", "title"], "img": ["src", "alt", "title"]]
    tags["code"] = ["class"]
    tags["ol"] = ["start"]
    tags["th"] = ["align"]
    tags["td"] = ["align"]
    for t in [
      "p", "br", "em", "strong", "s", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "li",
      "blockquote", "table", "thead", "tbody", "tr", "hr",
    ] {
      tags[t] = []
    }
    return tags
  }()

  /// Whether rendered Markdown holds only allowed tags and attributes: every `<` starts one of
  /// `allowedTags`; attribute values are double-quoted with no `<` and no `&` other than our
  /// own escapes; `href` and `src` pass `safeURL`. No comments, no unquoted values.
  static func isAllowed(_ html: String) -> Bool {
    let b = Array(html.utf8)
    var i = 0
    func isNameByte(_ c: UInt8) -> Bool {
      (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
    }
    while i < b.count {
      guard b[i] == UInt8(ascii: "<") else {
        i += 1
        continue
      }
      i += 1
      let closing = i < b.count && b[i] == UInt8(ascii: "/")
      if closing { i += 1 }
      let start = i
      while i < b.count && isNameByte(b[i]) { i += 1 }
      let name = String(decoding: b[start..<i], as: UTF8.self)
      guard let attributes = allowedTags[name] else { return false }
      if closing {
        guard i < b.count && b[i] == UInt8(ascii: ">") else { return false }
        i += 1
        continue
      }
      while true {
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: ">") { break }
        if b[i] == UInt8(ascii: "/"), i + 1 < b.count, b[i + 1] == UInt8(ascii: ">") {
          i += 1
          break
        }
        guard b[i] == UInt8(ascii: " ") else { return false }
        i += 1
        let a = i
        while i < b.count && isNameByte(b[i]) { i += 1 }
        let attribute = String(decoding: b[a..<i], as: UTF8.self)
        guard attributes.contains(attribute), i + 1 < b.count, b[i] == UInt8(ascii: "="),
          b[i + 1] == UInt8(ascii: "\"")
        else { return false }
        i += 2
        let v = i
        while i < b.count && b[i] != UInt8(ascii: "\"") { i += 1 }
        guard i < b.count else { return false }
        let value = String(decoding: b[v..<i], as: UTF8.self)
        i += 1
        guard !value.contains("<"), ownEscapesOnly(value) else { return false }
        if attribute == "href" || attribute == "src" {
          guard safeURL(decodeEntities(value), image: name == "img") != nil else { return false }
        }
      }
      i += 1
    }
    return true
  }

  /// Whether every `&` in an attribute value starts one of `escapeAttribute`'s escapes.
  static func ownEscapesOnly(_ value: String) -> Bool {
    var rest = Substring(value)
    while let amp = rest.firstIndex(of: "&") {
      rest = rest[amp...]
      guard let e = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].first(where: rest.hasPrefix)
      else { return false }
      rest = rest.dropFirst(e.count)
    }
    return true
  }
}

// Backslashes and math in Markdown cells, done before Ink sees the text. Ink 0.6 drops every
// backslash (`\alpha` → `alpha`, `C:\\x` → `C:x`); CommonMark lets a backslash escape only ASCII
// punctuation and keeps it elsewhere, and `$…$` / `$$…$$` math must reach a math renderer as
// written. So those pieces are cut out of the Markdown, replaced by placeholders Ink passes
// through as text, and put back into Ink's HTML: escapes as text, math typeset as images
// (Notebook+Math.swift).
import Foundation

/// Markdown text with its escapes and math spans protected from Ink.
struct ProtectedMarkdown {
  /// The Markdown with each protected piece replaced by a placeholder.
  var text: String
  /// The HTML of each piece, by placeholder number.
  var pieces: [String]
  /// The math spans (with their `$` delimiters), by placeholder number: `pieces` has them as
  /// escaped text, `restore(_:typesetMath:)` as images (Notebook+Math.swift).
  var math: [Int: String] = [:]

  static let open: Character = "\u{E000}"
  static let close: Character = "\u{E001}"

  /// Cuts out, outside code spans and fenced code blocks (found as `escapingRawHTML` finds
  /// them): `$$…$$` (may span lines, not a blank one) and `$…$` math (on one line; the `$` that
  /// opens is followed by a non-blank, the one that closes follows a non-blank and precedes no
  /// digit, as in Pandoc), kept verbatim; `\` before ASCII punctuation (the character, as
  /// text); any other `\` (itself). A `\` ending a line is left to Ink (a line break).
  init(_ markdown: String) {
    var pieces: [String] = []
    var math: [Int: String] = [:]
    // Placeholders must not clash with the text: with a private-use character in it, only
    // escaped `\` pieces would be safe to find again, so nothing is protected.
    if markdown.contains(ProtectedMarkdown.open) || markdown.contains(ProtectedMarkdown.close) {
      self.text = markdown
      self.pieces = []
      return
    }
    let chars = Array(markdown)
    var out = ""
    var fence = 0
    var i = 0
    func protect(_ html: String) {
      out.append(ProtectedMarkdown.open)
      out += String(pieces.count)
      out.append(ProtectedMarkdown.close)
      pieces.append(html)
    }
    func lineEnd(_ from: Int) -> Int {
      var j = from
      while j < chars.count && chars[j] != "\n" { j += 1 }
      return j
    }
    while i < chars.count {
      // A line start: fences are copied whole.
      if i == 0 || chars[i - 1] == "\n" {
        let end = lineEnd(i)
        let line = chars[i..<end]
        if fence > 0 {
          if line.prefix(while: { $0 == "`" }).count == fence { fence = 0 }
          out += String(line)
          if end < chars.count { out += "\n" }
          i = end + 1
          continue
        }
        let ticks = line.drop { $0 == " " || $0 == "\t" }.prefix { $0 == "`" }.count
        // A reference definition `[name]: URL` is left to Ink and the URL policy.
        let lead = line.drop { $0 == " " || $0 == "\t" }
        let definition =
          lead.first == "["
          && lead.firstIndex(of: "]").map { lead[$0...].dropFirst().first == ":" }
            == true
        if ticks >= 3 || definition {
          if ticks >= 3 { fence = ticks }
          out += String(line)
          if end < chars.count { out += "\n" }
          i = end + 1
          continue
        }
      }
      let c = chars[i]
      let end = lineEnd(i)
      if c == "\\" {
        let next = i + 1 < chars.count ? chars[i + 1] : " "
        if next.isASCII && (next.isPunctuation || next.isSymbol) {
          protect(escapeHTML(String(chars[i + 1])))
          i += 2
        } else if next.isNewline {
          out.append(c)
          i += 1
        } else {
          protect("\\")
          i += 1
        }
        continue
      }
      // A link destination `](…)` is left to Ink and the URL policy, up to its balancing `)`.
      if c == "]", i + 1 < end, chars[i + 1] == "(",
        let close = ProtectedMarkdown.destinationEnd(chars, i + 1, end)
      {
        out += String(chars[i...close])
        i = close + 1
        continue
      }
      if c == "`", let close = chars[(i + 1)..<end].firstIndex(of: "`") {
        out += String(chars[i...close])
        i = close + 1
        continue
      }
      if c == "$", let close = ProtectedMarkdown.mathEnd(chars, from: i) {
        math[pieces.count] = String(chars[i..<close])
        protect(escapeHTML(String(chars[i..<close])))
        i = close
        continue
      }
      out.append(c)
      i += 1
    }
    self.text = out
    self.pieces = pieces
    self.math = math
  }

  /// The index of the `)` closing the destination whose `(` is at `open` (before `end`).
  static func destinationEnd(_ chars: [Character], _ open: Int, _ end: Int) -> Int? {
    var depth = 0
    var j = open + 1
    while j < end {
      if chars[j] == "\\" {
        j += 2
        continue
      }
      if chars[j] == "(" { depth += 1 }
      if chars[j] == ")" {
        if depth == 0 { return j }
        depth -= 1
      }
      j += 1
    }
    return nil
  }

  /// The index after the math span opening at `chars[i]` (a `$`), or nil when none does.
  static func mathEnd(_ chars: [Character], from i: Int) -> Int? {
    let display = i + 1 < chars.count && chars[i + 1] == "$"
    var j = i + (display ? 2 : 1)
    guard j < chars.count, !chars[j].isWhitespace || display, chars[j] != "$" else { return nil }
    while j < chars.count {
      let c = chars[j]
      if c == "\\" {
        j += 2
        continue
      }
      if c == "\n" {
        // Inline math stays on its line; display math stops at a blank line.
        if !display { return nil }
        var k = j + 1
        while k < chars.count && (chars[k] == " " || chars[k] == "\t") { k += 1 }
        if k >= chars.count || chars[k] == "\n" { return nil }
      }
      if c == "$" {
        if display {
          if j + 1 < chars.count && chars[j + 1] == "$" && j > i + 2 { return j + 2 }
          return nil
        }
        // A `$` after a blank or before a digit does not close (`$x = $5` is not math).
        let beforeDigit = j + 1 < chars.count && chars[j + 1].isNumber
        if !chars[j - 1].isWhitespace && !beforeDigit { return j + 1 }
      }
      j += 1
    }
    return nil
  }

  /// Ink's HTML with every placeholder replaced by its piece; math typeset as images with
  /// `typesetMath`, else as its escaped source.
  func restore(_ html: String, typesetMath: Bool = false) -> String {
    guard !pieces.isEmpty else { return html }
    var out = ""
    var rest = Substring(html)
    while let open = rest.firstIndex(of: ProtectedMarkdown.open) {
      out += rest[..<open]
      let after = rest.index(after: open)
      guard let close = rest[after...].firstIndex(of: ProtectedMarkdown.close),
        let k = Int(rest[after..<close]), k < pieces.count
      else {
        out.append(ProtectedMarkdown.open)
        rest = rest[after...]
        continue
      }
      out += typesetMath ? math[k].map(MathHTML.html) ?? pieces[k] : pieces[k]
      rest = rest[rest.index(after: close)...]
    }
    return out + rest
  }
}

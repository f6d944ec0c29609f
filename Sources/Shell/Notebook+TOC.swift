// `fsl notebook --toc`: a table of contents from the Markdown cells' headings, at the top of the
// report. In HTML the headings get ids; in Markdown the links use the anchors GitHub and most
// viewers derive from a heading's text (the same rule makes the HTML ids).
import Foundation

/// The headings of a report, collected while their ids are assigned.
struct TableOfContents {
  struct Entry {
    var level: Int
    /// The heading's content as HTML (HTML report) or Markdown text (Markdown report).
    var text: String
    var id: String
  }

  var entries: [Entry] = []
  /// Ids in use (the cells' `cell-N` ids count too), so each heading's id is unique.
  var used: Set<String> = []

  /// GitHub's anchor rule: lower case; letters, digits, `-` and `_` kept; blanks become `-`;
  /// everything else dropped. A repeated anchor gets `-1`, `-2`, …; an empty one is `section`.
  mutating func uniqueID(_ text: String) -> String {
    var slug = ""
    for ch in text.lowercased() {
      if ch.isLetter || ch.isNumber || ch == "-" || ch == "_" {
        slug.append(ch)
      } else if ch == " " || ch == "\t" {
        slug.append("-")
      }
    }
    if slug.isEmpty { slug = "section" }
    var id = slug
    var k = 0
    while used.contains(id) {
      k += 1
      id = "\(slug)-\(k)"
    }
    used.insert(id)
    return id
  }

  /// A Markdown cell's HTML with an id on each `<hN>` Ink made (they carry no attributes).
  mutating func addingIDs(_ html: String) -> String {
    var out = ""
    var rest = Substring(html)
    while let open = rest.range(of: "<h") {
      out += rest[..<open.lowerBound]
      let after = rest[open.upperBound...]
      guard let digit = after.first, let level = Int(String(digit)), (1...6).contains(level),
        after.dropFirst().first == ">",
        let close = after.range(of: "</h\(level)>")
      else {
        out += "<h"
        rest = after
        continue
      }
      let inner = String(after[after.index(after.startIndex, offsetBy: 2)..<close.lowerBound])
      let text = MathHTML.keepingMath(inner)
      let id = uniqueID(MarkdownSafety.decodeEntities(MathHTML.plainText(inner)))
      entries.append(Entry(level: level, text: text, id: id))
      out += "<h\(level) id=\"\(escapeHTML(id))\">\(inner)</h\(level)>"
      rest = after[close.upperBound...]
    }
    return out + rest
  }

  /// The contents as an HTML `nav` (empty without headings).
  var html: String {
    guard !entries.isEmpty else { return "" }
    let top = entries.map(\.level).min() ?? 1
    var out = "<nav class=\"toc\">\n<p class=\"toc-title\">Contents</p>\n<ul>\n"
    for e in entries {
      out += "<li class=\"toc-\(e.level - top + 1)\"><a href=\"#\(escapeHTML(e.id))\">"
      out += "\(e.text)</a></li>\n"
    }
    return out + "</ul>\n</nav>\n"
  }

  /// The headings (`#`…`######` and a blank) of Markdown cells, outside fenced code.
  mutating func collectMarkdownHeadings(_ markdown: String) {
    var fence = 0
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      let ticks = line.drop { $0 == " " || $0 == "\t" }.prefix { $0 == "`" }.count
      if fence > 0 {
        if line.prefix(while: { $0 == "`" }).count == fence { fence = 0 }
        continue
      }
      if ticks >= 3 {
        fence = ticks
        continue
      }
      let hashes = line.prefix { $0 == "#" }.count
      guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { continue }
      var text = line.dropFirst(hashes).trimmingCharacters(in: .whitespaces)
      while text.hasSuffix("#") { text = String(text.dropLast()) }
      text = text.trimmingCharacters(in: .whitespaces)
      entries.append(Entry(level: hashes, text: text, id: uniqueID(text)))
    }
  }

  /// The contents as a Markdown list of links (empty without headings); link text keeps the
  /// heading's Markdown, with `[` and `]` escaped.
  var markdown: String {
    guard !entries.isEmpty else { return "" }
    let top = entries.map(\.level).min() ?? 1
    var out = "**Contents**\n\n"
    for e in entries {
      let text = e.text.replacingOccurrences(of: "[", with: "\\[")
        .replacingOccurrences(of: "]", with: "\\]")
      out += String(repeating: "  ", count: e.level - top) + "- [\(text)](#\(e.id))\n"
    }
    return out + "\n"
  }
}

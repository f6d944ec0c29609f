// Math in Markdown cells of HTML reports: each `$…$` / `$$…$$` span is typeset offline by Plot
// (MathLayout.swift, MathSVG.swift) into an SVG embedded as a data URL. An `<img>` keeps each
// formula's glyph ids to itself (inline SVGs would share one id space in the page). Sizes are in
// `em` of the surrounding text, so a formula in a heading grows with it; inline math sits on the
// text baseline through `vertical-align`, display math is centred on its own line.
import Foundation
import Plot

enum MathHTML {
  /// The size formulas are set at, points; `em` values in the HTML are relative to it.
  static let size = 10.0

  /// `span` (with its delimiters) as an image, or as escaped text if it cannot be typeset.
  static func html(_ span: String) -> String {
    let display = span.hasPrefix("$$")
    let cut = display ? 2 : 1
    guard span.count > 2 * cut else { return escapeHTML(span) }
    let tex = String(span.dropFirst(cut).dropLast(cut))
    let trimmed = tex.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let image = try? MathSVG.render(trimmed, display: display, size: size) else {
      return escapeHTML(span)
    }
    func em(_ v: Double) -> String { String(format: "%.3fem", v / size) }
    let b64 = Data(image.svg).base64EncodedString()
    var style = "width:\(em(image.width));height:\(em(image.height))"
    if !display { style += ";vertical-align:-\(em(image.depth))" }
    let alt = MarkdownSafety.escapeAttribute(trimmed)
    let img =
      "<img class=\"math\" src=\"data:image/svg+xml;base64,\(b64)\" alt=\"\(alt)\" "
      + "style=\"\(style)\">"
    return display ? "<span class=\"math-display\">\(img)</span>" : img
  }
}

extension MathHTML {
  static let imageStart = "<img class=\"math\" "

  /// The typeset formulas in `html` (`<img class="math" …>`), each passed to `replace` with its
  /// alt text (the TeX source, escaped) and the tag; the rest of `html` passed to `other`.
  static func mapping(
    _ html: String, other: (String) -> String, math replace: (String, String) -> String
  ) -> String {
    var out = ""
    var rest = Substring(html)
    while let open = rest.range(of: imageStart),
      let close = rest[open.upperBound...].firstIndex(of: ">")
    {
      out += other(String(rest[..<open.lowerBound]))
      let tag = String(rest[open.lowerBound...close])
      var alt = ""
      if let a = tag.range(of: " alt=\""), let e = tag[a.upperBound...].firstIndex(of: "\"") {
        alt = String(tag[a.upperBound..<e])
      }
      out += replace(alt, tag)
      rest = rest[rest.index(after: close)...]
    }
    return out + other(String(rest))
  }

  /// A heading's text for its id: tags dropped, each formula as `$source$` (as GitHub sees it).
  static func plainText(_ html: String) -> String {
    mapping(html, other: MarkdownCellRenderer.strippingTags) { alt, _ in "$\(alt)$" }
  }

  /// A heading's content for the contents list: tags dropped apart from typeset formulas.
  static func keepingMath(_ html: String) -> String {
    mapping(html, other: MarkdownCellRenderer.strippingTags) { _, tag in tag }
  }
}

// `fsl notebook`: math in Markdown cells typeset offline as SVG images in HTML reports (Greek,
// sub/superscripts, fractions, roots, display math), reproducibly; verbatim in Markdown reports.
import Foundation
import XCTest

extension NotebookTests {
  static let mathNotebook = #"""
    # %% [markdown]
    # The weights $\alpha_i^2$ shrink as $\frac{1}{\sqrt{n}}$; the total is
    #
    # $$\sum_i x_i$$
    #
    # and $\unknowncmd{q}$ is shown as typed.

    # %%
    1 + 1
    """#

  /// The `<img class="math" …>` tags of `html`, in order.
  func mathImages(_ html: String) -> [String] {
    var out: [String] = []
    var rest = Substring(html)
    while let open = rest.range(of: "<img class=\"math\" "),
      let close = rest[open.upperBound...].firstIndex(of: ">")
    {
      out.append(String(rest[open.lowerBound...close]))
      rest = rest[rest.index(after: close)...]
    }
    return out
  }

  /// The decoded SVG of a math image tag.
  func svg(_ tag: String) -> String? {
    let prefix = "src=\"data:image/svg+xml;base64,"
    guard let start = tag.range(of: prefix),
      let end = tag[start.upperBound...].firstIndex(of: "\""),
      let data = Data(base64Encoded: String(tag[start.upperBound..<end]))
    else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  func testMathIsTypesetAsSVG() throws {
    let html = try report(Self.mathNotebook, "nb.html")
    let images = mathImages(html)
    XCTAssertEqual(images.count, 4, html)
    let alts = [#"\alpha_i^2"#, #"\frac{1}{\sqrt{n}}"#, #"\sum_i x_i"#, #"\unknowncmd{q}"#]
    for (tag, alt) in zip(images, alts) {
      XCTAssertTrue(tag.contains(" alt=\"\(alt)\" "), tag)
      guard let svg = svg(tag) else { return XCTFail("no SVG in \(tag.prefix(120))") }
      XCTAssertTrue(svg.contains("<svg"), svg)
      XCTAssertTrue(svg.contains("<path"), "glyphs drawn as paths: \(svg.prefix(300))")
      XCTAssertFalse(svg.contains("<text"), "no font needed to view it")
      XCTAssertFalse(svg.contains("<script"), svg)
    }
    // No raw `$…$` is left for typeset spans; the unknown command's name is drawn, not dropped.
    for raw in ["$\\alpha", "\\frac{1}{\\sqrt{n}}$", "$$\\sum", "$\\unknowncmd"] {
      XCTAssertFalse(html.contains(raw), raw)
    }
    // Inline math sits on the baseline; display math is centred on its own line.
    XCTAssertTrue(images[0].contains("vertical-align:-"), images[0])
    XCTAssertTrue(html.contains("<span class=\"math-display\">" + images[2] + "</span>"), html)
    XCTAssertFalse(images[2].contains("vertical-align"), images[2])
    // The fraction is taller than a plain superscripted letter.
    func height(_ tag: String) -> Double {
      guard let h = tag.range(of: "height:") else { return 0 }
      return Double(tag[h.upperBound...].prefix { $0.isNumber || $0 == "." }) ?? 0
    }
    XCTAssertGreaterThan(height(images[1]), height(images[0]))
    XCTAssertGreaterThan(height(images[0]), 1, "taller than the text's em")
    // Byte-reproducible: the same notebook gives the same images.
    XCTAssertEqual(mathImages(try report(Self.mathNotebook, "again.html")), images)

    let md = try report(Self.mathNotebook, "nb.md")
    XCTAssertTrue(md.contains(#"The weights $\alpha_i^2$ shrink as $\frac{1}{\sqrt{n}}$;"#), md)
    XCTAssertTrue(md.contains(#"$$\sum_i x_i$$"#), md)
    XCTAssertFalse(md.contains("<img"), md)
  }

  func testCodeAndPricesAreNotMath() throws {
    // Math inside code is code; `$5` prices are not math.
    let html = try report(
      """
      # %% [markdown]
      # `$x$` costs $5 and $10.
      """, "nb.html")
    XCTAssertTrue(mathImages(html).isEmpty, html)
    XCTAssertTrue(html.contains("<code>$x$</code> costs $5 and $10."), html)
  }
}

// Report math: the TeX subset parsed, fractions and roots laid out in two dimensions, and the
// SVG typeset reproducibly.
import XCTest

@testable import Plot

final class MathLayoutTests: XCTestCase {
  func box(_ tex: String, display: Bool = false) throws -> MathBox {
    let setter = MathSetter(metrics: try TextMetrics(), display: display)
    return setter.layout(MathParser.parse(tex), size: 10)
  }

  /// The glyph runs of `b` as (text, x, y, size, italic).
  func glyphs(_ b: MathBox) -> [(String, Double, Double, Double, Bool)] {
    b.items.compactMap {
      if case .glyphs(let s, let x, let y, let size, let italic) = $0 {
        return (s, x, y, size, italic)
      }
      return nil
    }
  }

  func lines(_ b: MathBox) -> [[Point]] {
    b.items.compactMap {
      if case .line(let points, _) = $0 { return points }
      return nil
    }
  }

  func testParse() {
    let n = MathNode.text("n", italic: true, pad: 0)
    let one = MathNode.text("1", italic: false, pad: 0)
    XCTAssertEqual(
      MathParser.parse("\\frac{1}{\\sqrt{n}}"),
      .row([.frac(.row([one]), .row([.sqrt(.row([n]))]))]))
    XCTAssertEqual(
      MathParser.parse("\\alpha_i^2"),
      .row([
        .scripts(
          base: .text("α", italic: false, pad: 0), sub: .text("i", italic: true, pad: 0),
          sup: .text("2", italic: false, pad: 0))
      ]))
    XCTAssertEqual(
      MathParser.parse("\\mathrm{d}x"),
      .row([.row([.text("d", italic: false, pad: 0)]), .text("x", italic: true, pad: 0)]))
    // Unknown commands are set as their names; stray braces and scripts never crash.
    XCTAssertEqual(
      MathParser.parse("\\foo{x}"),
      .row([.text("foo", italic: false, pad: 0), .row([.text("x", italic: true, pad: 0)])]))
    for odd in ["}", "{", "x_", "^", "\\", "\\frac", "\\sqrt", "_{}^{}", "\\frac{}{"] {
      _ = MathParser.parse(odd)
      XCTAssertNoThrow(try box(odd), odd)
    }
  }

  func testScripts() throws {
    let g = glyphs(try box("\\alpha_i^2"))
    XCTAssertEqual(g.map(\.0), ["α", "2", "i"])
    XCTAssertEqual(g[0].3, 10)
    XCTAssertEqual(g[1].3, 7, "scripts at 70 %")
    XCTAssertLessThan(g[1].2, -3, "the superscript is raised")
    XCTAssertGreaterThan(g[2].2, 1, "the subscript is lowered")
    XCTAssertTrue(g[2].4, "i is a variable: italic")
    XCTAssertGreaterThan(g[1].1, g[0].1)
  }

  func testFraction() throws {
    let b = try box("\\frac{a}{bc}", display: true)
    let g = glyphs(b)
    let l = lines(b)
    XCTAssertEqual(l.count, 1, "one fraction bar")
    guard let bar = l.first, g.count == 2 else { return XCTFail(MathSetter.dump(b)) }
    XCTAssertEqual(bar[0].y, bar[1].y)
    XCTAssertLessThan(bar[0].y, 0, "the bar is on the math axis, above the baseline")
    XCTAssertLessThan(g[0].2, bar[0].y, "numerator above the bar")
    XCTAssertGreaterThan(g[1].2 - 10 * MathSetter.ascent, bar[0].y - 0.01, "denominator below")
    XCTAssertLessThan(g[1].1, g[0].1, "the shorter numerator is centred")
    XCTAssertGreaterThanOrEqual(bar[1].x - bar[0].x, b.width - 1.01)
    XCTAssertEqual(g[0].3, 10, "display fractions keep the size")
    XCTAssertEqual(glyphs(try box("\\frac{a}{b}"))[0].3, 8, "inline fractions are smaller")
    XCTAssertGreaterThan(b.ascent + b.descent, 2 * 10 * MathSetter.ascent)
  }

  func testSquareRoot() throws {
    let b = try box("\\sqrt{x}")
    let g = glyphs(b)
    let l = lines(b)
    guard let sign = l.first, let x = g.first, l.count == 1, g.count == 1 else {
      return XCTFail(MathSetter.dump(b))
    }
    XCTAssertEqual(sign.count, 5)
    XCTAssertGreaterThan(x.1, sign[3].x, "the radicand is right of the sign")
    XCTAssertLessThan(sign[4].y, -10 * MathSetter.ascent, "the vinculum clears the radicand")
    XCTAssertGreaterThanOrEqual(sign[4].x, x.1 + 4, "and covers it")
    XCTAssertGreaterThan(sign[2].y, 0, "the sign dips below the baseline")
    XCTAssertGreaterThan(b.ascent, 10 * MathSetter.ascent)
  }

  func testSVGIsSelfContainedAndReproducible() throws {
    let a = try MathSVG.render("\\frac{1}{\\sqrt{n}}", display: false)
    _ = try MathSVG.render("\\sum_i x_i", display: true)
    let b = try MathSVG.render("\\frac{1}{\\sqrt{n}}", display: false)
    XCTAssertEqual(a, b)
    let svg = String(decoding: a.svg, as: UTF8.self)
    XCTAssertTrue(svg.contains("<svg"), svg)
    XCTAssertFalse(svg.contains("<text"), "glyphs are paths: no font needed")
    XCTAssertFalse(svg.contains("http://www.w3.org/1999/xlink\" href=\"http"), svg)
    XCTAssertGreaterThan(a.height, 10)
    XCTAssertGreaterThan(a.depth, 0)
    XCTAssertLessThan(a.depth, a.height / 2)
  }
}

// The label math subset: Greek letters, symbols, sub/superscripts, text outside $…$ untouched.
import XCTest

@testable import Plot

final class MathTextTests: XCTestCase {
  func testRendering() {
    XCTAssertEqual(MathText.render("time $t$ (s)"), "time t (s)")
    XCTAssertEqual(MathText.render("$\\alpha_i^2$"), "αᵢ²")
    XCTAssertEqual(MathText.render("$x_{10}$ and $e^{-x}$"), "x₁₀ and e⁻ˣ")
    XCTAssertEqual(MathText.render("$1/\\sqrt{n}$"), "1/√n")
    XCTAssertEqual(MathText.render("cost $5 only"), "cost $5 only")
    XCTAssertEqual(MathText.render("no math"), "no math")
    XCTAssertEqual(MathText.render("$\\Delta \\leq \\epsilon$"), "Δ ≤ ε")
    XCTAssertEqual(MathText.render("$x_q$"), "x_q")
  }
}

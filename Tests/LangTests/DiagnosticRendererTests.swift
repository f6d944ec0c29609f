// Tests for the clang-style diagnostic renderer: exact caret placement, notes, hints, colour.

import XCTest

@testable import Lang

final class DiagnosticRendererTests: XCTestCase {
  func render(
    _ text: String, _ start: Int, _ end: Int, notes: [DiagnosticNote] = [], hint: String? = nil
  ) -> String {
    let f = SourceFile(path: "a.fsl", text: text)
    let d = Diagnostic(code: "E999", "boom", span: SourceSpan(start, end), notes: notes, hint: hint)
    return DiagnosticRenderer.render(d, file: f, color: false)
  }

  func testCaretUnderSpan() {
    XCTAssertEqual(
      render("x = foo(1)\n", 4, 10),
      """
      a.fsl:1:5: error: boom
      x = foo(1)
          ^~~~~~
      """)
  }

  func testWidthOneAndEmptySpans() {
    XCTAssertEqual(render("abc", 1, 2), "a.fsl:1:2: error: boom\nabc\n ^")
    XCTAssertEqual(render("abc", 1, 1), "a.fsl:1:2: error: boom\nabc\n ^")
    // An empty span at the end of a line sits just past the last character.
    XCTAssertEqual(render("abc\ndef", 3, 3), "a.fsl:1:4: error: boom\nabc\n   ^")
    XCTAssertEqual(render("abc", 3, 3), "a.fsl:1:4: error: boom\nabc\n   ^")
    XCTAssertEqual(render("", 0, 0), "a.fsl:1:1: error: boom\n\n^")
  }

  func testSpanSpillingToNextLineIsCut() {
    XCTAssertEqual(
      render("if x\n  y\nend", 0, 12),
      """
      a.fsl:1:1: error: boom
      if x
      ^~~~
      """)
  }

  func testSecondLineAndTabs() {
    XCTAssertEqual(
      render("a\n\tb = (1 +\n", 7, 8),
      "a.fsl:2:6: error: boom\n\tb = (1 +\n\t    ^")
  }

  func testColumnsCountUnicodeScalars() {
    // "é" is two bytes but one column; "😀" is four bytes, one column.
    let text = "s = \"é😀\" + x"
    let start = Array(text.utf8).count - 1
    XCTAssertEqual(
      render(text, start, start + 1),
      "a.fsl:1:12: error: boom\n\(text)\n           ^")
    XCTAssertEqual(
      render(text, 4, 12),
      "a.fsl:1:5: error: boom\n\(text)\n    ^~~~")
  }

  func testNotesAndHint() {
    let out = render(
      "fn f()\n  y = (1 + 2\nend\n", 20, 23,
      notes: [
        DiagnosticNote("to match this '('", span: SourceSpan(13, 14)), DiagnosticNote("plain"),
      ],
      hint: "close it")
    XCTAssertEqual(
      out,
      """
      a.fsl:3:1: error: boom
      end
      ^~~
      a.fsl:2:7: note: to match this '('
        y = (1 + 2
            ^
      note: plain
      hint: close it
      """)
  }

  func testCRLFLinesAndNoTrailingSpaces() {
    let out = render("x = 1\r\ny = )\r\n", 11, 12)
    XCTAssertEqual(out, "a.fsl:2:5: error: boom\ny = )\n    ^")
    for line in out.split(separator: "\n") { XCTAssertFalse(line.hasSuffix(" ")) }
  }

  func testRenderAllAndParserIntegration() {
    let f = SourceFile(path: "p.fsl", text: "a = )\nb = [1 2]\n")
    guard case .failure(let ds) = Parser.parse(f) else { return XCTFail("expected errors") }
    XCTAssertEqual(
      DiagnosticRenderer.render(all: ds, file: f, color: false),
      """
      p.fsl:1:5: error: expected an expression, found ')'
      a = )
          ^
      p.fsl:2:8: error: expected ']' to close '[' at 2:5, found '2'
      b = [1 2]
             ^
      p.fsl:2:5: note: to match this '['
      b = [1 2]
          ^
      hint: is a ',' missing?
      """)
  }

  func testColor() {
    let f = SourceFile(path: "a.fsl", text: "x = )")
    let d = Diagnostic(code: "E1", "boom", span: SourceSpan(4, 5), hint: "h")
    let out = DiagnosticRenderer.render(d, file: f, color: true)
    XCTAssertTrue(out.contains("\u{1B}[1;31merror:\u{1B}[0m"))
    XCTAssertTrue(out.contains("\u{1B}[1;32m^\u{1B}[0m"))
    XCTAssertTrue(out.hasPrefix("\u{1B}[1ma.fsl:1:5:"))
    XCTAssertFalse(DiagnosticRenderer.render(d, file: f, color: false).contains("\u{1B}"))
  }
}

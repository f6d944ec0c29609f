// `fsl notebook`: backslashes and math in Markdown cells, print layout and --toc.
import Foundation
import XCTest

extension NotebookTests {
  /// Runs `source` as a notebook into `name` (`.html` or `.md`) and returns the report.
  func report(_ source: String, _ name: String, _ extra: [String] = []) throws -> String {
    let dir = try tempDir()
    let src = dir.appendingPathComponent("nb.fsl")
    try source.write(to: src, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent(name)
    let r = try fsl(["notebook", src.path, "-o", out.path] + extra)
    XCTAssertEqual(r.status, 0, r.err)
    return try read(out)
  }

  func testBackslashesFollowCommonMarkAndMathIsKept() throws {
    let source = #"""
      # %% [markdown]
      # Dir($\alpha$), C:\\x and C:\Users, \*not em\*, a\_b, $a_1 + b_2 * c_3$ here.
      # $$\frac{1}{2} < \sqrt{x}$$ and prices $5 and $10. `C:\x` \`tick\`
      """#
    let html = try report(source, "nb.html")
    XCTAssertTrue(html.contains(#"<p>Dir(<img class="math" "#), html)
    XCTAssertTrue(html.contains(#" alt="\alpha" "#), html)
    XCTAssertTrue(html.contains(#"), C:\x and C:\Users, *not em*, a_b, <img"#), html)
    XCTAssertTrue(html.contains(#" alt="a_1 + b_2 * c_3" "#), html)
    XCTAssertTrue(html.contains(#" alt="\frac{1}{2} &lt; \sqrt{x}" "#), html)
    XCTAssertTrue(html.contains(#"</span> and prices $5 and $10."#), html)
    XCTAssertTrue(html.contains(#"<code>C:\x</code> `tick`</p>"#), html)
    XCTAssertFalse(html.contains("<em>"), html)
    // Markdown reports keep the math verbatim (GitHub and other viewers typeset it).
    let md = try report(source, "nb.md")
    XCTAssertTrue(md.contains(#"Dir($\alpha$), C:\\x"#), md)
    XCTAssertTrue(md.contains(#"$$\frac{1}{2} "#), md)
  }

  func testLongLinesWrapInPrint() throws {
    let html = try report("print(\"x\" * 300)\n", "nb.html")
    guard let media = html.range(of: "@media print") else { return XCTFail("no print styles") }
    let print = html[media.upperBound...].prefix(200)
    XCTAssertTrue(print.contains("white-space: pre-wrap"), String(print))
    XCTAssertTrue(print.contains("overflow-wrap: anywhere"), String(print))
  }

  func testTableOfContents() throws {
    let source = """
      # %% [markdown]
      # # Data $x$
      # ## Cleaning
      # ```
      # # not a heading
      # ```

      # %%
      1 + 1

      # %% [markdown]
      # ## Cleaning
      # ### Cell 2 <b>
      """
    let html = try report(source, "nb.html", ["--toc"])
    XCTAssertTrue(html.contains("<nav class=\"toc\">"), html)
    // A heading's formula is typeset in the heading and in the contents; its id uses the source.
    XCTAssertTrue(html.contains("<a href=\"#data-x\">Data <img class=\"math\" "), html)
    XCTAssertTrue(html.contains(" id=\"data-x\">Data <img class=\"math\" "), html)
    for (id, text) in [
      ("cleaning", "Cleaning"), ("cleaning-1", "Cleaning"), ("cell-2-b", "Cell 2 &lt;b&gt;"),
    ] {
      XCTAssertTrue(html.contains("<a href=\"#\(id)\">\(text)</a>"), id)
      XCTAssertTrue(html.contains(" id=\"\(id)\">\(text)</h"), id)
    }
    guard let nav = html.range(of: "<nav"), let main = html.range(of: "<main>") else {
      return XCTFail(html)
    }
    XCTAssertLessThan(nav.lowerBound, main.lowerBound, "the contents come first")
    XCTAssertFalse(try report(source, "plain.html").contains("<nav"), "only with --toc")

    let md = try report(source, "nb.md", ["--toc"])
    XCTAssertTrue(
      md.contains(
        """
        **Contents**

        - [Data $x$](#data-x)
          - [Cleaning](#cleaning)
          - [Cleaning](#cleaning-1)
            - [Cell 2 &lt;b>](#cell-2-b)
        """), md)
  }
}

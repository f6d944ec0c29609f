// `fsl notebook` (docs/notebook.md) run as a user would: report structure for HTML and Markdown
// (the Markdown report is compared with Tests/golden/notebook/cells.expected.md; set
// FSL_UPDATE_GOLDEN=1 to rewrite it), error cells, --keep-going, exit codes, embedded figures.
import Foundation
import XCTest

final class NotebookTests: XCTestCase {
  typealias Run = FSLRun

  var binary: URL { FSLProcess.binary }

  /// The repository root (fixture paths in reports are relative to it).
  var root: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  func fsl(_ args: [String], stdin: String? = nil) throws -> Run {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    // An empty stdin unless given: a notebook run must not wait for the terminal.
    return try FSLProcess.run(args, stdin: stdin ?? "", in: root)
  }

  func tempDir() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("fsl-notebook-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
  }

  func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

  func isPNG(_ bytes: Data) -> Bool { bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A]) }

  let cells = "Tests/golden/notebook/cells.fsl"
  let failing = "Tests/golden/notebook/error_cell.fsl"

  func testMarkdownReportMatchesGolden() throws {
    let dir = try tempDir()
    let out = dir.appendingPathComponent("cells.md")
    let r = try fsl(["notebook", cells, "-o", out.path])
    XCTAssertEqual(r.status, 0, r.err)
    let text = try read(out)
    // The date changes every run; the hash is checked against sha256sum separately.
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var sha = ""
    for (i, l) in lines.enumerated() {
      if l.hasPrefix("- date: ") { lines[i] = "- date: <date>" }
      if l.hasPrefix("- source SHA-256: ") {
        sha = l.dropFirst("- source SHA-256: ".count).trimmingCharacters(in: ["`"])
        lines[i] = "- source SHA-256: <sha256>"
      }
    }
    let normalized = lines.joined(separator: "\n")
    let golden = root.appendingPathComponent("Tests/golden/notebook/cells.expected.md")
    if ProcessInfo.processInfo.environment["FSL_UPDATE_GOLDEN"] != nil {
      try normalized.write(to: golden, atomically: true, encoding: .utf8)
    }
    XCTAssertEqual(normalized, try read(golden))
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
      p.arguments = [root.appendingPathComponent(cells).path]
      let pipe = Pipe()
      p.standardOutput = pipe
      try p.run()
      let o = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      p.waitUntilExit()
      XCTAssertEqual(String(o.prefix(64)), sha)
    }
    let png = try Data(contentsOf: dir.appendingPathComponent("cells-cell6-1.png"))
    XCTAssertTrue(isPNG(png))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
      $0.contains(".tmp-")
    }
    XCTAssertEqual(leftovers, [], "temporary files left behind")
  }

  func testHTMLReportIsSelfContained() throws {
    let out = try tempDir().appendingPathComponent("cells.html")
    let r = try fsl(["notebook", cells, "-o", out.path])
    XCTAssertEqual(r.status, 0, r.err)
    let html = try read(out)
    XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
    XCTAssertTrue(html.contains("<style>"))
    XCTAssertFalse(html.contains("<link"), "stylesheets must be embedded")
    XCTAssertFalse(html.contains("src=\"http"), "images must be embedded")
    for cls in ["version", "date", "seed", "sha256"] {
      XCTAssertTrue(html.contains("<dd class=\"\(cls)\">"), "header lacks \(cls)")
    }
    XCTAssertTrue(html.contains("<dd class=\"seed\">0</dd>"))
    XCTAssertEqual(html.components(separatedBy: "<section class=\"cell code\"").count - 1, 4)
    XCTAssertEqual(html.components(separatedBy: "<section class=\"cell markdown\"").count - 1, 2)
    // Markdown cells rendered to HTML.
    XCTAssertTrue(html.contains("<h1>Cells</h1>"), html)
    XCTAssertTrue(html.contains("<em>emphasis</em>"))
    XCTAssertTrue(html.contains("<li>one</li>"))
    // Sources highlighted from the lexer's tokens; outputs and values.
    XCTAssertTrue(html.contains("<span class=\"k\">fn</span>"))
    XCTAssertTrue(html.contains("<span class=\"n\">40</span>"))
    XCTAssertTrue(html.contains("<span class=\"c\"># expect: x = 42</span>"))
    XCTAssertTrue(html.contains("<pre class=\"stdout\">x = 42</pre>"))
    XCTAssertTrue(html.contains("<pre class=\"value\">84</pre>"))
    XCTAssertTrue(html.contains("<p class=\"cell-title\">first cell</p>"))
    XCTAssertFalse(html.contains("<pre class=\"value\">42</pre>"), "a trailing ';' hides values")
    // The figure is an embedded PNG.
    let marker = "src=\"data:image/png;base64,"
    let parts = html.components(separatedBy: marker)
    XCTAssertEqual(parts.count, 2, "one figure expected")
    if parts.count == 2, let end = parts[1].firstIndex(of: "\"") {
      let png = Data(base64Encoded: String(parts[1][..<end])) ?? Data()
      XCTAssertTrue(isPNG(png), "figure is not a PNG")
    }
  }

  func testInlineCodeAtALineStartStaysInItsParagraph() throws {
    let dir = try tempDir()
    let src = dir.appendingPathComponent("md.fsl")
    try "# %% [markdown]\n# Run it with\n# `fsl notebook x.fsl` to get a report.\n".write(
      to: src, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("md.html")
    let r = try fsl(["notebook", src.path, "-o", out.path])
    XCTAssertEqual(r.status, 0, r.err)
    let html = try read(out)
    XCTAssertTrue(
      html.contains("<p>Run it with <code>fsl notebook x.fsl</code> to get a report.</p>"), html)
  }

  func testFailingCellStopsWithExit70() throws {
    let dir = try tempDir()
    let out = dir.appendingPathComponent("error.html")
    let r = try fsl(["notebook", failing, "-o", out.path])
    XCTAssertEqual(r.status, 70)
    XCTAssertTrue(r.err.contains("IndexError: index 10 is out of bounds"), r.err)
    let html = try read(out)
    XCTAssertTrue(html.contains("<pre class=\"stdout\">before</pre>"))
    XCTAssertTrue(html.contains("<section class=\"cell code failed\""))
    XCTAssertTrue(
      html.contains("Tests/golden/notebook/error_cell.fsl:9:1: error: IndexError"),
      "errors carry the file's own line numbers")
    XCTAssertTrue(html.contains("<section class=\"cell code not-run\""))
    XCTAssertFalse(html.contains("<pre class=\"stdout\">after</pre>"))

    let md = dir.appendingPathComponent("error.md")
    XCTAssertEqual(try fsl(["notebook", failing, "-o", md.path]).status, 70)
    let text = try read(md)
    XCTAssertTrue(text.contains("**Error**"))
    XCTAssertTrue(text.contains("*not run: an earlier cell failed*"))
  }

  func testKeepGoingRunsEveryCell() throws {
    let out = try tempDir().appendingPathComponent("error.html")
    let r = try fsl(["notebook", failing, "-o", out.path, "--keep-going"])
    XCTAssertEqual(r.status, 0, r.err)
    XCTAssertTrue(r.err.contains("1 cell failed"), r.err)
    let html = try read(out)
    XCTAssertTrue(html.contains("<section class=\"cell code failed\""))
    XCTAssertTrue(html.contains("<pre class=\"stdout\">after</pre>"))
    XCTAssertFalse(html.contains("class=\"cell code not-run\""))
  }

  func testUsageAndInputErrors() throws {
    let dir = try tempDir()
    let missing = try fsl([
      "notebook", "no/such/file.fsl", "-o", dir.appendingPathComponent("x.html").path,
    ])
    XCTAssertEqual(missing.status, 66)
    XCTAssertTrue(missing.err.contains("cannot open 'no/such/file.fsl'"), missing.err)
    let badExt = try fsl(["notebook", cells, "-o", dir.appendingPathComponent("x.pdf").path])
    XCTAssertEqual(badExt.status, 64)
    XCTAssertTrue(badExt.err.contains(".html or .md"), badExt.err)
    XCTAssertEqual(try fsl(["notebook", cells]).status, 64)
    let unwritable = try fsl(["notebook", cells, "-o", "/nonexistent-dir/x.html"])
    XCTAssertNotEqual(unwritable.status, 0)
    XCTAssertTrue(unwritable.err.contains("cannot write"), unwritable.err)
  }

  func testStdinThatIsNotATerminalRunsAsAScript() throws {
    let r = try fsl([], stdin: "x = 20\nprint(x + 1)\n")
    XCTAssertEqual(r.status, 0, r.err)
    XCTAssertEqual(r.out, "21\n")
    let bad = try fsl([], stdin: "[1][4]\n")
    XCTAssertEqual(bad.status, 70)
    XCTAssertTrue(bad.err.contains("<stdin>:1:1"), bad.err)
  }
}

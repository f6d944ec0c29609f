// Checks docs/builtins.md is fresh and every builtin's example does what its comment says.
import Builtins
import Foundation
import Interp
import TestSupport
import XCTest

final class BuiltinDocsTests: XCTestCase {
  func testGeneratedDocsAreFresh() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../docs/builtins.md")
    let onDisk = try String(contentsOf: url, encoding: .utf8)
    XCTAssertEqual(onDisk, builtinsMarkdown(), "docs/builtins.md is stale: run scripts/gen-docs")
  }

  func testEveryBuiltinHasSummaryAndExample() {
    for b in allBuiltins {
      XCTAssertFalse(b.summary.isEmpty, "\(b.name) has no summary")
      XCTAssertFalse(b.example.isEmpty, "\(b.name) has no example")
    }
    let names = allBuiltins.map { $0.module + "." + $0.name }
    XCTAssertEqual(names.count, Set(names).count, "duplicate builtin names")
  }

  func testExamplesProduceWhatTheySay() {
    for b in allBuiltins {
      let ex = DocExample(b.example)
      XCTAssertTrue(
        ex.expectedValue != nil || ex.expectedOutput != nil,
        "\(b.name): example must end with '# -> value' or '# prints: text'")
      let r = runFSL(ex.code, path: "<example \(b.name)>")
      XCTAssertNil(r.error, "\(b.name): example failed: \(r.rendered ?? "")")
      if let v = ex.expectedValue {
        XCTAssertEqual(r.value ?? "nil", v, "\(b.name): example value")
      }
      if let o = ex.expectedOutput {
        XCTAssertEqual(r.output, o + "\n", "\(b.name): example output")
      }
    }
  }
}

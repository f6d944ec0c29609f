// Long and deep input (issue 12): operator chains of 100,000 terms parse and resolve without
// recursion; f-string nesting and postfix chains have limits that fail fast with one error.
import Foundation
import XCTest

@testable import Lang

/// Runs `body` on a thread with a 512 MiB stack: dropping a syntax tree 100,000 levels deep
/// releases it recursively, more than the test thread's stack holds in a debug build.
func onLargeStack(_ body: @escaping () -> Void) {
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    body()
    done.signal()
  }
  thread.stackSize = 1 << 29
  thread.start()
  done.wait()
}

final class LongInputTests: XCTestCase {
  func parse(_ src: String) -> ParseOutcome {
    Parser.parse(SourceFile(path: "t.fsl", text: src), interactive: false)
  }

  func firstError(_ src: String) -> String? {
    if case .failure(let ds) = parse(src) { return ds.first.map { "\($0.code): \($0.message)" } }
    return nil
  }

  func testOperatorChainFlattensLeftDeepOperators() throws {
    guard case .success(let p) = parse("1 + 2 * 3 - x and y or z"),
      case .expr(let e) = p.statements[0].kind, let chain = OperatorChain(e)
    else { return XCTFail("no chain") }
    guard case .number(1) = chain.first.kind else { return XCTFail("first is \(chain.first)") }
    let ops = chain.links.map { link -> String in
      switch link.op {
      case .binary(let op): return op.rawValue
      case .logical(let op): return op.rawValue
      }
    }
    XCTAssertEqual(ops, ["+", "-", "and", "or"])
    // Each link's span runs from the chain's start to its operand's end.
    XCTAssertEqual(chain.links.map(\.span.end), [9, 13, 19, 24])
    XCTAssertEqual(Set(chain.links.map(\.span.start)), [0])
    XCTAssertEqual(OperatorChain.length(of: e, upTo: 3), 3)
    XCTAssertNil(OperatorChain(chain.first))
    var operands: [Int] = []
    OperatorChain.forEachOperand(of: e) { operands.append($0.span.start) }
    XCTAssertEqual(operands, [0, 4, 12, 18, 23])
  }

  func testLongChainParsesAndResolvesInLinearTime() {
    onLargeStack {
      let n = 100_000
      let src = "x = " + Array(repeating: "a", count: n).joined(separator: " + ")
      let start = Date()
      guard case .success(let p) = self.parse("a = 1\n" + src) else { return XCTFail("parse") }
      let resolved = Resolver.resolve(p, globals: GlobalTable(), builtins: [])
      if case .failure(let e) = resolved { XCTFail("\(e.diagnostics)") }
      XCTAssertLessThan(Date().timeIntervalSince(start), 10)
      guard case .assign(_, let value) = p.statements[1].kind else { return XCTFail("assign") }
      XCTAssertEqual(OperatorChain(value)?.links.count, n - 1)
      // A name used deep in the chain before it is assigned is still reported.
      let late = "x = " + Array(repeating: "1", count: n).joined(separator: " + ") + " + y\ny = 1"
      guard case .success(let q) = self.parse(late) else { return XCTFail("parse") }
      guard case .failure(let errors) = Resolver.resolve(q, globals: GlobalTable(), builtins: [])
      else { return XCTFail("no error") }
      XCTAssertEqual(errors.diagnostics.map(\.message), ["name 'y' is used before it is assigned"])
    }
  }

  func testDumpOfALongChainIsWrittenOnce() {
    // Each level used to return its subtree's text, copied again by every level above it.
    guard case .success(let p) = parse(Array(repeating: "1", count: 2000).joined(separator: "+"))
    else { return XCTFail("parse") }
    let start = Date()
    let dump = dumpAST(p)
    XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    XCTAssertEqual(dump.components(separatedBy: "(number").count - 1, 2000)
    XCTAssertTrue(dump.hasPrefix("(+\n  (+\n    (+\n"), String(dump.prefix(40)))
  }

  /// `f"{f'{f"{…}"}'}"`: `n` f-strings nested, alternating quotes.
  func nestedFStrings(_ n: Int) -> String {
    var s = "1"
    for i in 0..<n {
      let q = i % 2 == 0 ? "\"" : "'"
      s = "f" + q + "{" + s + "}" + q
    }
    return s
  }

  func testFStringNestingHasALimit() {
    guard case .success = parse("x = " + nestedFStrings(Parser.fstringNestingLimit)) else {
      return XCTFail("200 nested f-strings should parse")
    }
    XCTAssertEqual(
      firstError("x = " + nestedFStrings(Parser.fstringNestingLimit + 1)),
      "E214: f-strings nested too deeply (limit 200)")
    let start = Date()
    XCTAssertEqual(firstError("x = " + nestedFStrings(5000))?.prefix(5), "E214:")
    XCTAssertLessThan(Date().timeIntervalSince(start), 5)
  }

  func testPostfixChainsHaveALimit() {
    onLargeStack {
      let limit = Parser.postfixLimit
      guard case .success = self.parse("x" + String(repeating: "[0]", count: limit)) else {
        return XCTFail("\(limit) indexes should parse")
      }
      XCTAssertEqual(
        self.firstError("x" + String(repeating: ".a", count: limit + 1)),
        "E215: too many calls, indexes and fields in a row (limit 100000)")
      XCTAssertEqual(
        self.firstError("f" + String(repeating: "(1)", count: limit * 3))?.prefix(5), "E215:")
    }
  }
}

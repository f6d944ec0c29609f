// The in-place fast paths (docs/design.md §"Evaluator"; Sources/Interp/README.md) check Value's
// layout once at start-up and silently fall back to copying paths when it differs. A change to
// the `Value` enum (a case added or removed, as when rng and tables became foreign objects) must
// keep them on: this test says so out loud instead of letting a benchmark find it.
import XCTest

@testable import Interp

final class ValueLayoutTests: XCTestCase {
  func testFastPathLayoutChecksHold() {
    XCTAssertTrue(Interpreter.payloadIsFirstWord, "a reference payload is not Value's first word")
    XCTAssertTrue(RawArray.valid, "array items cannot be read from the buffer's layout")
    XCTAssertTrue(RawArray.uniqueValid, "an array's uniqueness cannot be read inline")
    XCTAssertTrue(Compiler.inPlaceLayout, "lists and f64 tensors cannot be changed in place")
    XCTAssertTrue(Compiler.dictInPlace, "a variable's dict cannot be read in place")
  }

  func testRawArrayReadsWhatTheArrayHolds() {
    var xs: [Value] = [.number(4), .string("a long string, not inline"), .null]
    xs.removeFirst()
    withUnsafeMutablePointer(to: &xs) { p in
      let (items, n) = RawArray.items(p, of: Value.self)
      XCTAssertEqual(n, 2)
      XCTAssertEqual(items[0].repr, "\"a long string, not inline\"")
      XCTAssertEqual(items[1].repr, "nil")
    }
  }

  func testForeignObjectsKeepTheirTypeNames() throws {
    let t = try FTable(FDict([("x", .list([.number(1)]))]))
    XCTAssertEqual(Value.table(t).typeName, "table")
    XCTAssertTrue(Value.table(t).asTable === t)
    XCTAssertEqual(Value.object(RandomBox(seed: 3)).typeName, "rng")
    XCTAssertEqual(Value.object(RandomBox(seed: 3)).repr, "<rng seed=3>")
    XCTAssertNil(Value.object(RandomBox(seed: 3)).asTable)
  }
}

// CSV and JSON codecs and table printing: round trips, the fast number path, UTF-8 checking,
// nesting limits, Ctrl-C polling and the bounded table repr (issue 12).
import Interp
import Tensor
import XCTest

@testable import Builtins

final class TablesIOTests: XCTestCase {
  func sampleTable(rows: Int) throws -> FTable {
    let ints: [Double] = (0..<rows).map { Double($0 - rows / 2) }
    let xs: [Double] = (0..<rows).map { r -> Double in r % 7 == 0 ? .nan : 1.0 / 3 + Double(r) }
    let strings: [Value] = (0..<rows).map { r -> Value in
      .string(r % 5 == 0 ? "q\"x, \(r)\r\ny" : "name \(r)")
    }
    var d = FDict()
    d["i"] = .tensor(Tensor(shape: [rows], f64: ints))
    d["x"] = .tensor(Tensor(shape: [rows], f64: xs))
    d["s"] = .list(strings)
    d["b"] = .tensor(Tensor(shape: [rows], bool: (0..<rows).map { $0 % 2 == 0 }))
    return try FTable(d)
  }

  func testCSVRoundTrip() throws {
    let t = try sampleTable(rows: 300)
    let text = try CSV.write(t)
    let back = try CSV.table(try CSV.parse(text, file: "t.csv"), file: "t.csv")
    XCTAssertEqual(back.rows, 300)
    XCTAssertEqual(Array(back.columns.keys), ["i", "x", "s", "b"])
    for r in [0, 1, 5, 7, 150, 299] {
      XCTAssertEqual(back.cell("i", r).repr, t.cell("i", r).repr)
      XCTAssertEqual(back.cell("x", r).repr, t.cell("x", r).repr)
      XCTAssertEqual(back.cell("s", r).repr, t.cell("s", r).repr)
      XCTAssertEqual(back.cell("b", r).str, t.cell("b", r).str)
    }
  }

  func testCSVNumbersPrintAsFormatNumber() {
    let values: [Double] = [
      0, -0.0, 1, -1, 9, 10, 99, 100, 123_456_789, -987_654_321, 8_999_999_999_999_999,
      9e15, 9_999_999_999_999_998, 1e16, -1e16, 1e17 + 8, 0.5, 1e15 + 0.5, 123.456, -2.25, 1e-7,
      1 / 3, 1e300, .infinity, -.infinity,
    ]
    var state: UInt64 = 42
    let random = (0..<2000).map { _ -> Double in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let exponent = 900 + (state >> 20) % 250  // magnitudes 2^-123 ... 2^126
      return Double(bitPattern: (state & (1 << 52 - 1)) | exponent << 52 | (state >> 63) << 63)
    }
    for d in values + random {
      var out: [UInt8] = []
      CSV.appendNumber(d, to: &out)
      XCTAssertEqual(String(decoding: out, as: UTF8.self), formatNumber(d), "\(d)")
    }
  }

  func testCSVQuotesFieldsThatNeedIt() {
    XCTAssertEqual(CSV.quoteField("plain"), "plain")
    XCTAssertEqual(CSV.quoteField("a,b"), "\"a,b\"")
    XCTAssertEqual(CSV.quoteField("q\"x"), "\"q\"\"x\"")
    XCTAssertEqual(CSV.quoteField("two\r\nlines"), "\"two\r\nlines\"")
  }

  func testCSVPollsForInterrupt() throws {
    let t = try sampleTable(rows: 10)
    XCTAssertThrowsError(try CSV.write(t, poll: { true })) { e in
      XCTAssertEqual((e as? RuntimeError)?.kind, "Interrupted")
    }
    let text = "a\n" + String(repeating: "1\n", count: 3 * CSV.pollEvery)
    XCTAssertThrowsError(try CSV.parse(text, file: "t.csv", poll: { true })) { e in
      XCTAssertEqual((e as? RuntimeError)?.kind, "Interrupted")
    }
    XCTAssertEqual(try CSV.parse(text, file: "t.csv", poll: { false }).count, 3 * CSV.pollEvery + 1)
  }

  func testJSONPollsForInterrupt() throws {
    let doc = Array(("[" + Array(repeating: "1", count: 10_000).joined(separator: ",") + "]").utf8)
    XCTAssertThrowsError(try JSONCodec.decode(doc, file: "x.json", poll: { true })) { e in
      XCTAssertEqual((e as? RuntimeError)?.kind, "Interrupted")
    }
    let v = try JSONCodec.decode(doc, file: "x.json", poll: { false })
    XCTAssertThrowsError(try JSONCodec.encode(v, poll: { true })) { e in
      XCTAssertEqual((e as? RuntimeError)?.kind, "Interrupted")
    }
  }

  func testJSONUTF8Validation() {
    func bad(_ b: [UInt8]) -> Int? { JSONCodec.firstInvalidUTF8(b) }
    XCTAssertNil(bad(Array("aé€😀".utf8)))
    XCTAssertEqual(bad([0x61, 0xC0, 0x80]), 1)  // overlong
    XCTAssertEqual(bad([0xE0, 0x80, 0x80]), 0)  // overlong
    XCTAssertEqual(bad([0xED, 0xA0, 0x80]), 0)  // encoded surrogate
    XCTAssertEqual(bad([0xF4, 0x90, 0x80, 0x80]), 0)  // past U+10FFFF
    XCTAssertEqual(bad([0x61, 0xE2, 0x82]), 1)  // truncated
    XCTAssertEqual(bad([0xE2, 0x28, 0xA1]), 0)  // bad continuation
    XCTAssertEqual(bad([0xF0, 0x9F, 0x98, 0x41]), 0)  // bad last continuation
    XCTAssertEqual(bad([0x80]), 0)
  }

  func testJSONRoundTripsTensorsAndStrings() throws {
    var d = FDict()
    d["m"] = .tensor(Tensor(shape: [2, 3], f64: [1, 2.5, -0.0, .nan, .infinity, 6]))
    d["b"] = .tensor(Tensor(shape: [2], bool: [true, false]))
    d["s"] = .string("tab\t\u{1}\u{7F}é😀\"\\")
    let text = try JSONCodec.encode(.dict(d))
    XCTAssertEqual(
      text,
      "{\"m\": [[1, 2.5, -0], [NaN, Infinity, 6]], \"b\": [true, false], "
        + "\"s\": \"tab\\t\\u0001\u{7F}é😀\\\"\\\\\"}")
    let back = try JSONCodec.decode(Array(text.utf8), file: "x.json")
    XCTAssertEqual(back.repr, Value.dict(d).repr)
  }

  func testJSONDepthLimitBothWays() throws {
    var v = Value.string("a")
    for _ in 0..<JSONCodec.maxDepth { v = .list([v]) }
    let text = try JSONCodec.encode(v)
    XCTAssertEqual(try JSONCodec.decode(Array(text.utf8), file: "x.json").repr, v.repr)
    XCTAssertThrowsError(try JSONCodec.encode(.list([v]))) { e in
      XCTAssertEqual((e as? RuntimeError)?.kind, "ValueError")
    }
    let deep = Array(
      (String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
    XCTAssertThrowsError(try JSONCodec.decode(deep, file: "x.json")) { e in
      XCTAssertEqual(
        (e as? RuntimeError)?.message,
        "x.json: at byte 1000: nesting too deep (limit 1000 levels of arrays and objects)")
    }
  }

  func testTableReprIsBoundedAndClipsCells() throws {
    var d = FDict()
    d["s"] = .list([.string(String(repeating: "é", count: 1_000_000)), .string("ok")])
    let t = try FTable(d)
    let start = Date()
    let text = t.repr
    XCTAssertLessThan(Date().timeIntervalSince(start), 1)
    XCTAssertEqual(
      text.split(separator: "\n").map(String.init),
      ["s", String(repeating: "é", count: 49) + "…", "ok", "[2 rows × 1 column]"])
  }

  func testTableReprShowsFirstAndLastTenRows() throws {
    let t = try sampleTable(rows: 100_000)
    let lines = t.repr.split(separator: "\n", omittingEmptySubsequences: false)
    XCTAssertEqual(lines.count, 1 + 10 + 1 + 10 + 1)
    XCTAssertEqual(lines[11], "…")
    XCTAssertEqual(lines.last, "[100000 rows × 4 columns]")
  }

  func testTableReprStopsAtAPendingInterrupt() throws {
    let t = try sampleTable(rows: 3)
    let interp = Interpreter(builtins: [])
    interp.interruptRequested = true
    defer { interp.interruptRequested = false }
    XCTAssertEqual(t.repr, "[3 rows × 4 columns] (printing interrupted)")
  }
}

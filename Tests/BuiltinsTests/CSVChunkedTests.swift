// read_csv's chunked path (CSV+Plain.swift, CSV+PlainChunk.swift, CSV+File.swift) against the
// flat path (`parse` + `typedColumn`): the same columns bit for bit on files large enough to be
// cut into many chunks, with the cells that take the careful paths near chunk boundaries; and
// the files the chunked path hands back to the flat one (quotes, empty lines, ragged rows).
import Foundation
import Interp
import Tensor
import XCTest

@testable import Builtins

final class CSVChunkedTests: XCTestCase {
  /// Every column as text: name, dtype and each element's bits (f64 bit patterns, so NaN and
  /// -0.0 count).
  func signature(_ t: FTable) -> [String] {
    t.columns.map { name, v -> String in
      guard case .tensor(let x) = v else { return "\(name): \(v.repr)" }
      let cells: [String]
      switch x.dtype {
      case .f64: cells = x.withElements(as: UInt64.self) { $0.map { String($0, radix: 16) } }
      case .i64: cells = x.withElements(as: Int64.self) { $0.map { "\($0)" } }
      case .bool: cells = x.withElements(as: Bool.self) { $0.map { "\($0)" } }
      case .str: cells = x.strings
      default: cells = ["unexpected dtype"]
      }
      return "\(name) \(x.dtype.rawValue): " + cells.joined(separator: "|")
    }
  }

  /// A plain CSV text of `rows` rows whose columns change type late, hold numbers that need
  /// strtod, missing cells, bools, padded numbers and many distinct strings.
  func sampleText(rows: Int, bom: Bool = false, trailingNewline: Bool = true) -> String {
    var lines = ["id,x,late,word,flag,lateflag,pad,s,x"]
    let careful = [
      "0.12345678901234567890", "1.7976931348623157e308", "123456789012345678.5",
      "1234567890123456789", "5e-324", "-.5", "+5", "5.", "-0", "-0.0", "1e5", "inf",
    ]
    for r in 0..<rows {
      let x = r % 37 == 0 ? careful[(r / 37) % careful.count] : "\(r % 1000 - 500).\(r % 97)"
      let late = r == rows - 5 ? "2.5" : "\(r * 7)"
      let word = r == rows * 2 / 3 ? "n/a" : r % 11 == 0 ? "" : "\(r % 13)"
      let flag = ["true", "False", "TRUE"][r % 3]
      let lateflag = r == rows - 1 ? "maybe" : "false"
      let pad = r % 5 == 0 ? " \(r) " : r % 7 == 0 ? "NA" : "\(r)"
      let s = r % 3 == 0 ? "name \(r)" : ["é", "beta", "gamma"][r % 3]
      let second = r % 29 == 0 ? "nan" : "\(Double(r) / 8)"
      let cells = [String(r), x, late, word, flag, lateflag, pad, s, second]
      lines.append(cells.joined(separator: ","))
    }
    var text = lines.joined(separator: "\n") + (trailingNewline ? "\n" : "")
    if bom { text = "\u{FEFF}" + text }
    return text
  }

  func chunked(_ text: String) throws -> FTable? {
    let rows = try CSV.parsePlain(Array(text.utf8), poll: { false })
    guard let rows, rows.typed != nil else { return nil }
    return try CSV.table(rows, file: "t.csv")
  }

  func flat(_ text: String) throws -> FTable {
    try CSV.table(try CSV.parse(text, file: "t.csv"), file: "t.csv")
  }

  func testChunkedMatchesFlat() throws {
    for (rows, bom, newline) in [(3000, false, true), (5000, true, false), (40000, false, true)] {
      let text = sampleText(rows: rows, bom: bom, trailingNewline: newline)
      XCTAssertGreaterThan(text.utf8.count, 4 * CSV.plainThreshold / 2)
      let fast = try XCTUnwrap(try chunked(text), "the chunked path declined \(rows) rows")
      let slow = try flat(text)
      XCTAssertEqual(fast.rows, rows)
      XCTAssertEqual(signature(fast), signature(slow))
      let kinds = fast.columns.map { _, v -> String in
        if case .tensor(let t) = v { return t.dtype.rawValue }
        return "list"
      }
      XCTAssertEqual(kinds, ["i64", "f64", "f64", "str", "bool", "str", "f64", "str", "f64"])
      XCTAssertEqual(Array(fast.columns.keys).last, "x.1")
    }
  }

  /// A chunk boundary falls inside the rows holding careful numbers: every cell of column x is
  /// one, so some chunk starts and ends on each kind.
  func testCarefulNumbersAtEveryBoundary() throws {
    let careful = ["0.1000000000000000055511151231257827", "9007199254740993.0", "1e-400", "7"]
    var text = "a,x\n"
    for r in 0..<20000 { text += "\(r),\(careful[r % careful.count])\n" }
    let fast = try XCTUnwrap(try chunked(text))
    XCTAssertEqual(signature(fast), signature(try flat(text)))
  }

  func testUnusualFilesTakeTheFlatPath() throws {
    let base = sampleText(rows: 3000)
    var lines = base.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Quotes (a quoted comma near the middle) and CRLF: the flat path, same table as before.
    var quoted = lines
    quoted[1500] = "\"1,499\"" + quoted[1500].drop { $0 != "," }
    XCTAssertNil(try CSV.parsePlain(Array(quoted.joined(separator: "\n").utf8), poll: { false }))
    XCTAssertNil(try CSV.parsePlain(Array(lines.joined(separator: "\r\n").utf8), poll: { false }))
    // An empty line: the flat path skips it.
    lines.insert("", at: 2000)
    let empty = lines.joined(separator: "\n")
    XCTAssertNil(try CSV.parsePlain(Array(empty.utf8), poll: { false }))
    XCTAssertEqual(signature(try flat(empty)), signature(try flat(base)))
    // A ragged row: the flat path's error, with its line.
    lines[2500] += ",extra"
    lines.remove(at: 2000)
    let ragged = lines.joined(separator: "\n")
    XCTAssertNil(try chunked(ragged))
    XCTAssertThrowsError(
      try CSV.table(
        try XCTUnwrap(try CSV.parsePlain(Array(ragged.utf8), poll: { false })), file: "t.csv")
    ) { e in
      XCTAssertEqual(
        (e as? RuntimeError)?.message,
        "t.csv: line 2500: expected 9 fields as "
          + "in the header, found 10")
    }
  }

  /// read_csv's own sequence on files: a mapped large file, a small one, a `.gz`-free quoted one.
  func testMappedFileMatchesFlat() throws {
    let text = sampleText(rows: 60000)
    XCTAssertGreaterThan(text.utf8.count, CSV.mapThreshold)
    let path = NSTemporaryDirectory() + "fsl_csv_chunked_\(getpid()).csv"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let head = text.split(separator: "\n").prefix(40).joined(separator: "\n")
    for content in [text, head, "q,r\n\"a,b\",1\n"] {
      try content.write(toFile: path, atomically: true, encoding: .utf8)
      let file = try CSV.readBytes(path, "read_csv")
      let rows =
        try CSV.parsePlain(file, poll: { false })
        ?? file.withUnsafeBufferPointer { try CSV.parse(bytes: $0, file: path, poll: { false }) }
      XCTAssertEqual(signature(try CSV.table(rows, file: path)), signature(try flat(content)))
    }
  }

  func testInterruptStopsTheChunkedPath() {
    let text = sampleText(rows: 3000)
    XCTAssertThrowsError(try CSV.parsePlain(Array(text.utf8), poll: { true })) { e in
      XCTAssertEqual((e as? RuntimeError)?.kind, "Interrupted")
    }
  }
}

// write_csv's side of CSV (CSV.swift): RFC 4180 quoting, numbers as `formatNumber` prints them,
// every cell appended to one byte buffer.
import Foundation
import Interp
import Tensor

extension CSV {
  /// `s` quoted as RFC 4180 asks when it holds a comma, a quote or a line break.
  static func quoteField(_ s: String) -> String {
    var out: [UInt8] = []
    appendField(s, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  static func appendField(_ s: String, to out: inout [UInt8]) {
    let special = s.utf8.contains { b in
      b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\n")
        || b == UInt8(ascii: "\r")
    }
    guard special else {
      out.append(contentsOf: s.utf8)
      return
    }
    out.append(UInt8(ascii: "\""))
    for b in s.utf8 {
      if b == UInt8(ascii: "\"") { out.append(b) }
      out.append(b)
    }
    out.append(UInt8(ascii: "\""))
  }

  /// A number as `formatNumber` prints it, without its intermediate `String`s for integers
  /// below 1e16 and with one for other numbers (write_csv spends most of its time here).
  static func appendNumber(_ d: Double, to out: inout [UInt8]) {
    let integral = d.rounded(.towardZero) == d
    if d == 0 || !d.isFinite || (integral && d.magnitude >= 1e16) {
      return out.append(contentsOf: formatNumber(d).utf8)
    }
    if !integral {
      // `formatNumber`'s common case: Swift's shortest digits, when their notation is Python's.
      var text = d.description
      let exponent = d.magnitude < 1e-4 || d.magnitude >= 1e16
      let done = text.withUTF8 { u -> Bool in
        guard u.contains(UInt8(ascii: "e")) == exponent else { return false }
        out.append(contentsOf: u)
        return true
      }
      if !done { out.append(contentsOf: formatNumber(d).utf8) }
      return
    }
    var n = Int64(d)
    if n < 0 {
      out.append(UInt8(ascii: "-"))
      n = -n
    }
    let start = out.count
    while n > 0 {
      out.append(UInt8(ascii: "0") + UInt8(n % 10))
      n /= 10
    }
    out[start...].reverse()
  }

  /// A column as `bytes` reads it: numbers copied out of a tensor once, or the list itself.
  enum Column {
    case numbers([Double])
    case bools([Bool])
    case strings([String])
    case values([Value])

    init(_ v: Value, rows: Int) {
      switch v {
      case .tensor(let t) where t.dtype == .bool:
        self = .bools(t.withElements(as: Bool.self) { Array($0) })
      case .tensor(let t) where t.dtype == .str: self = .strings(t.strings)
      case .tensor(let t): self = .numbers(t.doubles)
      case .list(let xs): self = .values(xs)
      default: self = .values(Array(repeating: v, count: rows))
      }
    }

    func append(_ r: Int, to out: inout [UInt8]) {
      switch self {
      case .numbers(let xs): if !xs[r].isNaN { appendNumber(xs[r], to: &out) }
      case .bools(let xs): out.append(contentsOf: (xs[r] ? "true" : "false").utf8)
      case .strings(let xs): appendField(xs[r], to: &out)
      case .values(let xs):
        switch xs[r] {
        case .number(let d): if !d.isNaN { appendNumber(d, to: &out) }
        case .string(let s): appendField(s, to: &out)
        case let v: appendField(v.str, to: &out)
        }
      }
    }
  }

  /// CSV text for a table: a header line, then one line per row; nan is an empty cell.
  static func write(_ t: FTable, poll: () -> Bool = CSV.interruptPending) throws -> String {
    String(decoding: try bytes(t, poll: poll), as: UTF8.self)
  }

  /// The UTF-8 bytes of `write`.
  static func bytes(_ t: FTable, poll: () -> Bool = CSV.interruptPending) throws -> [UInt8] {
    let cols = t.columns.map { Column($0.value, rows: t.rows) }
    var out: [UInt8] = []
    for (j, name) in t.columns.keys.enumerated() {
      if j > 0 { out.append(UInt8(ascii: ",")) }
      appendField(name, to: &out)
    }
    out.append(UInt8(ascii: "\n"))
    for r in 0..<t.rows {
      if r % pollEvery == 0 {
        if poll() { throw interrupted() }
        // Size the buffer from the first rows so a big table is not copied as the array grows.
        if r == pollEvery { out.reserveCapacity(out.count / r * t.rows * 11 / 10) }
      }
      for (j, col) in cols.enumerated() {
        if j > 0 { out.append(UInt8(ascii: ",")) }
        col.append(r, to: &out)
      }
      out.append(UInt8(ascii: "\n"))
    }
    return out
  }
}

// Table values (SPEC §3): named columns of equal length, as reports and read_csv return them.
// A column is a 1-d tensor (numbers) or a list (strings and anything else). Value semantics
// come from the columns' own copy-on-write storage.
import CInterrupt
import Foundation
import Tensor

/// A table: ordered named columns, all `rows` long.
public struct FTable {
  public private(set) var columns: FDict
  public let rows: Int

  /// Builds a table, checking every column is 1-d and `rows` long.
  public init(_ columns: FDict) throws {
    var n: Int?
    var cleaned = FDict()
    for (name, v) in columns {
      let col = try FTable.column(v, name)
      let len = FTable.length(col)
      if let n = n, n != len {
        throw RuntimeError(
          "ShapeError", "table: column '\(name)' has \(len) rows, but earlier columns have \(n)")
      }
      n = len
      cleaned[name] = col
    }
    self.columns = cleaned
    self.rows = n ?? 0
  }

  static func column(_ v: Value, _ name: String) throws -> Value {
    switch v {
    case .tensor(let t) where t.rank == 1: return v
    case .tensor(let t):
      throw RuntimeError(
        "ShapeError", "table: column '\(name)' must be 1-d, got shape \(shapeText(t.shape))")
    case .list(let xs):
      if case .tensor(let t) = Value.bracketLiteral(xs), t.rank == 1 { return .tensor(t) }
      return v
    default:
      throw RuntimeError.type(
        "table: column '\(name)' must be a tensor or a list, got \(v.typeName)")
    }
  }

  static func length(_ v: Value) -> Int {
    switch v {
    case .tensor(let t): return t.shape.first ?? 0
    case .list(let xs): return xs.count
    default: return 0
    }
  }

  /// The rows chosen by an index item (mask, gather, slice or a single row as a 1-row table).
  public func select(_ item: Value) throws -> FTable {
    var out = FDict()
    for (name, col) in columns {
      let picked: Value
      if case .number = item {
        picked = try Indexing.read(col, [.value(item)])
        out[name] = .list([picked])
        continue
      }
      if case .list(let xs) = col {
        let positions = try FTable.positions(item, rows)
        picked = .list(positions.map { xs[$0] })
      } else {
        picked = try Indexing.read(col, [.value(item)])
      }
      out[name] = picked
    }
    return try FTable(out)
  }

  static func positions(_ item: Value, _ n: Int) throws -> [Int] {
    switch item {
    case .tensor(let t) where t.dtype == .bool:
      guard t.shape == [n] else {
        throw RuntimeError.index(
          "table: a row mask must have \(n) elements, got shape \(shapeText(t.shape))")
      }
      return t.withElements(as: Bool.self) { f in f.indices.filter { f[$0] } }
    default:
      guard let idx = Value.list(try FTable.items(item)).asTensorValue else {
        throw RuntimeError.type("table rows are selected by a bool mask or integers")
      }
      return try idx.doubles.map { d in
        let i = Int(d)
        let j = i < 0 ? i + n : i
        guard Double(i) == d, j >= 0, j < n else {
          throw RuntimeError.index(
            "index \(formatNumber(d)) is out of bounds for axis 0 with size \(n)")
        }
        return j
      }
    }
  }

  static func items(_ v: Value) throws -> [Value] {
    switch v {
    case .list(let xs): return xs
    case .tensor(let t): return t.rank == 0 ? [v] : t.items
    default: return [v]
    }
  }

  /// The cell at `row` of column `name`, in O(1) (a tensor column is not copied).
  public func cell(_ name: String, _ row: Int) -> Value {
    guard let col = columns[name] else { return .null }
    return FTable.item(col, row)
  }

  /// Item `row` of a column: a number (a bool for a bool tensor) or a list element.
  public static func item(_ col: Value, _ row: Int) -> Value {
    switch col {
    case .tensor(let t):
      switch t.dtype {
      case .f64: return .number(t.withElements(as: Double.self) { $0[row] })
      case .f32: return .number(Double(t.withElements(as: Float.self) { $0[row] }))
      case .i64: return .number(Double(t.withElements(as: Int64.self) { $0[row] }))
      case .bool: return .bool(t.withElements(as: Bool.self) { $0[row] })
      }
    case .list(let xs): return xs[row]
    default: return .null
    }
  }
}

// Printing. Goals: bounded output and time linear in what is shown, whatever the data: at most
// 21 rows (the first and last 10 of a longer table), each cell clipped to `maxCellWidth`
// characters (pandas' `max_colwidth`), so a table with one 80,000-character cell prints in
// microseconds. Clipping walks at most `maxCellWidth` characters of a cell; control characters
// print escaped (`\n`) so every row stays on one line.
extension FTable {
  /// The most characters a printed cell (or column name) takes; longer text ends in "…".
  public static let maxCellWidth = 50

  /// Aligned text: a header, then one line per row (numbers right-aligned).
  public var repr: String {
    let names = columns.keys
    guard !names.isEmpty else { return "<table 0 columns>" }
    var rowsShown = Array(0..<(rows > 40 ? 10 : rows))
    if rows > 40 { rowsShown += Array((rows - 10)..<rows) }
    var cells: [[String]] = []
    var widths: [Int] = []
    var numeric: [Bool] = []
    let size =
      "[\(rows) row\(rows == 1 ? "" : "s") × \(names.count) column\(names.count == 1 ? "" : "s")]"
    for (name, col) in columns {
      // A column costs at most 21 clipped cells; a pending Ctrl-C stops a very wide table here
      // (a repr cannot throw: the interpreter raises `Interrupted` when the print returns).
      if fsl_interrupt_pending() != 0 { return size + " (printing interrupted)" }
      var isNum = true
      if case .list = col { isNum = false }
      var texts = [FTable.clipped(name)]
      for r in rowsShown { texts.append(FTable.clipped(FTable.item(col, r).str)) }
      cells.append(texts.map(\.text))
      widths.append(texts.map(\.width).max() ?? 0)
      numeric.append(isNum)
    }
    func line(_ i: Int) -> String {
      var out = ""
      for c in cells.indices {
        if c > 0 { out += "  " }
        let s = cells[c][i]
        let pad = String(repeating: " ", count: widths[c] - FTable.width(s))
        out += numeric[c] ? pad + s : s + pad
      }
      while out.utf8.last == UInt8(ascii: " ") { out.removeLast() }
      return out
    }
    var out = [line(0)]
    for i in 1..<(rowsShown.count + 1) {
      if rows > 40 && i == 11 { out.append("…") }
      out.append(line(i))
    }
    out.append(size)
    return out.joined(separator: "\n")
  }

  /// `s` with control characters escaped, cut to `maxCellWidth` characters (the last one "…"
  /// when cut), and its width in characters; reads at most `maxCellWidth + 1` characters of `s`.
  static func clipped(_ s: String) -> (text: String, width: Int) {
    let limit = FTable.maxCellWidth
    var end = s.startIndex
    var n = 0
    while end < s.endIndex && n <= limit {
      s.formIndex(after: &end)
      n += 1
    }
    var text = FTable.escapingControls(s[..<end])
    var width = FTable.width(text)
    if width > limit || end < s.endIndex {
      text = String(text.prefix(limit - 1)) + "…"
      width = limit
    }
    return (text, width)
  }

  /// `s` with control characters written as escapes (`\n`, `\t`, `\r`, `\u{1B}`).
  static func escapingControls(_ s: Substring) -> String {
    guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
      return String(s)
    }
    var out = ""
    for ch in s.unicodeScalars {
      switch ch {
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      case _ where ch.value < 0x20 || ch.value == 0x7F:
        out += "\\u{\(String(ch.value, radix: 16, uppercase: true))}"
      default: out.unicodeScalars.append(ch)
      }
    }
    return out
  }

  /// Characters in a clipped cell (at most `maxCellWidth`, so this is cheap).
  static func width(_ s: String) -> Int { s.count }
}

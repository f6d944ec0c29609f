// Table values (SPEC §3): named columns of equal length, as reports and read_csv return them.
// A column is a 1-d tensor (numbers) or a list (strings and anything else). Value semantics
// come from the columns' own copy-on-write storage.
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

  /// The cell at `row` of column `name`.
  public func cell(_ name: String, _ row: Int) -> Value {
    switch columns[name] {
    case .tensor(let t)?: return t.items[row]
    case .list(let xs)?: return xs[row]
    default: return .null
    }
  }

  /// Aligned text: a header, then one line per row (numbers right-aligned).
  public var repr: String {
    let names = columns.keys
    guard !names.isEmpty else { return "<table 0 columns>" }
    let limit = rows > 40 ? 10 : rows
    var rowsShown = Array(0..<limit)
    if rows > 40 { rowsShown += Array((rows - 10)..<rows) }
    var cells: [[String]] = names.map { [$0] }
    var numeric: [Bool] = []
    for (c, name) in names.enumerated() {
      var isNum = true
      if case .list = columns[name] { isNum = false }
      numeric.append(isNum)
      for r in rowsShown { cells[c].append(cell(name, r).str) }
    }
    let widths = cells.map { col in col.map(\.count).max() ?? 0 }
    func line(_ i: Int) -> String {
      (0..<names.count).map { c -> String in
        let s = cells[c][i]
        let pad = String(repeating: " ", count: widths[c] - s.count)
        return numeric[c] ? pad + s : s + pad
      }.joined(separator: "  ").replacingOccurrences(
        of: "\\s+$", with: "", options: .regularExpression)
    }
    var out = [line(0)]
    for i in 1..<(rowsShown.count + 1) {
      if rows > 40 && i == 11 { out.append("…") }
      out.append(line(i))
    }
    out.append(
      "[\(rows) row\(rows == 1 ? "" : "s") × \(names.count) column\(names.count == 1 ? "" : "s")]")
    return out.joined(separator: "\n")
  }
}

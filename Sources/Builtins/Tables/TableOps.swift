// Table methods as pandas users expect them (docs/tables.md): head, tail, describe, sort_by,
// merge (pandas' inner merge; `join` is the string builtin), agg on group_by's groups, and
// `strings` for str tensors. Each takes the table first, so `t.head(3)` is `head(t, 3)`.
import Foundation
import Interp
import Tensor

enum TableOps {
  static func table(_ a: Arguments, _ i: Int) throws -> FTable { try TableBuiltins.table(a, i) }

  /// The rows `rows` of `t` (in that order) as a table.
  static func take(_ t: FTable, _ rows: [Int]) throws -> FTable {
    try t.select(.tensor(Tensor(shape: [rows.count], i64: rows.map(Int64.init))))
  }

  /// A column by name, or a KeyError naming the builtin and the columns there are.
  static func column(_ t: FTable, _ name: String, _ who: String) throws -> Value {
    guard let c = t.columns[name] else {
      throw RuntimeError.key(
        "\(who): table has no column \(quote(name)) (columns: "
          + t.columns.keys.map(quote).joined(separator: ", ") + ")")
    }
    return c
  }

  /// The numbers of a numeric (non-bool) tensor column, or nil for any other column.
  static func numbers(_ col: Value) -> [Double]? {
    guard case .tensor(let t) = col, t.dtype != .bool, t.dtype != .str else { return nil }
    return t.doubles
  }

  /// The stable order of rows by a column: numbers numerically, strings by Unicode scalars,
  /// NaN (and nil) last whichever the direction, as pandas' `na_position="last"`.
  static func order(_ col: Value, _ n: Int, descending: Bool) throws -> [Int] {
    if case .tensor(let t) = col, t.dtype == .str {
      var o = t.stringSortOrder()
      if descending {
        let codes = t.stringCodes
        // Reverse the groups of equal strings, keeping each group's input order.
        var groups: [[Int]] = []
        for i in o {
          if let last = groups.last?.last, codes[last] == codes[i] {
            groups[groups.count - 1].append(i)
          } else {
            groups.append([i])
          }
        }
        o = groups.reversed().flatMap { $0 }
      }
      return o
    }
    if let xs = numbers(col) ?? (try? FTable.items(col).map { $0.scalarDouble ?? .nan }) {
      let keyed = xs.indices.filter { !xs[$0].isNaN }
      let sorted = keyed.sorted { i, j in
        xs[i] == xs[j] ? i < j : (descending ? xs[i] > xs[j] : xs[i] < xs[j])
      }
      return sorted + xs.indices.filter { xs[$0].isNaN }
    }
    throw RuntimeError.type("sort_by: cannot order this column")
  }

  /// `count mean std min 25% 50% 75% max` of numbers, NaN skipped (pandas' describe).
  static func summary(_ xs: [Double]) -> [Double] {
    let v = xs.filter { !$0.isNaN }.sorted()
    let n = Double(v.count)
    guard !v.isEmpty else { return [0] + [Double](repeating: .nan, count: 7) }
    let mean = v.reduce(0, +) / n
    let std =
      v.count > 1 ? (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot() : .nan
    func q(_ p: Double) -> Double {
      let h = (n - 1) * p
      let lo = Int(h.rounded(.down))
      let hi = min(lo + 1, v.count - 1)
      return v[lo] + (h - Double(lo)) * (v[hi] - v[lo])
    }
    return [n, mean, std, v[0], q(0.25), q(0.5), q(0.75), v[v.count - 1]]
  }

  /// One aggregate of a column's values (NaN skipped, as pandas' skipna).
  static func aggregate(_ fn: String, _ col: Value, _ name: String) throws -> Value {
    if fn == "count" {
      if let xs = numbers(col) { return .number(Double(xs.filter { !$0.isNaN }.count)) }
      return .number(Double(FTable.length(col)))
    }
    guard let all = numbers(col) ?? boolNumbers(col) else {
      throw RuntimeError.type(
        "agg: \(quote(fn)) needs a numeric column, but \(quote(name)) is not ('count' works on any)"
      )
    }
    let xs = all.filter { !$0.isNaN }
    switch fn {
    case "sum": return .number(xs.reduce(0, +))
    case "mean": return .number(xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count))
    case "min": return .number(xs.min() ?? .nan)
    case "max": return .number(xs.max() ?? .nan)
    case "std": return .number(summary(xs)[2])
    default:
      throw RuntimeError.value(
        "agg: unknown function \(quote(fn)) (use mean, sum, count, min, max or std)")
    }
  }

  static func boolNumbers(_ col: Value) -> [Double]? {
    guard case .tensor(let t) = col, t.dtype == .bool else { return nil }
    return t.doubles
  }

  /// The column the groups of `group_by` were made by: the first whose value in every row of
  /// every group prints as that group's key.
  static func groupColumn(_ groups: FDict) -> String? {
    guard let entry = groups.first(where: { _ in true }), let t0 = entry.value.asTable else {
      return nil
    }
    for name in t0.columns.keys {
      let fits = groups.allSatisfy { key, v in
        guard let t = v.asTable, t.columns[name] != nil else { return false }
        return (0..<t.rows).allSatisfy { t.cell(name, $0).str == key }
      }
      if fits { return name }
    }
    return nil
  }
}

// The Builtin records of TableOps.swift: head, tail, describe, sort_by, merge, agg, strings.
import Foundation
import Interp
import Tensor

extension TableOps {
  static let builtins: [Builtin] = [
    Builtin(
      "strings", params: [.init("xs", "list|tensor")],
      summary: "A str tensor (a column of strings) from a list of strings, or numbers as text.",
      doc: "Compares elementwise: `strings([\"a\", \"b\"]) == \"a\"` is a bool mask. "
        + "See docs/tensors.md, Strings.",
      example:
        "strings([\"a\", \"b\", \"a\"]) == \"a\"  # -> tensor([ true, false,  true], dtype=bool)"
    ) { a in
      switch a[0] {
      case .tensor(let t): return .tensor(t.astype(.str))
      case .list(let xs):
        if xs.isEmpty { return .tensor(Tensor(strings: [])) }
        if let ss = Operators.stringList(xs) { return .tensor(Tensor(strings: ss)) }
        if let t = a[0].asTensorValue { return .tensor(t.astype(.str)) }
        throw RuntimeError.type("strings: items must all be strings (or all numbers)")
      case .string(let s): return .tensor(Tensor(shape: [], strings: [s]))
      default: throw a.fail(0, "a list of strings")
      }
    },
    Builtin(
      "head", params: [.init("t", "table"), .init("n", "int", default: .number(5))],
      summary: "The first n rows of a table (all of them when it has fewer).",
      example: "head(table({x: [1, 2, 3]}), 2).x  # -> [1, 2]"
    ) { a in
      let t = try table(a, 0)
      let n = try a.int(1)
      let k = n >= 0 ? min(n, t.rows) : max(0, t.rows + n)
      return .table(try take(t, Array(0..<k)))
    },
    Builtin(
      "tail", params: [.init("t", "table"), .init("n", "int", default: .number(5))],
      summary: "The last n rows of a table (all of them when it has fewer).",
      example: "tail(table({x: [1, 2, 3]}), 2).x  # -> [2, 3]"
    ) { a in
      let t = try table(a, 0)
      let n = try a.int(1)
      let k = n >= 0 ? min(n, t.rows) : max(0, t.rows + n)
      return .table(try take(t, Array((t.rows - k)..<t.rows)))
    },
    Builtin(
      "describe", params: [.init("t", "table")],
      summary: "count, mean, std, min, 25%, 50%, 75%, max of each numeric column, as pandas.",
      doc: "NaN cells are skipped; std has ddof=1 and quartiles interpolate linearly, as pandas' "
        + "`describe()`. The first column, `stat`, names the rows; bool and string columns are "
        + "left out.",
      example:
        "describe(table({x: [1, 2, 3, 4]})).x[1:3]  # -> [2.5       , 1.29099445]"
    ) { a in
      let t = try table(a, 0)
      var cols = FDict()
      cols["stat"] = .tensor(
        Tensor(strings: ["count", "mean", "std", "min", "25%", "50%", "75%", "max"]))
      for (name, col) in t.columns {
        guard let xs = numbers(col) else { continue }
        cols[name] = .tensor(Tensor(shape: [8], f64: summary(xs)))
      }
      guard cols.count > 1 else {
        throw RuntimeError.value("describe: the table has no numeric columns")
      }
      return .table(try FTable(cols))
    },
    Builtin(
      "sort_by",
      params: [
        .init("t", "table"), .init("column", "string"),
        .init("descending", "bool", default: .bool(false)),
      ],
      summary: "The table's rows ordered by a column (stable; NaN last), as pandas' sort_values.",
      example: "sort_by(table({k: [2, 1, 2], v: [1, 2, 3]}), \"k\").v  # -> [2, 1, 3]"
    ) { a in
      let t = try table(a, 0)
      let col = try column(t, try a.string(1), "sort_by")
      return .table(try take(t, try order(col, t.rows, descending: try a.bool(2))))
    },
    Builtin(
      "merge",
      params: [.init("t", "table"), .init("other", "table"), .init("on", "string")],
      summary: "Inner join of two tables on equal values of a column, as pandas' merge.",
      doc: "Rows pair up where `on` is equal (left rows in order, then matching right rows in "
        + "order); the key column appears once, other columns of the same name get `_x` "
        + "(left) and `_y` (right) suffixes.",
      example:
        "merge(table({k: [1, 2], a: [5, 6]}), table({k: [2, 1, 2], b: [7, 8, 9]}), on=\"k\").b  # -> [8, 7, 9]"
    ) { a in
      .table(try merge(try table(a, 0), try table(a, 1), on: try a.string(2)))
    },
    Builtin(
      "agg",
      params: [
        .init("groups", "dict|table"), .init("spec", "dict"),
        .init("by", "string", default: .null),
      ],
      summary: "One row per group of group_by: the group column, then each {column: function}.",
      doc: "Functions: mean, sum, count, min, max, std (ddof=1), NaN skipped. Groups come in "
        + "sorted order of the group column (pandas' default). `groups` is what group_by "
        + "returns (the group column is found from it; `by` names it when that is ambiguous) "
        + "or a table with `by` given.",
      example:
        "agg(group_by(table({k: [\"b\", \"a\", \"b\"], v: [1, 2, 3]}), \"k\"), {v: \"mean\"}).v  # -> [2, 2]"
    ) { a in
      var groups: FDict
      var by: String?
      if !a.isNil(2) { by = try a.string(2) }
      switch a[0] {
      case .dict(let d): groups = d
      case .object(let t as FTable):
        guard let name = by else { throw RuntimeError.type("agg: a table needs by=column") }
        groups = try groupBy(t, name)
      default: throw a.fail(0, "the groups of group_by (or a table with by=)")
      }
      guard case .dict(let spec) = a[1] else { throw a.fail(1, "a dict {column: function}") }
      guard let key = by ?? groupColumn(groups) else {
        throw RuntimeError.value("agg: cannot tell which column the groups were made by; pass by=")
      }
      var tables: [FTable] = []
      for (_, v) in groups {
        guard let t = v.asTable else { throw a.fail(0, "a dict of tables") }
        tables.append(t)
      }
      let keys = try tables.map { t -> Value in
        _ = try column(t, key, "agg")
        return t.rows > 0 ? t.cell(key, 0) : .null
      }
      let sorted = try keys.indices.sorted { i, j in
        (try compareValues(keys[i], keys[j]) ?? 0) < 0
      }
      var cols = FDict()
      cols[key] = .list(sorted.map { keys[$0] })
      for (name, fn) in spec {
        guard case .string(let f) = fn else {
          throw RuntimeError.type("agg: the function for \(quote(name)) must be a string")
        }
        cols[name] = .list(
          try sorted.map { try aggregate(f, try column(tables[$0], name, "agg"), name) })
      }
      return .table(try FTable(cols))
    },
  ]

  /// group_by's dict: each distinct value of a column (as a string) → the table of its rows,
  /// in order of first appearance.
  static func groupBy(_ t: FTable, _ name: String) throws -> FDict {
    guard let col = t.columns[name] else {
      throw RuntimeError.key("group_by: table has no column \(quote(name))")
    }
    var groups: [(String, [Int])] = []
    var index: [String: Int] = [:]
    if case .tensor(let s) = col, s.dtype == .str {
      var byCode: [Int64: Int] = [:]
      for (r, c) in s.stringCodes.enumerated() {
        if let i = byCode[c] {
          groups[i].1.append(r)
        } else {
          byCode[c] = groups.count
          groups.append((s.string(at: r), [r]))
        }
      }
    } else {
      for r in 0..<t.rows {
        let key = t.cell(name, r).str
        if let i = index[key] {
          groups[i].1.append(r)
        } else {
          index[key] = groups.count
          groups.append((key, [r]))
        }
      }
    }
    return FDict(try groups.map { k, rows in (k, .table(try take(t, rows))) })
  }
}

extension TableOps {
  /// Inner join of `l` and `r` on equal values of column `on` (`merge`, and `join` on tables).
  static func merge(_ l: FTable, _ r: FTable, on: String) throws -> FTable {
    let lk = try column(l, on, "merge")
    let rk = try column(r, on, "merge")
    var index: [String: [Int]] = [:]
    for j in 0..<r.rows { index[FTable.item(rk, j).repr, default: []].append(j) }
    var li: [Int] = []
    var ri: [Int] = []
    for i in 0..<l.rows {
      for j in index[FTable.item(lk, i).repr] ?? [] {
        li.append(i)
        ri.append(j)
      }
    }
    let left = try take(l, li)
    let right = try take(r, ri)
    var cols = FDict()
    for (name, col) in left.columns {
      let clash = name != on && right.columns[name] != nil
      cols[clash ? name + "_x" : name] = col
    }
    for (name, col) in right.columns where name != on {
      cols[left.columns[name] != nil ? name + "_y" : name] = col
    }
    return try FTable(cols)
  }
}

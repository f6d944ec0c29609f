// Core builtins for lists, dicts and strings: length, ranges, mutation, and functional helpers.
// Collection builtins take the collection first, so `xs.map(f)` reads naturally (docs/design.md
// §"Builtin API").
import Foundation
import Interp

enum CoreCollections {
  static let builtins: [Builtin] = basics + mutators + functional

  /// `len` of a list or dict without binding arguments (`Builtin.unary`).
  static func plainLength(_ v: Value) -> Value? {
    switch v {
    case .list(let xs): return .number(Double(xs.count))
    case .dict(let d): return .number(Double(d.count))
    default: return nil
    }
  }

  static let basics: [Builtin] = [
    Builtin(
      "len", params: [.init("x", "list|string|dict")],
      summary: "Number of items in a list or dict, or characters in a string.",
      example: "len([1, 2, 3])  # -> 3",
      unary: plainLength
    ) { a in
      switch a[0] {
      case .list(let xs): return .number(Double(xs.count))
      case .string(let s): return .number(Double(s.count))
      case .dict(let d): return .number(Double(d.count))
      case .tensor(let t) where t.rank > 0: return .number(Double(t.shape[0]))
      case .object(let t as FTable): return .number(Double(t.rows))
      case .tensor: throw RuntimeError.type("len() of a rank-0 tensor")
      default: throw a.fail(0, "a list, string or dict")
      }
    },
    Builtin(
      "range",
      params: [
        .init("start", "number"), .init("stop", "number", default: .null),
        .init("step", "number", default: .null),
      ],
      summary: "The integers from start (default 0) up to, not including, stop.",
      doc: "`range(n)`, `range(start, stop)`, `range(start, stop, step)` as in Python. "
        + "`for i in range(n)` counts without building the list.",
      example: "range(1, 10, 3)  # -> [1, 4, 7]", traits: .countingRange
    ) { a in
      let given = a.values.prefix { if case .null = $0 { return false } else { return true } }
      let (start, count, step) = try RangeSpec.parse(Array(given))
      guard count <= 100_000_000 else {
        throw RuntimeError.value("range: \(count) items is too many to build as a list")
      }
      return .list((0..<count).map { .number(start + Double($0) * step) })
    },
    Builtin(
      "list", params: [.init("x", default: .list([]))],
      summary: "A new list: the items of a list, the characters of a string, or a dict's keys.",
      example: "list(\"abc\")  # -> [\"a\", \"b\", \"c\"]"
    ) { a in
      switch a[0] {
      case .list: return a[0]
      case .string(let s): return .list(s.map { .string(String($0)) })
      case .dict(let d): return .list(d.map { .string($0.key) })
      case .tensor(let t) where t.rank > 0: return .list(t.items)
      default: throw a.fail(0, "a list, string, dict or tensor")
      }
    },
    Builtin(
      "dict", params: [.init("pairs", "list", default: .list([]))],
      summary: "A new dict from a list of [key, value] pairs.",
      example: "dict([[\"a\", 1], [\"b\", 2]])  # -> {a: 1, b: 2}"
    ) { a in
      var d = FDict()
      for p in try a.list(0) {
        guard case .list(let kv) = p, kv.count == 2, case .string(let k) = kv[0] else {
          throw RuntimeError.type("dict: each pair must be a [string, value] list")
        }
        d[k] = kv[1]
      }
      return .dict(d)
    },
    Builtin(
      "keys", params: [.init("d", "dict")], summary: "A dict's keys in insertion order.",
      example: "keys({a: 1, b: 2})  # -> [\"a\", \"b\"]"
    ) { a in .list(try dict(a, 0).map { .string($0.key) }) },
    Builtin(
      "values", params: [.init("d", "dict")], summary: "A dict's values in insertion order.",
      example: "values({a: 1, b: 2})  # -> [1, 2]"
    ) { a in .list(try dict(a, 0).values) },
    Builtin(
      "items", params: [.init("d", "dict")], summary: "A dict's [key, value] pairs in order.",
      example: "items({a: 1})  # -> [[\"a\", 1]]"
    ) { a in .list(try dict(a, 0).map { .list([.string($0.key), $0.value]) }) },
    Builtin(
      "has", params: [.init("d", "dict"), .init("key", "string")],
      summary: "True when the dict has the key.", example: "has({a: 1}, \"a\")  # -> true"
    ) { a in .bool(try dict(a, 0)[try a.string(1)] != nil) },
    Builtin(
      "contains", params: [.init("xs", "list|string"), .init("x")],
      summary: "True when a list holds an item equal to x, or a string contains substring x.",
      example: "contains([1, 2, 3], 2)  # -> true"
    ) { a in
      switch a[0] {
      case .list(let xs): return .bool(xs.contains { valuesEqual($0, a[1]) })
      case .tensor: return .bool(try a.list(0).contains { valuesEqual($0, a[1]) })
      case .string(let s): return .bool(s.contains(try a.string(1)))
      default: throw a.fail(0, "a list or string")
      }
    },
    Builtin(
      "join",
      params: [
        .init("xs", "list|table"), .init("sep", "string|table", default: .string("")),
        .init("on", "string", default: .null),
      ],
      summary: "Concatenates the items' strings with sep between them; on tables, merge.",
      doc: "`join(t, other, on=col)` (so `t.join(other, on=col)`) is `merge(t, other, on=col)`, "
        + "the inner join of two tables (pandas' join on a key column).",
      example: "join([\"a\", 1, nil], \"-\")  # -> \"a-1-nil\""
    ) { a in
      if let l = a[0].asTable {
        guard let r = a[1].asTable else { throw a.fail(1, "a table to join with") }
        return .table(try TableOps.merge(l, r, on: try a.string(2)))
      }
      let parts = try a.list(0).map(\.str)
      let sep = try a.string(1)
      // Many references to one long string can ask for more than memory holds.
      let seps = sep.utf8.count.multipliedReportingOverflow(by: max(parts.count - 1, 0))
      var bytes: Int? = seps.overflow ? nil : seps.partialValue
      for p in parts {
        guard let b = bytes else { break }
        let (sum, overflow) = b.addingReportingOverflow(p.utf8.count)
        bytes = overflow ? nil : sum
      }
      try checkStringSize(bytes)
      return .string(parts.joined(separator: sep))
    },
    Builtin(
      "split",
      params: [
        .init("s", "string|tensor"), .init("sep", "string|int|list", default: .null),
        .init("axis", "int", default: .number(0)),
      ],
      summary: "Splits a string at sep (whitespace runs when nil), or a tensor into equal pieces.",
      doc: "On a tensor this is NumPy's `split`: `sep` is a number of sections, which must divide "
        + "the axis, or a list of indices to cut at; the result is a list of tensors (see "
        + "`array_split` for near-equal pieces).",
      example: "split(\"a,b,,c\", \",\")  # -> [\"a\", \"b\", \"\", \"c\"]"
    ) { a in
      if case .string = a[0] {
      } else if let x = a[0].asTensorValue {
        guard !a.isNil(1) else {
          throw RuntimeError.type("split: a tensor needs a number of sections or indices")
        }
        return try TensorSplitting.pieces(x, a[1], axis: try a.int(2), evenly: true, name: "split")
      }
      let s = try a.string(0)
      if a.isNil(1) {
        return .list(s.split(whereSeparator: \.isWhitespace).map { .string(String($0)) })
      }
      let sep = try a.string(1)
      guard !sep.isEmpty else { throw RuntimeError.value("split: empty separator") }
      return .list(s.components(separatedBy: sep).map { .string($0) })
    },
  ]

  static func dict(_ a: Arguments, _ i: Int) throws -> FDict {
    if case .dict(let d) = a[i] { return d }
    throw a.fail(i, "a dict")
  }
}

// Functional collection builtins: sorted, map, filter, zip, enumerate, reversed, sum, min, max.
import Interp
import Lang

extension CoreCollections {
  static let functional: [Builtin] = [
    Builtin(
      "sorted",
      params: [
        .init("xs", "list"), .init("key", "function", default: .null),
        .init("reverse", "bool", default: .bool(false)),
      ],
      summary: "A sorted copy of a list (stable), optionally by key(x) and/or reversed.",
      example:
        "sorted([\"bb\", \"a\", \"ccc\"], key=len, reverse=true)  # -> [\"ccc\", \"bb\", \"a\"]"
    ) { a in
      let xs = try a.list(0)
      let keys = a.isNil(1) ? xs : try xs.map { try a.call(a[1], [$0]) }
      let reverse = try a.bool(2)
      var idx = Array(xs.indices)
      var failure: Error?
      idx.sort { i, j in
        do {
          let c = try compareValues(keys[i], keys[j]) ?? 0
          return reverse ? c > 0 : c < 0
        } catch {
          failure = failure ?? error
          return false
        }
      }
      if let f = failure { throw f }
      return .list(idx.map { xs[$0] })
    },
    Builtin(
      "map", params: [.init("xs", "list"), .init("f", "function")],
      summary: "A list of f(x) for each item x.",
      example: "map([1, 2, 3], x -> x * 10)  # -> [10, 20, 30]"
    ) { a in .list(try iterable(a, 0).map { try a.call(a[1], [$0]) }) },
    Builtin(
      "filter", params: [.init("xs", "list"), .init("f", "function")],
      summary: "The items x for which f(x) is true.",
      example: "filter([1, 2, 3, 4], x -> x % 2 == 0)  # -> [2, 4]"
    ) { a in
      if let t = a[0].asTable {
        // t.filter(mask): the rows where a bool tensor is true.
        return .table(try t.select(a[1]))
      }
      return .list(try iterable(a, 0).filter { try a.call(a[1], [$0]).isTruthy })
    },
    Builtin(
      "zip", params: [.init("lists", "list", variadic: true)],
      summary: "Lists of corresponding items, as long as the shortest input.",
      example: "zip([1, 2], [\"a\", \"b\"])  # -> [[1, \"a\"], [2, \"b\"]]"
    ) { a in
      var seqs: [[Value]] = []
      for v in try a.list(0) {
        switch v {
        case .list(let xs): seqs.append(xs)
        case .tensor(let t) where t.rank > 0: seqs.append(t.items)
        default:
          throw RuntimeError.type("zip: arguments must be lists or tensors, got \(v.typeName)")
        }
      }
      let n = seqs.map(\.count).min() ?? 0
      return .list((0..<n).map { i in .list(seqs.map { $0[i] }) })
    },
    Builtin(
      "enumerate", params: [.init("xs", "list"), .init("start", "number", default: .number(0))],
      summary: "[index, item] pairs, counting from start.",
      example: "enumerate([\"a\", \"b\"])  # -> [[0, \"a\"], [1, \"b\"]]"
    ) { a in
      let start = try a.number(1)
      return .list(
        try iterable(a, 0).enumerated().map { .list([.number(start + Double($0)), $1]) })
    },
    Builtin(
      "reversed", params: [.init("xs", "list|string")],
      summary: "A reversed copy of a list or string.",
      example: "reversed([1, 2, 3])  # -> [3, 2, 1]"
    ) { a in
      if case .string(let s) = a[0] { return .string(String(s.reversed())) }
      if case .tensor(let t) = a[0], t.rank == 1 { return Value.bracketLiteral(t.items.reversed()) }
      return .list(try a.list(0).reversed())
    },
  ]

  /// Items of a list, characters of a string, or keys of a dict.
  static func iterable(_ a: Arguments, _ i: Int) throws -> [Value] {
    switch a[i] {
    case .list(let xs): return xs
    case .string(let s): return s.map { .string(String($0)) }
    case .dict(let d): return d.map { .string($0.key) }
    case .tensor(let t) where t.rank > 0: return t.items
    default: throw a.fail(i, "a list, string, dict or tensor")
    }
  }
}

// tree_map (issue 13): a function applied leaf by leaf over nested lists and dicts of the same
// structure, such as models `{layers: [{w, b}]}`. Lists and dicts are the branches; anything
// else (tensors, numbers, strings, nil) is a leaf. A mismatch names the path where the
// structures differ (`layers[1].w`).
import Interp

enum CoreTree {
  /// Nesting deeper than this is a RecursionError rather than a deep Swift recursion.
  static let maxDepth = 10_000

  /// `layers[1].w`: how a path to a node prints; `["a b"]` for keys that are not names.
  static func step(_ path: String, key: String) -> String {
    let isName =
      key.first.map { $0 == "_" || $0.isLetter } ?? false
      && key.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    if isName { return path.isEmpty ? key : "\(path).\(key)" }
    return "\(path)[\(quote(key))]"
  }

  /// What a node is, for messages: `a dict with keys [w, b]`, `a list of 3 items`, `a tensor`.
  static func describe(_ v: Value) -> String {
    switch v {
    case .list(let xs): return "a list of \(xs.count) item\(xs.count == 1 ? "" : "s")"
    case .dict(let d): return "a dict with keys [\(d.keys.joined(separator: ", "))]"
    default: return "a \(v.typeName) (a leaf)"
    }
  }

  /// Who is who in messages: `tree_map`'s trees are numbered from 1 as arguments, `fed.avg`'s
  /// models from 0 as list items ("client 2").
  struct Walk {
    var caller: String
    var plural: String
    var label: (Int) -> String
  }

  static func mismatch(_ w: Walk, _ path: String, _ trees: [Value], _ j: Int) -> RuntimeError {
    let at = path.isEmpty ? "at the top level" : "at \(path)"
    return RuntimeError.value(
      "\(w.caller): the \(w.plural) differ \(at): \(w.label(0)) has \(describe(trees[0])), "
        + "\(w.label(j)) has \(describe(trees[j]))")
  }

  /// A key one tree has and another lacks: the path names the key.
  static func missing(
    _ w: Walk, _ path: String, has i: Int, _ v: Value, lacks j: Int, _ d: FDict
  ) -> RuntimeError {
    RuntimeError.value(
      "\(w.caller): the \(w.plural) differ at \(path): \(w.label(i)) has \(describe(v)), "
        + "\(w.label(j)) has no such key (its keys are [\(d.keys.joined(separator: ", "))])")
  }

  /// Calls `leaf` on corresponding leaves of `trees` (all of one structure: list lengths and
  /// dict keys agree) with their path, keeping the first tree's structure and dict order.
  static func zip(
    _ w: Walk, _ trees: [Value], _ path: String = "", _ depth: Int = 0,
    leaf: ([Value], String) throws -> Value
  ) throws -> Value {
    guard depth < maxDepth else {
      throw RuntimeError(
        "RecursionError", "\(w.caller): the \(w.plural) nest more than \(maxDepth) levels deep")
    }
    switch trees[0] {
    case .list(let first):
      var columns: [[Value]] = [first]
      for j in 1..<trees.count {
        guard case .list(let xs) = trees[j], xs.count == first.count else {
          throw mismatch(w, path, trees, j)
        }
        columns.append(xs)
      }
      return .list(
        try first.indices.map { i in
          try zip(w, columns.map { $0[i] }, "\(path)[\(i)]", depth + 1, leaf: leaf)
        })
    case .dict(let first):
      var dicts: [FDict] = [first]
      for j in 1..<trees.count {
        guard case .dict(let d) = trees[j] else { throw mismatch(w, path, trees, j) }
        if let k = first.keys.first(where: { d[$0] == nil }) {
          throw missing(w, step(path, key: k), has: 0, first[k] ?? .null, lacks: j, d)
        }
        if let k = d.keys.first(where: { first[$0] == nil }) {
          throw missing(w, step(path, key: k), has: j, d[k] ?? .null, lacks: 0, first)
        }
        dicts.append(d)
      }
      var out: [(String, Value)] = []
      for key in first.keys {
        let items = dicts.map { $0[key] ?? .null }
        out.append((key, try zip(w, items, step(path, key: key), depth + 1, leaf: leaf)))
      }
      return .dict(FDict(out))
    default:
      for j in 1..<trees.count {
        switch trees[j] {
        case .list, .dict: throw mismatch(w, path, trees, j)
        default: continue
        }
      }
      return try leaf(trees, path)
    }
  }

  static let builtins: [Builtin] = [
    Builtin(
      "tree_map", params: [.init("f", "function"), .init("trees", "any…", variadic: true)],
      summary: "f applied to corresponding leaves of nested lists/dicts of one structure.",
      doc: "With one tree, f gets each leaf; with several, f gets the leaves at the same place in "
        + "each (they must have the same structure: list lengths and dict keys). Lists and "
        + "dicts are branches, anything else a leaf. The result has the first tree's structure. "
        + "Averaging two models: `tree_map((a, b) -> (a + b) / 2, m1, m2)`.",
      example: "tree_map((a, b) -> a + b, {w: [1, 2], b: 3}, {w: [10, 20], b: 30})  "
        + "# -> {w: [11, 22], b: 33}"
    ) { a in
      let trees = try a.list(1)
      guard !trees.isEmpty else { throw RuntimeError.type("tree_map: needs at least one tree") }
      let walk = Walk(caller: "tree_map", plural: "trees") { "tree \($0 + 1)" }
      return try zip(walk, trees) { leaves, _ in try a.call(a[0], leaves) }
    }
  ]
}

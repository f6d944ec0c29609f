// Reduction builtins (docs/tensors.md): sum mean std var prod argmin argmax any all, and min/max,
// which also keep Python's `max(a, b, c)` / `max(xs, key=f)` forms for non-tensor values.
import Interp
import Tensor

enum TensorReduce {
  /// A rank-0 result comes back as a number (or bool), anything else as a tensor.
  static func wrap(_ t: Tensor) -> Value { Value.wrapping(t) }

  static func reduction(_ op: ReduceOp, _ summary: String, _ example: String) -> Builtin {
    Builtin(
      op.rawValue,
      params: [
        .init("x", "tensor"), .init("axis", "int|list", default: .null),
        .init("keepdims", "bool", default: .bool(false)),
      ],
      summary: summary, example: example
    ) { a in
      let t = try a.tensor(0)
      return wrap(try tensorCall { try t.reduce(op, axes: try a.axes(1), keepdims: try a.bool(2)) })
    }
  }

  static func extreme(_ op: ReduceOp, _ summary: String, _ example: String) -> Builtin {
    Builtin(
      op.rawValue,
      params: [
        .init("values", variadic: true), .init("axis", "int|list", default: .null),
        .init("keepdims", "bool", default: .bool(false)), .init("key", "function", default: .null),
      ],
      summary: summary,
      doc: "`max(x, axis=0)` reduces a tensor (the second positional argument of a tensor is "
        + "the axis); `max(a, b, c)` and `max(xs, key=f)` pick an item as in Python.",
      example: example
    ) { a in
      var xs = try a.list(0)
      if case .tensor(let t)? = xs.first, a.isNil(3) {
        let axis: [Int]? =
          xs.count > 1 ? [try Arguments.axis(xs[1], op.rawValue)] : try a.axes(1)
        return wrap(try tensorCall { try t.reduce(op, axes: axis, keepdims: try a.bool(2)) })
      }
      if xs.count == 1, case .list(let inner) = xs[0] { xs = inner }
      if xs.count == 1, case .tensor(let t) = xs[0], t.rank > 0 { xs = t.items }
      guard var best = xs.first else { throw RuntimeError.value("\(op.rawValue) of an empty list") }
      let keyed = !a.isNil(3)
      var bestKey = keyed ? try a.call(a[3], [best]) : best
      let sign = op == .max ? 1 : -1
      for x in xs.dropFirst() {
        let k = keyed ? try a.call(a[3], [x]) : x
        if case .number(let d) = k, d.isNaN { return x }
        if let c = try compareValues(k, bestKey), c == sign {
          best = x
          bestKey = k
        }
      }
      return best
    }
  }

  static let builtins: [Builtin] = [
    Builtin(
      "cumprod", params: [.init("x", "tensor"), .init("axis", "int", default: .null)],
      summary: "Running products along an axis (of the flattened tensor when axis is nil).",
      example: "cumprod([1, 2, 3])  # -> [1, 2, 6]"
    ) { a in
      var t = try a.tensor(0)
      if a.isNil(1) { t = t.reshaped([t.count]) }
      let ax = a.isNil(1) ? 0 : try a.int(1)
      return .tensor(try tensorCall { try t.cumulative(.prod, axis: ax) })
    },
    reduction(
      .sum, "Sum of elements (pairwise), over all or the given axes.",
      "sum([[1, 2], [3, 4]], axis=0)  # -> [4, 6]"),
    reduction(.mean, "Arithmetic mean over all or the given axes.", "mean([1, 2, 3, 4])  # -> 2.5"),
    reduction(.prod, "Product of elements.", "prod([1, 2, 3, 4])  # -> 24"),
    reduction(.var, "Variance (population, ddof 0, as NumPy).", "var([1, 2, 3, 4])  # -> 1.25"),
    reduction(
      .std, "Standard deviation (population, ddof 0, as NumPy).",
      "std([2, 4, 4, 4, 5, 5, 7, 9])  # -> 2"),
    reduction(
      .argmin, "Index of the smallest element (flat, or along one axis).",
      "argmin([3, 1, 2])  # -> 1"),
    reduction(
      .argmax, "Index of the largest element (flat, or along one axis).",
      "argmax([[1, 5], [7, 2]], axis=1)  # -> tensor([1, 0], dtype=i64)"),
    reduction(.any, "True if any element is non-zero.", "any([0, 0, 1])  # -> true"),
    reduction(.all, "True if every element is non-zero.", "all([1, 2, 0])  # -> false"),
    extreme(
      .min, "The smallest element (over axes for tensors), or of the arguments.",
      "min(3, 1, 2)  # -> 1"),
    extreme(
      .max, "The largest element (over axes for tensors), or of the arguments.",
      "max([[1, 5], [7, 2]], axis=0)  # -> [7, 5]"),
  ]
}

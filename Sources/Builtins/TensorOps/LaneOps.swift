// Builtins along an axis (docs/tensors.md): concat, stack, sort, argsort, topk, unique, cumsum,
// softmax, logsumexp, norm, and printoptions for how tensors print.
import Foundation
import Interp
import Tensor

enum TensorLaneOps {
  static func tensors(_ a: Arguments, _ i: Int) throws -> [Tensor] {
    try a.list(i).map { v in
      guard let t = v.asTensorValue else {
        throw RuntimeError.type(
          "\(a.builtin.name): items must be tensors or numbers, got \(v.typeName)")
      }
      return t
    }
  }

  /// Sorts indices by value, stably; nan sorts last (as NumPy).
  static func order(_ xs: [Double], descending: Bool = false) -> [Int] {
    xs.indices.sorted { i, j in
      let (p, q) = (xs[i], xs[j])
      if p.isNaN || q.isNaN { return !p.isNaN && q.isNaN ? true : (p.isNaN ? false : i < j) }
      if p == q { return i < j }
      return descending ? p > q : p < q
    }
  }

  /// `sort` or `argsort` of every lane along `axis`: `kernel` returns nil when its `stop` said
  /// Ctrl-C was pressed, which is also checked between lanes. A 1-d tensor is one lane, sorted
  /// without gathering a copy of it first.
  static func sortLanes(
    _ t: Tensor, _ axis: Int, _ interp: Interpreter,
    _ kernel: ([Double], () -> Bool) -> [Double]?
  ) throws -> Tensor {
    let stop = { interp.interruptRequested }
    func sorted(_ xs: [Double]) throws -> [Double] {
      guard !stop(), let r = kernel(xs, stop) else {
        throw RuntimeError("Interrupted", "interrupted")
      }
      return r
    }
    if t.rank == 1 { return Tensor(shape: t.shape, f64: try sorted(t.doubles)) }
    return try t.mapLanes(axis: axis, sorted)
  }

  /// The stable sorting order of a 1-d str tensor (strings sort by Unicode scalars).
  static func stringOrder(_ t: Tensor, _ name: String) throws -> [Int] {
    guard t.rank == 1 else {
      throw RuntimeError.value(
        "\(name): str tensors are sorted as 1-d tensors, got shape \(shapeText(t.shape))")
    }
    return t.stringSortOrder()
  }

  static func along(_ a: Arguments, _ axisIndex: Int, default dflt: Int = -1) throws -> (
    Tensor, Int
  ) {
    let t = try a.tensor(0)
    guard t.rank > 0 else {
      throw RuntimeError.value("\(a.builtin.name): needs a tensor of rank ≥ 1")
    }
    let ax = a.isNil(axisIndex) ? dflt : try a.int(axisIndex)
    return (t, try tensorCall { try t.axis(ax) })
  }

  static let builtins: [Builtin] = [
    Builtin(
      "concat", params: [.init("xs", "list"), .init("axis", "int", default: .number(0))],
      summary: "Joins tensors along an existing axis.",
      example: "concat([[1, 2], [3]])  # -> [1, 2, 3]"
    ) { a in
      let parts = try tensors(a, 0)
      return .tensor(try tensorCall { try Tensor.concat(parts, axis: try a.int(1)) })
    },
    Builtin(
      "stack", params: [.init("xs", "list"), .init("axis", "int", default: .number(0))],
      summary: "Joins equal-shape tensors along a new axis.",
      example: "stack([[1, 2], [3, 4]], axis=1)  # -> [[1, 3],\n [2, 4]]"
    ) { a in
      let parts = try tensors(a, 0)
      guard let first = parts.first else {
        throw RuntimeError.value("stack: need at least one tensor")
      }
      var ax = try a.int(1)
      if ax < 0 { ax += first.rank + 1 }
      guard ax >= 0 && ax <= first.rank else {
        throw RuntimeError.value(
          "stack: axis \(try a.int(1)) is out of bounds for rank \(first.rank + 1)")
      }
      let expanded = try parts.map { p -> Tensor in
        guard p.shape == first.shape else {
          throw RuntimeError(
            "ShapeError",
            "stack: all tensors must have the same shape: \(shapeText(first.shape)) vs \(shapeText(p.shape))"
          )
        }
        var s = p.shape
        s.insert(1, at: ax)
        return p.reshaped(s)
      }
      return .tensor(try tensorCall { try Tensor.concat(expanded, axis: ax) })
    },
    Builtin(
      "sort", params: [.init("x", "tensor"), .init("axis", "int", default: .number(-1))],
      summary: "A sorted copy along an axis (last by default); nan sorts last.",
      example: "sort([3, 1, 2])  # -> [1, 2, 3]"
    ) { a in
      let (t, ax) = try along(a, 1)
      if t.dtype == .str {
        let order = try stringOrder(t, a.builtin.name)
        return .tensor(try tensorCall { try t.index([.gather(order)]) })
      }
      let r = try sortLanes(t, ax, a.interp) { xs, stop in Tensor.sortedLane(xs, cancelled: stop) }
      return .tensor(r.astype(t.dtype))
    },
    Builtin(
      "argsort", params: [.init("x", "tensor"), .init("axis", "int", default: .number(-1))],
      summary: "Indices that sort x along an axis (stable).",
      example: "argsort([3, 1, 2])  # -> tensor([1, 2, 0], dtype=i64)"
    ) { a in
      let (t, ax) = try along(a, 1)
      if t.dtype == .str {
        let order = try stringOrder(t, a.builtin.name)
        return .tensor(Tensor(shape: [order.count], i64: order.map(Int64.init)))
      }
      let r = try sortLanes(t, ax, a.interp) { xs, stop in
        Tensor.sortOrder(xs, cancelled: stop)?.map(Double.init)
      }
      return .tensor(r.astype(.i64))
    },
    Builtin(
      "topk",
      params: [
        .init("x", "tensor"), .init("k", "int"), .init("axis", "int", default: .number(-1)),
      ],
      summary: "The k largest values along an axis and their indices, as {values, indices}.",
      example: "topk([1, 9, 4], 2).values  # -> [9, 4]"
    ) { a in
      let (t, ax) = try along(a, 2)
      let k = try a.int(1)
      guard k >= 0 && k <= t.shape[ax] else {
        throw RuntimeError.value("topk: 'k' must be between 0 and \(t.shape[ax]), got \(k)")
      }
      let idx = t.mapLanes(axis: ax, outLength: k) { xs in
        order(xs, descending: true).prefix(k).map(Double.init)
      }
      let vals = t.mapLanes(axis: ax, outLength: k) { xs in
        order(xs, descending: true).prefix(k).map { xs[$0] }
      }
      return .dict(
        FDict([("values", .tensor(vals.astype(t.dtype))), ("indices", .tensor(idx.astype(.i64)))]))
    },
    Builtin(
      "unique", params: [.init("x", "tensor")],
      summary: "The sorted distinct elements (flattened).",
      example: "unique([3, 1, 3, 2])  # -> [1, 2, 3]"
    ) { a in
      let t = try a.tensor(0)
      if t.dtype == .str { return .tensor(t.reshaped([t.count]).stringUnique().values) }
      // Sorted, NaN last and once (NumPy 2's equal_nan=True).
      let xs = t.doubles
      var out: [Double] = []
      for x in xs.filter({ !$0.isNaN }).sorted() where out.last != x { out.append(x) }
      if xs.contains(where: { $0.isNaN }) { out.append(.nan) }
      return .tensor(Tensor(shape: [out.count], f64: out).astype(t.dtype))
    },
    Builtin(
      "cumsum", params: [.init("x", "tensor"), .init("axis", "int", default: .null)],
      summary: "Running sums along an axis (of the flattened tensor when axis is nil).",
      example: "cumsum([1, 2, 3])  # -> [1, 3, 6]"
    ) { a in
      var t = try a.tensor(0)
      if a.isNil(1) { t = t.reshaped([t.count]) }
      let ax = a.isNil(1) ? 0 : try a.int(1)
      return .tensor(try tensorCall { try t.cumulative(.sum, axis: ax) })
    },
    Builtin(
      "softmax", params: [.init("x", "tensor"), .init("axis", "int", default: .number(-1))],
      summary: "exp(x) / sum(exp(x)) along an axis, computed stably (max subtracted).",
      example: "softmax([0, 0])  # -> [0.5, 0.5]"
    ) { a in
      let (t, ax) = try along(a, 1)
      let r = t.mapLanes(axis: ax) { xs in
        let m = xs.max() ?? 0
        let e = xs.map { Foundation.exp($0 - (m.isFinite ? m : 0)) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
      }
      return .tensor(t.dtype == .f32 ? r.astype(.f32) : r)
    },
    Builtin(
      "logsumexp", params: [.init("x", "tensor"), .init("axis", "int", default: .null)],
      summary: "log(sum(exp(x))) over all elements or along an axis, computed stably.",
      example: "logsumexp([0, 0]) == log(2)  # -> true"
    ) { a in
      var t = try a.tensor(0)
      if a.isNil(1) { t = t.reshaped([t.count]) }
      let ax = try tensorCall { try t.axis(a.isNil(1) ? 0 : try a.int(1)) }
      return TensorReduce.wrap(
        t.mapLanes(axis: ax, outLength: 1) { xs in
          let m = xs.max() ?? -.infinity
          guard m.isFinite else { return [m] }
          return [m + Foundation.log(xs.reduce(0) { $0 + Foundation.exp($1 - m) })]
        }.reshaped(t.shape.enumerated().filter { $0.offset != ax }.map(\.element)))
    },
    Builtin(
      "norm",
      params: [
        .init("x", "tensor"), .init("ord", "number", default: .number(2)),
        .init("axis", "int", default: .null),
      ],
      summary:
        "The vector p-norm (2 by default; inf for max-abs) over all elements or along an axis.",
      example: "norm([3, 4])  # -> 5"
    ) { a in
      var t = try a.tensor(0)
      if a.isNil(2) { t = t.reshaped([t.count]) }
      let ax = try tensorCall { try t.axis(a.isNil(2) ? 0 : try a.int(2)) }
      let p = try a.number(1)
      return TensorReduce.wrap(
        t.mapLanes(axis: ax, outLength: 1) { xs in
          if p.isInfinite { return [xs.map(abs).max() ?? 0] }
          if p == 2 { return [xs.reduce(0) { $0 + $1 * $1 }.squareRoot()] }
          return [Foundation.pow(xs.reduce(0) { $0 + Foundation.pow(abs($1), p) }, 1 / p)]
        }.reshaped(t.shape.enumerated().filter { $0.offset != ax }.map(\.element)))
    },
    Builtin(
      "printoptions",
      params: [
        .init("precision", "number", default: .null), .init("threshold", "number", default: .null),
        .init("table_rows", "int", default: .null), .init("table_columns", "int", default: .null),
        .init("table_width", "int", default: .null),
      ],
      summary:
        "Sets how tensors print: digits after the point, and the size past which they summarise.",
      doc: "Tables: `table_rows` (default 40) is the most rows shown before the middle ones are "
        + "elided (10 shown at each end), `table_columns` (20) the most columns, `table_width` "
        + "the widest line (0, the default: the terminal's width, or 80 when not a terminal); "
        + "0 rows or columns means no limit; "
        + "middle columns give way to a `…` column, as pandas prints.",
      example: "printoptions(precision=8)  # -> nil", effect: .io
    ) { a in
      if !a.isNil(0) {
        let p = try a.int(0)
        guard p >= 0 else {
          throw RuntimeError.value("printoptions: 'precision' must be non-negative, got \(p)")
        }
        TensorPrintOptions.precision = min(17, p)
      }
      if !a.isNil(1) { TensorPrintOptions.threshold = max(0, try a.int(1)) }
      for (i, name) in [(2, "table_rows"), (3, "table_columns"), (4, "table_width")]
      where !a.isNil(i) {
        let n = try a.int(i)
        guard n >= 0 else {
          throw RuntimeError.value("printoptions: '\(name)' must be non-negative, got \(n)")
        }
        switch i {
        case 2: TablePrintOptions.maxRows = n
        case 3: TablePrintOptions.maxColumns = n
        default: TablePrintOptions.width = n
        }
      }
      return .null
    },
  ]
}

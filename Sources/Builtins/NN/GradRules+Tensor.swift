// Vector–Jacobian products of reductions, lane ops, shape ops and linear algebra. Shape ops
// that only move elements (reshape, transpose, repeat, concat…) share one rule: run the op on
// the element positions and scatter the gradient back through them.
import Foundation
import Interp
import Tensor

extension GradRules {
  typealias M = GradMath

  /// `g` (the gradient of a reduction over `axes`) broadcast back to the input's shape.
  static func expand(_ g: Tensor, _ shape: [Int], _ axes: [Int]) throws -> Tensor {
    var kept = shape
    for ax in axes { kept[ax] = 1 }
    return try tensorCall { try M.f64(g).reshaped(kept).broadcasted(to: shape) }
  }

  /// The normalised axes of argument `i` of a reduction over `x` (all when nil).
  static func axes(_ a: Arguments, _ i: Int, _ x: Tensor) throws -> [Int] {
    try tensorCall { try x.axes(try a.axes(i)) }
  }

  static func reduction(_ body: @escaping (Tensor, Tensor, [Int], Tensor) throws -> Tensor)
    -> GradRule
  {
    .vjp { a, out, g in
      let x = arg(a, 0)
      let ax = try axes(a, 1, x)
      return [try body(x, try expand(out, x.shape, ax), ax, try expand(g, x.shape, ax))]
    }
  }

  /// Elements per output of a reduction over `axes`.
  static func size(_ x: Tensor, _ axes: [Int]) -> Double {
    Double(axes.reduce(1) { $0 * x.shape[$1] })
  }

  static func centred(_ x: Tensor, _ axes: [Int]) throws -> Tensor {
    let m = try tensorCall { try M.f64(x).reduce(.mean, axes: axes, keepdims: true) }
    return try M.sub(x, m)
  }

  /// The element positions of `x`, as f64, shaped like x and starting at `offset`.
  static func positions(_ shape: [Int], offset: Int = 0) -> Value {
    let n = shape.reduce(1, *)
    return .tensor(Tensor(shape: shape, f64: (0..<n).map { Double($0 + offset) }))
  }

  /// For ops that only move elements: the builtin itself, run on positions, says where each
  /// output element came from.
  static let rearrangement: GradRule = .vjp { a, _, g in
    var b = a
    if case .list(let items) = a.values[0] {
      var offset = 0
      var moved: [Value] = []
      for item in items {
        let shape = item.asTensorOperand?.shape ?? []
        moved.append(positions(shape, offset: offset))
        offset += shape.reduce(1, *)
      }
      b.values[0] = .list(moved)
      let pos = try a.builtin.body(&b)
      return [try M.scatterAdd(g, positions: pos.asTensorOperand ?? g, shape: [offset])]
    }
    let x = arg(a, 0)
    b.values[0] = positions(x.shape)
    let pos = try a.builtin.body(&b)
    return [try M.scatterAdd(g, positions: pos.asTensorOperand ?? g, shape: x.shape)]
  }

  static let tensorRules: [String: GradRule] = [
    "sum": reduction { _, _, _, g in g },
    "mean": reduction { x, _, ax, g in M.scale(g, 1 / size(x, ax)) },
    "prod": reduction { x, out, _, g in try M.div(try M.mul(g, out), x) },
    "var": reduction { x, _, ax, g in
      try M.mul(g, M.scale(try centred(x, ax), 2 / size(x, ax)))
    },
    "std": reduction { x, out, ax, g in
      try M.div(try M.mul(g, try centred(x, ax)), M.scale(out, size(x, ax)))
    },
    "min": .vjp { a, out, g in try extreme(a, out, g) },
    "max": .vjp { a, out, g in try extreme(a, out, g) },
    "logsumexp": .vjp { a, out, g in
      let x = arg(a, 0)
      let ax = a.isNil(1) ? Array(0..<x.rank) : try axes(a, 1, x)
      let p = M.map(try M.sub(x, try expand(out, x.shape, ax))) { Foundation.exp($0) }
      return [try M.mul(try expand(g, x.shape, ax), p)]
    },
    "softmax": .vjp { a, out, g in
      let ax = try axes(a, 1, out)
      let gs = try M.mul(g, out)
      let dot = try tensorCall { try gs.reduce(.sum, axes: ax, keepdims: true) }
      return [try M.mul(out, try M.sub(g, dot))]
    },
    "norm": .vjp { a, out, g in
      let x = arg(a, 0)
      let p = try a.number(1)
      let ax = a.isNil(2) ? Array(0..<x.rank) : try axes(a, 2, x)
      let ge = try expand(g, x.shape, ax)
      let n = try expand(out, x.shape, ax)
      if p.isInfinite {
        let hit = try M.bin(.eq, M.map(x) { abs($0) }, n)
        return [try M.mul(ge, try M.mul(hit, M.map(x) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })), nil]
      }
      let num = M.map(x) { ($0 > 0 ? 1 : ($0 < 0 ? -1 : 0)) * Foundation.pow(abs($0), p - 1) }
      let den = M.map(n) { $0 == 0 ? .infinity : Foundation.pow($0, p - 1) }
      return [try M.mul(ge, try M.div(num, den)), nil]
    },
    "cumsum": .vjp { a, _, g in
      let x = arg(a, 0)
      var gg = M.f64(g)
      if a.isNil(1) { gg = gg.reshaped([gg.count]) }
      let ax = try tensorCall { try gg.axis(a.isNil(1) ? 0 : try a.int(1)) }
      let r = gg.mapLanes(axis: ax) { xs in
        var acc = 0.0
        let sums = xs.reversed().map {
          acc += $0
          return acc
        }
        return Array(sums.reversed())
      }
      return [r.reshaped(x.shape)]
    },
    "sort": .vjp { a, _, g in
      // Output element p came from input p + (order[p] − j)·stride, j its index along the axis.
      guard let argsort = a.interp.builtins["argsort"] else { return [nil] }
      let order = (try a.interp.call(.builtin(argsort), a.values).asTensorOperand ?? g).doubles
      let x = arg(a, 0)
      let ax = try tensorCall { try x.axis(try a.int(1)) }
      let stride = x.shape[(ax + 1)...].reduce(1, *)
      let n = x.shape[ax]
      let source = order.indices.map { p in Double(p + (Int(order[p]) - (p / stride) % n) * stride)
      }
      return [try M.scatterAdd(g, positions: Tensor(shape: x.shape, f64: source), shape: x.shape)]
    },
    "reshape": rearrangement, "transpose": rearrangement, "flatten": rearrangement,
    "squeeze": rearrangement, "unsqueeze": rearrangement, "repeat": rearrangement,
    "tile": rearrangement, "concat": rearrangement, "stack": rearrangement,
    "tensor": rearrangement,
    "matmul": .vjp { a, _, g in try M.matmulGrads(arg(a, 0), arg(a, 1), g) },
    "dot": .vjp { a, _, g in
      let x = arg(a, 0)
      let y = arg(a, 1)
      if x.rank == 0 || y.rank == 0 {
        return [try M.sumTo(try M.mul(g, y), x.shape), try M.sumTo(try M.mul(g, x), y.shape)]
      }
      return try M.matmulGrads(x, y, g)
    },
    "outer": .vjp { a, _, g in
      let x = arg(a, 0)
      let y = arg(a, 1)
      let gx = try M.matmul(g, y.reshaped([y.count]))
      let gy = try M.matmul(try M.mT(g), x.reshaped([x.count]))
      return [gx.reshaped(x.shape), gy.reshaped(y.shape)]
    },
    "trace": .vjp { a, _, g in
      let x = arg(a, 0)
      let gv = M.f64(g).doubles.first ?? 0
      var e = [Double](repeating: 0, count: x.count)
      let cols = x.shape.last ?? 1
      for i in 0..<min(x.shape.first ?? 0, cols) { e[i * cols + i] = gv }
      return [Tensor(shape: x.shape, f64: e)]
    },
  ]

  /// `min`/`max`: along axes, the gradient is shared by the tied extremes; among several
  /// arguments (`max(a, b)`) it goes to the one chosen.
  static func extreme(_ a: Arguments, _ out: Tensor, _ g: Tensor) throws -> [Tensor?] {
    guard case .list(let items) = a.values[0], let first = items.first else { return [] }
    if case .tensor(let x) = first, a.isNil(3) {
      let given: [Int]? =
        items.count > 1 ? [try Arguments.axis(items[1], "axis")] : try a.axes(1)
      let ax = try tensorCall { try x.axes(given) }
      let hit = try M.bin(.eq, x, try expand(out, x.shape, ax))
      let ties = try tensorCall { try hit.reduce(.sum, axes: ax, keepdims: true) }
      let gx = try M.div(try M.mul(try expand(g, x.shape, ax), hit), ties)
      return [gx]
    }
    let chosen = out.doubles.first
    var gs = [Double](repeating: 0, count: items.count)
    if let i = items.firstIndex(where: { $0.scalarDouble == chosen }) {
      gs[i] = M.f64(g).doubles.first ?? 0
    }
    return [Tensor(shape: [items.count], f64: gs)]
  }

  static let linalgRules: [String: GradRule] = [
    "inv": .vjp { _, out, g in
      let t = try M.mT(out)
      return [try M.neg(try M.matmul(try M.matmul(t, g), t))]
    },
    "det": .vjp { a, out, g in
      let inv = try tensorCall { try Tensor.inv(M.f64(arg(a, 0))) }
      return [try M.mul(try M.mul(g, out), try M.mT(inv))]
    },
    "solve": .vjp { a, out, g in
      let am = M.f64(arg(a, 0))
      let gb = try tensorCall { try Tensor.solve(try M.mT(am), M.f64(g)) }
      let ga =
        out.rank == 1
        ? try M.matmul(gb.reshaped([gb.count, 1]), out.reshaped([1, out.count]))
        : try M.matmul(gb, try M.mT(out))
      return [try M.neg(ga), gb]
    },
  ]
}

// Elementwise builtins on several operands (docs/tensors.md): where, clip, maximum, minimum, isnan,
// isinf, and round with digits for tensors.
import Foundation
import Interp
import Tensor

enum TensorElementwise {
  static func binary(_ name: String, _ k: BinaryKernel, _ summary: String, _ example: String)
    -> Builtin
  {
    Builtin(
      name, params: [.init("a", "tensor"), .init("b", "tensor")], summary: summary, example: example
    ) { a in
      let (x, y) = try a.tensorPair(0, 1)
      return TensorReduce.wrap(try tensorCall { try Tensor.binary(k, x, y) })
    }
  }

  static func predicate(
    _ name: String, _ f: @escaping (Double) -> Bool, _ summary: String, _ example: String
  )
    -> Builtin
  {
    Builtin(name, params: [.init("x", "tensor")], summary: summary, example: example) { a in
      let t = try a.tensor(0)
      return TensorReduce.wrap(Tensor(shape: t.shape, bool: t.doubles.map(f)))
    }
  }

  static let builtins: [Builtin] = [
    binary(
      "maximum", .maximum, "Elementwise maximum with broadcasting (nan wins).",
      "maximum([1, 5], 3)  # -> [3, 5]"),
    binary(
      "minimum", .minimum, "Elementwise minimum with broadcasting (nan wins).",
      "minimum([1, 5], 3)  # -> [1, 3]"),
    predicate(
      "isnan", { $0.isNaN }, "True where x is nan.",
      "isnan([1, nan])  # -> tensor([false,  true], dtype=bool)"),
    predicate(
      "isinf", { $0.isInfinite }, "True where x is ±inf.",
      "isinf([1, -inf])  # -> tensor([false,  true], dtype=bool)"),
    Builtin(
      "clip",
      params: [
        .init("x", "tensor"), .init("lo", "number", default: .null),
        .init("hi", "number", default: .null),
      ],
      summary: "x limited to [lo, hi] elementwise; a nil bound leaves that side open.",
      doc: "`clip(x, 0, nil)` only raises values below 0, `clip(x, nil, 1)` only lowers values "
        + "above 1. Both bounds nil is a ValueError (NumPy 2.1+ returns x unchanged).",
      example: "clip([-2, 0.5, 3], 0, 1)  # -> [0. , 0.5, 1. ]"
    ) { a in
      guard !(a.isNil(1) && a.isNil(2)) else {
        throw RuntimeError.value("clip: at least one of 'lo' and 'hi' must be given (not nil)")
      }
      var r = try a.tensor(0)
      if !a.isNil(1) {
        let (t, lo) = try a.tensorPair(0, 1)
        r = try tensorCall { try Tensor.binary(.maximum, t, lo) }
      }
      if !a.isNil(2) {
        let (t, hi) = try Operators.operands(.tensor(r), a[2], "clip")
        r = try tensorCall { try Tensor.binary(.minimum, t, hi) }
      }
      return TensorReduce.wrap(r)
    },
    Builtin(
      "where", params: [.init("cond", "tensor"), .init("a", "tensor"), .init("b", "tensor")],
      summary: "Elementwise choice: a where cond is true, else b (broadcasting).",
      example: "where([true, false], 1, -1)  # -> [ 1, -1]"
    ) { a in
      let c = try a.tensor(0)
      if let s = try stringWhere(c, a[1], a[2]) { return TensorReduce.wrap(s) }
      let (x, y) = try a.tensorPair(1, 2)
      return TensorReduce.wrap(
        try tensorCall {
          let shape = try Shape.broadcast(try Shape.broadcast(c.shape, x.shape), y.shape)
          let dtype = x.dtype == y.dtype ? x.dtype : DType.promote(x.dtype, y.dtype)
          let flags = try c.astype(.bool).broadcasted(to: shape).withElements(as: Bool.self) {
            Array($0)
          }
          let xv = try x.astype(.f64).broadcasted(to: shape).doubles
          let yv = try y.astype(.f64).broadcasted(to: shape).doubles
          return Tensor(shape: shape, f64: flags.indices.map { flags[$0] ? xv[$0] : yv[$0] })
            .astype(dtype)
        })
    },
  ]
}

extension TensorElementwise {
  /// `where(cond, a, b)` when `a` or `b` is a str tensor or a string: both sides must be
  /// strings; nil when neither is (the numeric path).
  static func stringWhere(_ c: Tensor, _ a: Value, _ b: Value) throws -> Tensor? {
    func str(_ v: Value) -> Tensor? {
      switch v {
      case .string(let s): return Tensor(shape: [], strings: [s])
      case .tensor(let t) where t.dtype == .str: return t
      default: return nil
      }
    }
    let (x, y) = (str(a), str(b))
    if x == nil && y == nil { return nil }
    guard let x, let y else {
      throw RuntimeError.type(
        "where: a and b must both be strings or both numbers, got \(a.typeName) and \(b.typeName)")
    }
    return try tensorCall {
      let shape = try Shape.broadcast(try Shape.broadcast(c.shape, x.shape), y.shape)
      let flags = try c.astype(.bool).broadcasted(to: shape).withElements(as: Bool.self) {
        Array($0)
      }
      let xs = try x.broadcasted(to: shape)
      let ys = try y.broadcasted(to: shape)
      var out = ys
      out.withMutableElements(as: Int64.self) { o in
        xs.withElements(as: Int64.self) { p in
          for i in flags.indices where flags[i] { o[i] = p[i] }
        }
      }
      return out
    }
  }
}

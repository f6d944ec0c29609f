// Vector–Jacobian products for operators and elementwise builtins. Each rule gets the plain
// arguments, the plain output and the output's gradient, and returns one gradient per argument
// (nil for arguments that get none). For a list argument (stack, concat) the gradient holds the
// items' elements in order and the tape splits it per item. Reductions, shape ops and linear
// algebra are in GradRules+Tensor.swift; the nn losses register theirs in NN/.
import Foundation
import Interp
import Lang
import Tensor

typealias VJP = (_ args: Arguments, _ out: Tensor, _ g: Tensor) throws -> [Tensor?]

/// How a builtin behaves on traced arguments.
enum GradRule {
  /// Differentiable through the given vector–Jacobian product.
  case vjp(VJP)
  /// Its output carries no gradient (argmax, floor, isnan…): runs on the plain values.
  case constant
  /// Runs on the traced values themselves: containers (len, push, map) and builtins written in
  /// terms of other differentiable operations.
  case composite
}

enum GradRules {
  static let builtins: [String: GradRule] = {
    var all: [String: GradRule] = [:]
    for table in [elementwise, tensorRules, linalgRules, nnRules] {
      all.merge(table) { a, _ in a }
    }
    for n in constants { all[n] = .constant }
    for n in composites { all[n] = .composite }
    return all
  }()

  /// Builtins whose result carries no gradient.
  static let constants = [
    "argmin", "argmax", "argsort", "any", "all", "isnan", "isinf", "sign", "floor", "ceil",
    "round", "zeros_like", "ones_like", "full_like", "number", "printoptions",
    "nn.accuracy", "nn.predict", "bincount", "histogram", "isin", "nonzero", "searchsorted",
    "isclose", "allclose",
  ]

  /// Builtins that pass traced values through untouched or are built from traced operations.
  static let composites = [
    "print", "type", "str", "repr", "len", "list", "dict", "keys", "values", "items", "has",
    "contains", "push", "pop", "insert", "remove", "clear", "update", "map", "filter", "zip",
    "enumerate", "reversed", "assert", "error", "nn.forward", "nn.forward_loss", "tree_map",
  ]

  static func arg(_ a: Arguments, _ i: Int) -> Tensor {
    a.values[i].asTensorOperand ?? Tensor(scalar: 0)
  }

  /// Gradient rules of the binary operators, on (x, y, out, g, which sides need one).
  static func binary(_ op: BinaryOp)
    -> ((Tensor, Tensor, Tensor, Tensor, (Bool, Bool)) throws -> [Tensor?])?
  {
    if op == .matmul { return { x, y, _, g, need in try M.matmulGrads(x, y, g, need: need) } }
    guard let rule = elementwiseBinary(op) else { return nil }
    return { x, y, out, g, _ in try rule(x, y, out, g) }
  }

  static func elementwiseBinary(_ op: BinaryOp)
    -> ((Tensor, Tensor, Tensor, Tensor) throws -> [Tensor?])?
  {
    typealias M = GradMath
    switch op {
    case .add: return { x, y, _, g in [try M.sumTo(g, x.shape), try M.sumTo(g, y.shape)] }
    case .sub:
      return { x, y, _, g in [try M.sumTo(g, x.shape), try M.sumTo(try M.neg(g), y.shape)] }
    case .mul:
      return { x, y, _, g in
        [try M.sumTo(try M.mul(g, y), x.shape), try M.sumTo(try M.mul(g, x), y.shape)]
      }
    case .div:
      return { x, y, out, g in
        let gx = try M.div(g, y)
        return [try M.sumTo(gx, x.shape), try M.sumTo(try M.neg(try M.mul(gx, out)), y.shape)]
      }
    case .pow:
      return { x, y, out, g in
        // d/dx x^y = y x^(y-1); d/dy x^y = x^y log x (0 where x = 0, as JAX does).
        let ym1 = try M.bin(.pow, x, try M.sub(y, M.scalar(1)))
        let gx = try M.mul(g, try M.mul(y, ym1))
        let logx = M.map(x) { $0 == 0 ? 0 : Foundation.log($0) }
        let gy = try M.mul(g, try M.mul(out, logx))
        return [try M.sumTo(gx, x.shape), try M.sumTo(gy, y.shape)]
      }
    case .mod:
      return { x, y, _, g in
        let q = M.map(try M.div(x, y)) { Foundation.floor($0) }
        return [try M.sumTo(g, x.shape), try M.sumTo(try M.neg(try M.mul(g, q)), y.shape)]
      }
    default: return nil
    }
  }

  /// `g · f'(x)` for a unary builtin, from x.
  static func fromX(_ d: @escaping (Double) -> Double) -> GradRule {
    .vjp { a, _, g in [try GradMath.times(g, arg(a, 0), d)] }
  }

  /// `g · f'(x)` for a unary builtin, from the output y = f(x).
  static func fromY(_ d: @escaping (Double) -> Double) -> GradRule {
    .vjp { _, out, g in [try GradMath.times(g, out, d)] }
  }

  static let elementwise: [String: GradRule] = [
    "abs": fromX { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) },
    "sqrt": fromY { 0.5 / $0 },
    "exp": fromY { $0 },
    "log": fromX { 1 / $0 },
    "log2": fromX { 1 / ($0 * M_LN2) },
    "log10": fromX { 1 / ($0 * M_LN10) },
    "sin": fromX { Foundation.cos($0) },
    "cos": fromX { -Foundation.sin($0) },
    "tan": fromY { 1 + $0 * $0 },
    "tanh": fromY { 1 - $0 * $0 },
    "log1p": fromX { 1 / (1 + $0) },
    "expm1": fromY { $0 + 1 },
    "sigmoid": fromY { $0 * (1 - $0) },
    "relu": fromX { $0 > 0 ? 1 : 0 },
    "softplus": fromX(CoreMath.sigmoid),
    "silu": fromX { x in
      let s = CoreMath.sigmoid(x)
      return s + x * s * (1 - s)
    },
    "gelu": fromX { x in
      // d/dx x·Φ(x) = Φ(x) + x·φ(x)
      0.5 * (1 + Foundation.erf(x / 2.0.squareRoot())) + x * Foundation.exp(-0.5 * x * x)
        / (2 * Double.pi).squareRoot()
    },
    "maximum": .vjp { a, _, g in try extremePair(a, g, .ge) },
    "minimum": .vjp { a, _, g in try extremePair(a, g, .le) },
    "clip": .vjp { a, _, g in
      let x = arg(a, 0)
      // A nil bound is open (`clip(x, nil, 0)`).
      var (lo, hi) = (-Double.infinity, Double.infinity)
      if case .null = a.values[1] {} else { lo = try a.number(1) }
      if case .null = a.values[2] {} else { hi = try a.number(2) }
      return [try GradMath.times(g, x) { $0 >= lo && $0 <= hi ? 1 : 0 }, nil, nil]
    },
    "where": .vjp { a, _, g in
      let c = GradMath.f64(arg(a, 0))
      let notC = GradMath.map(c) { $0 != 0 ? 0 : 1 }
      return [
        nil, try GradMath.sumTo(try GradMath.mul(g, c), arg(a, 1).shape),
        try GradMath.sumTo(try GradMath.mul(g, notC), arg(a, 2).shape),
      ]
    },
    "astype": .vjp { _, _, g in [g, nil] },
  ]

  /// `maximum(a, b)` / `minimum(a, b)`: the gradient goes to the chosen side (ties: `a`).
  static func extremePair(_ a: Arguments, _ g: Tensor, _ k: BinaryKernel) throws -> [Tensor?] {
    let x = arg(a, 0)
    let y = arg(a, 1)
    let pick = GradMath.f64(try tensorCall { try Tensor.binary(k, x, y) })
    let rest = GradMath.map(pick) { 1 - $0 }
    return [
      try GradMath.sumTo(try GradMath.mul(g, pick), x.shape),
      try GradMath.sumTo(try GradMath.mul(g, rest), y.shape),
    ]
  }
}

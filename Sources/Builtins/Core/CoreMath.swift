// Core math on numbers: abs, sqrt, exp, log, trigonometry, rounding, and constants.
import Foundation
import Interp
import Tensor

enum CoreMath {
  /// 1 / (1 + exp(-x)) without overflow for large |x| (also used by gradients and nn).
  static func sigmoid(_ x: Double) -> Double {
    x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
  }

  /// log(1 + exp(x)) without overflow (also used by the logistic losses).
  static func softplus(_ x: Double) -> Double {
    x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x))
  }

  /// Like `unary`, with a libmvec path for f64 tensors.
  static func vector(
    _ name: String, _ v: VectorFunction, _ summary: String, _ example: String,
    _ f: @escaping (Double) -> Double
  ) -> Builtin {
    Builtin(
      name, params: [.init("x", "number|tensor")], summary: summary, example: example, scalar: f
    ) { a in
      if case .tensor(let t) = a[0] {
        try CoreMath.numeric(t, name)
        return .tensor(t.dtype == .f64 ? t.vectorMap(v) : t.mapFloat(f))
      }
      return .number(f(try a.number(0)))
    }
  }

  /// A TypeError for math on a str tensor (its elements are string codes, not numbers).
  static func numeric(_ t: Tensor, _ name: String) throws {
    guard t.dtype == .str else { return }
    throw RuntimeError.type("\(name): a str tensor holds strings, not numbers")
  }

  /// A one-argument math builtin for numbers and tensors (elementwise). With `keepsInt`, i64
  /// and bool tensors give i64, as NumPy's abs/sign do; otherwise they give f64.
  static func unary(
    _ name: String, _ summary: String, _ example: String, keepsInt: Bool = false,
    _ f: @escaping (Double) -> Double
  ) -> Builtin {
    Builtin(
      name, params: [.init("x", "number|tensor")], summary: summary, example: example, scalar: f
    ) { a in
      if case .tensor(let t) = a[0] {
        try CoreMath.numeric(t, name)
        let r = t.mapFloat(f)
        return .tensor(keepsInt && !t.dtype.isFloat ? r.astype(.i64) : r)
      }
      return .number(f(try a.number(0)))
    }
  }

  static let builtins: [Builtin] = [
    unary("abs", "Absolute value.", "abs(-2.5)  # -> 2.5", keepsInt: true) { Swift.abs($0) },
    unary("sqrt", "Square root (nan for negative numbers).", "sqrt(16)  # -> 4") {
      $0.squareRoot()
    },
    vector("exp", .exp, "e raised to x.", "exp(0)  # -> 1") { Foundation.exp($0) },
    vector("log", .log, "Natural logarithm (-inf at 0, nan below).", "log(1)  # -> 0") {
      Foundation.log($0)
    },
    unary("log2", "Base-2 logarithm.", "log2(8)  # -> 3") { Foundation.log2($0) },
    unary("log10", "Base-10 logarithm.", "log10(1000)  # -> 3") { Foundation.log10($0) },
    vector("sin", .sin, "Sine of an angle in radians.", "sin(0)  # -> 0") { Foundation.sin($0) },
    vector("cos", .cos, "Cosine of an angle in radians.", "cos(0)  # -> 1") { Foundation.cos($0) },
    unary("tan", "Tangent of an angle in radians.", "tan(0)  # -> 0") { Foundation.tan($0) },
    vector("tanh", .tanh, "Hyperbolic tangent.", "tanh(0)  # -> 0") { Foundation.tanh($0) },
    unary("floor", "Largest integer not above x.", "floor(-2.5)  # -> -3") { $0.rounded(.down) },
    unary("log1p", "log(1 + x), accurate near 0.", "log1p(0)  # -> 0") { Foundation.log1p($0) },
    unary("expm1", "exp(x) - 1, accurate near 0.", "expm1(0)  # -> 0") { Foundation.expm1($0) },
    unary("sigmoid", "The logistic function 1 / (1 + exp(-x)).", "sigmoid(0)  # -> 0.5", sigmoid),
    unary("relu", "max(x, 0).", "relu([-1, 2])  # -> [0, 2]", keepsInt: true) {
      $0 > 0 ? $0 : ($0.isNaN ? $0 : 0)
    },
    unary("gelu", "GELU, exact erf form: x·Φ(x).", "gelu(0)  # -> 0") { x in
      0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot()))
    },
    unary("silu", "x · sigmoid(x) (swish).", "silu(0)  # -> 0") { x in x * sigmoid(x) },
    unary(
      "softplus", "log(1 + exp(x)), computed without overflow.", "softplus(0) == log(2)  # -> true",
      softplus),
    unary(
      "sign", "-1, 0 or 1 by the sign of x (nan stays nan).", "sign([-3, 0, 2])  # -> [-1,  0,  1]",
      keepsInt: true
    ) { x in
      x > 0 ? 1 : (x < 0 ? -1 : x)
    },
    unary("ceil", "Smallest integer not below x.", "ceil(2.1)  # -> 3") { $0.rounded(.up) },
    Builtin(
      "round",
      params: [.init("x", "number|tensor"), .init("digits", "number", default: .number(0))],
      summary: "Rounds half to even (as NumPy and Python) to `digits` decimal places.",
      example: "[round(2.5), round(3.5)]  # -> [2, 4]"
    ) { a in
      let d = try a.int(1)
      let s = Foundation.pow(10, Double(d))
      func round(_ x: Double) -> Double {
        if d == 0 { return x.rounded(.toNearestOrEven) }
        let y = (x * s).rounded(.toNearestOrEven) / s
        return y.isFinite ? y : x
      }
      if case .tensor(let t) = a[0] {
        return .tensor(
          t.dtype.isFloat ? t.mapFloat(round) : t.astype(t.dtype == .bool ? .i64 : t.dtype))
      }
      return .number(round(try a.number(0)))
    },
    Builtin(
      constant: "pi", .number(Double.pi), summary: "The constant π.",
      example: "round(pi, 4)  # -> 3.1416"),
    Builtin(
      constant: "inf", .number(Double.infinity), summary: "Positive infinity.",
      example: "-inf < 0  # -> true"),
    Builtin(
      constant: "nan", .number(Double.nan), summary: "Not a number (nan != nan).",
      example: "nan == nan  # -> false"),
  ]
}

extension Tensor {
  /// `f` applied to every element; f32 stays f32, other dtypes give f64.
  func mapFloat(_ f: (Double) -> Double) -> Tensor {
    switch dtype {
    case .f64: return mapF64(f)
    case .f32: return astype(.f64).mapF64(f).astype(.f32)
    default: return astype(.f64).mapF64(f)
    }
  }
}

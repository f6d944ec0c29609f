// Core math on numbers: abs, sqrt, exp, log, trigonometry, rounding, and constants.
import Foundation
import Interp

enum CoreMath {
  static func unary(
    _ name: String, _ summary: String, _ example: String, _ f: @escaping (Double) -> Double
  )
    -> Builtin
  {
    Builtin(name, params: [.init("x", "number")], summary: summary, example: example) { a in
      .number(f(try a.number(0)))
    }
  }

  static let builtins: [Builtin] = [
    unary("abs", "Absolute value.", "abs(-2.5)  # -> 2.5") { Swift.abs($0) },
    unary("sqrt", "Square root (nan for negative numbers).", "sqrt(16)  # -> 4") {
      $0.squareRoot()
    },
    unary("exp", "e raised to x.", "exp(0)  # -> 1") { Foundation.exp($0) },
    unary("log", "Natural logarithm (-inf at 0, nan below).", "log(1)  # -> 0") {
      Foundation.log($0)
    },
    unary("log2", "Base-2 logarithm.", "log2(8)  # -> 3") { Foundation.log2($0) },
    unary("log10", "Base-10 logarithm.", "log10(1000)  # -> 3") { Foundation.log10($0) },
    unary("sin", "Sine of an angle in radians.", "sin(0)  # -> 0") { Foundation.sin($0) },
    unary("cos", "Cosine of an angle in radians.", "cos(0)  # -> 1") { Foundation.cos($0) },
    unary("tan", "Tangent of an angle in radians.", "tan(0)  # -> 0") { Foundation.tan($0) },
    unary("tanh", "Hyperbolic tangent.", "tanh(0)  # -> 0") { Foundation.tanh($0) },
    unary("floor", "Largest integer not above x.", "floor(-2.5)  # -> -3") { $0.rounded(.down) },
    unary("ceil", "Smallest integer not below x.", "ceil(2.1)  # -> 3") { $0.rounded(.up) },
    Builtin(
      "round", params: [.init("x", "number"), .init("digits", "number", default: .number(0))],
      summary: "Rounds half to even (as NumPy and Python) to `digits` decimal places.",
      example: "[round(2.5), round(3.5)]  # -> [2, 4]"
    ) { a in
      let x = try a.number(0)
      let d = try a.int(1)
      if d == 0 { return .number(x.rounded(.toNearestOrEven)) }
      let s = Foundation.pow(10, Double(d))
      let y = (x * s).rounded(.toNearestOrEven) / s
      return .number(y.isFinite ? y : x)
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

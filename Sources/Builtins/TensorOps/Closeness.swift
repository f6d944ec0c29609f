// Approximate equality as NumPy 2 (issue 13): isclose (elementwise) and allclose (all of it).
// Kernel in Sources/Tensor/EverydayShapes.swift.
import Interp
import Tensor

enum TensorCloseness {
  static let params: [BuiltinParam] = [
    .init("a", "tensor"), .init("b", "tensor"), .init("rtol", "number", default: .number(1e-5)),
    .init("atol", "number", default: .number(1e-8)),
    .init("equal_nan", "bool", default: .bool(false)),
  ]

  static func close(_ a: Arguments) throws -> Tensor {
    let (x, y) = (try a.tensor(0), try a.tensor(1))
    let (rtol, atol, nan) = (try a.number(2), try a.number(3), try a.bool(4))
    return try tensorCall {
      try Tensor.isclose(x, y, rtol: rtol, atol: atol, equalNaN: nan)
    }
  }

  static let doc =
    "a and b are close where |a - b| ≤ atol + rtol·|b| (not symmetric, as NumPy), with "
    + "broadcasting; equal infinities are close; NaN is close to NaN only with `equal_nan=true`."

  static let builtins: [Builtin] = [
    Builtin(
      "isclose", params: params,
      summary: "Elementwise: whether a and b are equal within a tolerance (a bool tensor).",
      doc: doc,
      example: "isclose([1, 2], [1.000001, 2.1])  # -> tensor([ true, false], dtype=bool)"
    ) { a in Value.wrapping(try close(a)) },
    Builtin(
      "allclose", params: params,
      summary: "Whether every element of a is close to b (isclose everywhere).",
      doc: doc,
      example: "allclose([1, 2], [1.000001, 2])  # -> true"
    ) { a in
      .bool(try close(a).withElements(as: Bool.self) { !$0.contains(false) })
    },
  ]
}

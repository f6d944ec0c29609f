// Tensor creation builtins (SPEC §4.1): zeros, ones, full, eye, arange, linspace, tensor, *_like.
import Interp
import Tensor

enum TensorCreation {
  static func filled(_ shape: [Int], _ v: Double, _ dtype: DType) -> Tensor {
    Tensor(shape: shape, f64: [Double](repeating: v, count: shape.reduce(1, *))).astype(dtype)
  }

  static func constant(_ name: String, _ v: Double, _ summary: String) -> Builtin {
    Builtin(
      name,
      params: [
        .init("shape", "number…", variadic: true), .init("dtype", "string", default: .null),
      ],
      summary: summary, example: "\(name)(2, 3).shape  # -> [2, 3]"
    ) { a in
      .tensor(filled(try a.shape(fromVariadic: 0), v, try a.dtype(1) ?? .f64))
    }
  }

  static func like(_ name: String, _ v: Double?, _ summary: String) -> Builtin {
    Builtin(
      name,
      params: [.init("x", "tensor")] + (v == nil ? [.init("value", "number")] : []),
      summary: summary,
      example:
        "\(name)([1, 2]\(v == nil ? ", 7" : ""))  # -> [\(v.map { Int($0) } ?? 7), \(v.map { Int($0) } ?? 7)]"
    ) { a in
      let t = try a.tensor(0)
      return .tensor(filled(t.shape, try v ?? a.number(1), t.dtype))
    }
  }

  static let builtins: [Builtin] = [
    constant("zeros", 0, "A tensor of zeros: zeros(2, 3) or zeros([2, 3]), dtype= optional."),
    constant("ones", 1, "A tensor of ones: ones(2, 3) or ones([2, 3]), dtype= optional."),
    like("zeros_like", 0, "Zeros with the shape and dtype of x."),
    like("ones_like", 1, "Ones with the shape and dtype of x."),
    like("full_like", nil, "A tensor with the shape and dtype of x, every element `value`."),
    Builtin(
      "full",
      params: [
        .init("shape", "list"), .init("value", "number"), .init("dtype", "string", default: .null),
      ],
      summary: "A tensor of the given shape with every element `value`.",
      example: "full([2], 0.5)  # -> [0.5, 0.5]"
    ) { a in
      guard let shape = try Arguments.dims(a[0]) ?? (a[0].scalarDouble.map { [Int($0)] }) else {
        throw a.fail(0, "a shape (list of integers)")
      }
      return .tensor(filled(shape, try a.number(1), try a.dtype(2) ?? .f64))
    },
    Builtin(
      "eye", params: [.init("n", "number"), .init("dtype", "string", default: .null)],
      summary: "The n×n identity matrix.", example: "eye(2)  # -> [[1, 0],\n [0, 1]]"
    ) { a in
      let n = try a.int(0)
      guard n >= 0 else { throw RuntimeError.value("eye: 'n' must be non-negative, got \(n)") }
      var xs = [Double](repeating: 0, count: n * n)
      for i in 0..<n { xs[i * n + i] = 1 }
      return .tensor(Tensor(shape: [n, n], f64: xs).astype(try a.dtype(1) ?? .f64))
    },
    Builtin(
      "arange",
      params: [
        .init("start", "number"), .init("stop", "number", default: .null),
        .init("step", "number", default: .number(1)), .init("dtype", "string", default: .null),
      ],
      summary: "Evenly spaced values in [start, stop) with step (start defaults to 0), as NumPy.",
      example: "arange(0, 1, 0.25)  # -> [0.  , 0.25, 0.5 , 0.75]"
    ) { a in
      var (start, stop) = (0.0, try a.number(0))
      if !a.isNil(1) { (start, stop) = (try a.number(0), try a.number(1)) }
      let step = try a.number(2)
      guard step != 0 else { throw RuntimeError.value("arange: 'step' must not be zero") }
      let n = max(0, Int(((stop - start) / step).rounded(.up)))
      guard n <= 500_000_000 else { throw RuntimeError.value("arange: \(n) elements is too many") }
      return .tensor(
        Tensor(shape: [n], f64: (0..<n).map { start + Double($0) * step })
          .astype(try a.dtype(3) ?? .f64))
    },
    Builtin(
      "linspace",
      params: [
        .init("start", "number"), .init("stop", "number"),
        .init("n", "number", default: .number(50)),
      ],
      summary: "n evenly spaced values from start to stop, both included.",
      example: "linspace(0, 1, 5)  # -> [0.  , 0.25, 0.5 , 0.75, 1.  ]"
    ) { a in
      let (lo, hi, n) = (try a.number(0), try a.number(1), try a.int(2))
      guard n >= 0 else { throw RuntimeError.value("linspace: 'n' must be non-negative, got \(n)") }
      let step = n > 1 ? (hi - lo) / Double(n - 1) : 0
      var xs = (0..<n).map { lo + Double($0) * step }
      if n > 1 { xs[n - 1] = hi }
      return .tensor(Tensor(shape: [n], f64: xs))
    },
    Builtin(
      "tensor", params: [.init("x"), .init("dtype", "string", default: .null)],
      summary: "A tensor from a number, list (nested lists) or tensor, converted to dtype.",
      example: "tensor([1, 2], dtype=\"i64\")  # -> tensor([1, 2], dtype=i64)"
    ) { a in
      guard let t = a[0].asTensorValue ?? nestedTensor(a[0]) else {
        throw a.fail(0, "a number, a list of numbers, or equal-shape nested lists")
      }
      return .tensor(t.astype(try a.dtype(1) ?? t.dtype))
    },
  ]

  /// Nested lists (e.g. built by `push`) as one tensor, when their shapes agree.
  static func nestedTensor(_ v: Value) -> Tensor? {
    guard case .list(let xs) = v else { return v.asTensorValue }
    var parts: [Tensor] = []
    for x in xs {
      guard let t = nestedTensor(x) else { return nil }
      parts.append(t)
    }
    guard let first = parts.first, parts.allSatisfy({ $0.shape == first.shape }) else {
      return xs.isEmpty ? Tensor(shape: [0], f64: []) : nil
    }
    return Tensor.stack(parts)
  }
}

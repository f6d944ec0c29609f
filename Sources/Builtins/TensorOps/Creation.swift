// Tensor creation builtins (docs/tensors.md): zeros, ones, full, eye, arange, linspace, tensor,
// *_like.
import Interp
import Tensor

enum TensorCreation {
  /// A tensor of `shape` with every element `v` (converted to `dtype` as `astype` does),
  /// written straight into the new buffer, whose size is checked first.
  static func filled(_ shape: [Int], _ v: Double, _ dtype: DType) throws -> Tensor {
    var t = try tensorCall { try Tensor(allocating: shape, dtype: dtype) }
    switch dtype {
    case .f64: t.withMutableElements(as: Double.self) { $0.update(repeating: v) }
    case .f32: t.withMutableElements(as: Float.self) { $0.update(repeating: Float(v)) }
    case .i64:
      // The conversion `astype` does (NaN and out-of-range values saturate).
      let i = Tensor(shape: [], f64: [v]).astype(.i64).withElements(as: Int64.self) { $0[0] }
      t.withMutableElements(as: Int64.self) { $0.update(repeating: i) }
    case .bool: t.withMutableElements(as: Bool.self) { $0.update(repeating: v != 0) }
    case .str: t = try tensorCall { try Tensor(scalar: v).astype(.str).broadcasted(to: shape) }
    }
    return t
  }

  /// A new f64 tensor of length `n` whose element `i` is `f(i)`, size-checked first.
  static func generated(_ n: Int, _ f: (Int) -> Double) throws -> Tensor {
    var t = try tensorCall { try Tensor(allocating: [n], dtype: .f64) }
    t.withMutableElements(as: Double.self) { p in
      for i in 0..<n { p[i] = f(i) }
    }
    return t
  }

  static func constant(_ name: String, _ v: Double, _ summary: String) -> Builtin {
    Builtin(
      name,
      params: [
        .init("shape", "number…", variadic: true), .init("dtype", "string", default: .null),
      ],
      summary: summary, example: "\(name)(2, 3).shape  # -> [2, 3]"
    ) { a in
      .tensor(try filled(try a.shape(fromVariadic: 0), v, try a.dtype(1) ?? .f64))
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
      return .tensor(try filled(t.shape, try v ?? a.number(1), t.dtype))
    }
  }

  static let builtins: [Builtin] = [
    Builtin(
      constant: "newaxis", .null,
      summary: "nil, as an index: `x[:, newaxis]` adds an axis of length 1 (NumPy's newaxis).",
      example: "zeros(3)[:, newaxis].shape  # -> [3, 1]"),
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
      let shape: [Int]
      if let dims = try Arguments.dims(a[0], "full") {
        shape = dims
      } else if a[0].scalarDouble != nil {
        shape = [try Arguments.dimension(a[0], "full")]
      } else {
        throw a.fail(0, "a shape (list of integers)")
      }
      return .tensor(try filled(shape, try a.number(1), try a.dtype(2) ?? .f64))
    },
    Builtin(
      "eye",
      params: [
        .init("n", "number"), .init("m", "number", default: .null),
        .init("k", "number", default: .number(0)), .init("dtype", "string", default: .null),
      ],
      summary: "An n×m matrix (m defaults to n) with ones on diagonal k, as np.eye.",
      doc: "k > 0 is a diagonal above the main one, k < 0 below.",
      example: "eye(2, 3, k=1)  # -> [[0, 1, 0],\n [0, 0, 1]]"
    ) { a in
      let n = try a.dimension(0)
      let m = a.isNil(1) ? n : try a.dimension(1)
      let k = try a.int(2)
      var t = try filled([n, m], 0, try a.dtype(3) ?? .f64)
      // Only the rows the diagonal crosses: eye(1e12, 0) is empty and must not loop 1e12 times.
      let first = min(n, max(0, -k))
      for i in first..<max(first, min(n, m - k)) { t.setElement(at: i * m + i + k, 1) }
      return .tensor(t)
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
      let count = ((stop - start) / step).rounded(.up)
      let n = try Arguments.dimension(
        count.isNaN ? count : max(count, 0), "arange", "the number of elements")
      return .tensor(try generated(n) { start + Double($0) * step }.astype(try a.dtype(3) ?? .f64))
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
      let (lo, hi, n) = (try a.number(0), try a.number(1), try a.dimension(2))
      let step = n > 1 ? (hi - lo) / Double(n - 1) : 0
      return .tensor(try generated(n) { $0 == n - 1 && n > 1 ? hi : lo + Double($0) * step })
    },
    Builtin(
      "tensor", params: [.init("x"), .init("dtype", "string", default: .null)],
      summary: "A tensor from a number, list (nested lists) or tensor, converted to dtype.",
      doc: "A list of strings (or nested lists of them) gives a str tensor, as np.array does.",
      example: "tensor([1, 2], dtype=\"i64\")  # -> tensor([1, 2], dtype=i64)"
    ) { a in
      guard let t = try a[0].asTensorValue ?? nestedTensor(a[0]) else {
        throw a.fail(0, "a number, a list of numbers, or equal-shape nested lists")
      }
      return .tensor(t.astype(try a.dtype(1) ?? t.dtype))
    },
  ]

  /// Nested lists (e.g. built by `push`) as one tensor, when their shapes agree.
  static func nestedTensor(_ v: Value) throws -> Tensor? {
    if case .string(let s) = v { return Tensor(shape: [], strings: [s]) }
    guard case .list(let xs) = v else { return v.asTensorValue }
    if !xs.isEmpty, let ss = Operators.stringList(xs) { return Tensor(strings: ss) }
    var parts: [Tensor] = []
    for x in xs {
      guard let t = try nestedTensor(x) else { return nil }
      parts.append(t)
    }
    guard let first = parts.first, parts.allSatisfy({ $0.shape == first.shape }) else {
      return xs.isEmpty ? Tensor(shape: [0], f64: []) : nil
    }
    return try tensorCall { try Tensor.stacked(parts) }
  }
}

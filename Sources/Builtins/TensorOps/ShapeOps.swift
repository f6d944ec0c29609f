// Shape builtins (docs/tensors.md): reshape, transpose, flatten, squeeze, unsqueeze, astype,
// matmul.
import Interp
import Tensor

enum TensorShapeOps {
  static let builtins: [Builtin] = [
    Builtin(
      "reshape", params: [.init("x", "tensor"), .init("shape", "number…", variadic: true)],
      summary: "The same elements in a new shape (one entry may be -1).",
      example: "reshape(arange(6), 2, 3).shape  # -> [2, 3]"
    ) { a in
      let t = try a.tensor(0)
      var dims = try a.list(1)
      // reshape(x, 2, 3), reshape(x, [2, -1]) and reshape(x, x.shape) all work.
      if dims.count == 1 {
        switch dims[0] {
        case .list(let xs): dims = xs
        case .tensor(let s) where s.rank == 1: dims = s.items
        default: break
        }
      }
      var shape: [Int] = try dims.map { v in
        guard let d = v.scalarDouble, d.rounded() == d, d >= -1, d < 0x1p63 else {
          throw RuntimeError.type("reshape: shape entries must be integers ≥ -1, got \(v.repr)")
        }
        return Int(d)
      }
      // Overflow-checked (skipping zeros, as NumPy): a wrapped product could match the size.
      let known = shape.reduce((1, false)) { acc, d in
        guard d != -1 && d != 0 else { return acc }
        let (p, o) = acc.0.multipliedReportingOverflow(by: d)
        return (p, acc.1 || o)
      }
      guard !known.1 else {
        throw RuntimeError(
          "ShapeError", "cannot reshape tensor of size \(t.count) into shape \(shapeText(shape))")
      }
      if let i = shape.firstIndex(of: -1) {
        let rest = shape.contains(0) ? 0 : known.0
        guard rest > 0, t.count % rest == 0, shape.filter({ $0 == -1 }).count == 1 else {
          throw RuntimeError(
            "ShapeError", "cannot reshape tensor of size \(t.count) into shape \(shapeText(shape))")
        }
        shape[i] = t.count / rest
      }
      guard shape.reduce(1, *) == t.count else {
        throw RuntimeError(
          "ShapeError", "cannot reshape tensor of size \(t.count) into shape \(shapeText(shape))")
      }
      return .tensor(t.reshaped(shape))
    },
    Builtin(
      "transpose", params: [.init("x", "tensor"), .init("axes", "list", default: .null)],
      summary: "Permutes the axes (reverses them by default; x.T is the same).",
      example: "transpose(zeros(2, 3)).shape  # -> [3, 2]"
    ) { a in
      let t = try a.tensor(0)
      return .tensor(try tensorCall { try t.transposed(try a.axes(1).map { $0 }) })
    },
    Builtin(
      "flatten", params: [.init("x", "tensor")], summary: "The elements as a 1-d tensor.",
      example: "flatten([[1, 2], [3, 4]])  # -> [1, 2, 3, 4]"
    ) { a in
      let t = try a.tensor(0)
      return .tensor(t.reshaped([t.count]))
    },
    Builtin(
      "squeeze", params: [.init("x", "tensor"), .init("axis", "int", default: .null)],
      summary: "Removes length-1 axes (all, or the given one).",
      example: "squeeze(zeros(1, 3, 1)).shape  # -> [3]"
    ) { a in
      let t = try a.tensor(0)
      guard let ax = try a.axes(1) else { return .tensor(t.reshaped(t.shape.filter { $0 != 1 })) }
      let axes = try tensorCall { try t.axes(ax) }
      for x in axes where t.shape[x] != 1 {
        throw RuntimeError.value(
          "squeeze: cannot select an axis to squeeze out which has size not equal to one")
      }
      return .tensor(
        t.reshaped(t.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)))
    },
    Builtin(
      "unsqueeze", params: [.init("x", "tensor"), .init("axis", "int")],
      summary: "Inserts a length-1 axis at position axis.",
      example: "unsqueeze(zeros(3), 0).shape  # -> [1, 3]"
    ) { a in
      let t = try a.tensor(0)
      var ax = try a.int(1)
      if ax < 0 { ax += t.rank + 1 }
      guard ax >= 0 && ax <= t.rank else {
        throw RuntimeError.value(
          "unsqueeze: axis \(try a.int(1)) is out of bounds for rank \(t.rank + 1)")
      }
      var shape = t.shape
      shape.insert(1, at: ax)
      return .tensor(t.reshaped(shape))
    },
    Builtin(
      "repeat",
      params: [.init("x", "tensor"), .init("n", "number"), .init("axis", "int", default: .null)],
      summary: "Each element repeated n times (flattened first when axis is nil), as NumPy.",
      example: "repeat([1, 2], 2)  # -> [1, 1, 2, 2]"
    ) { a in
      var t = try a.tensor(0)
      let n = try a.dimension(1)
      if a.isNil(2) { t = t.reshaped([t.count]) }
      let ax = try tensorCall { try t.axis(a.isNil(2) ? 0 : try a.int(2)) }
      var expanded = t.shape
      expanded.insert(1, at: ax + 1)
      var target = expanded
      target[ax + 1] = n
      var outShape = t.shape
      outShape[ax] = try product(outShape[ax], n, t.shape, "repeat")
      return .tensor(
        try tensorCall { try t.reshaped(expanded).broadcasted(to: target).reshaped(outShape) })
    },
    Builtin(
      "tile", params: [.init("x", "tensor"), .init("reps", "list")],
      summary: "x repeated reps[i] times along each axis, as NumPy's tile.",
      example: "tile([1, 2], [2])  # -> [1, 2, 1, 2]"
    ) { a in
      let t = try a.tensor(0)
      var reps = try Arguments.dims(a[1], "tile") ?? [try Arguments.dimension(a[1], "tile")]
      var shape = t.shape
      while shape.count < reps.count { shape.insert(1, at: 0) }
      while reps.count < shape.count { reps.insert(1, at: 0) }
      // Interleave a repeat axis before every axis, broadcast, then merge the pairs.
      let expanded = shape.flatMap { [1, $0] }
      let target = zip(reps, shape).flatMap { [$0, $1] }
      let outShape = try zip(reps, shape).map { try product($0, $1, t.shape, "tile") }
      return .tensor(
        try tensorCall { try t.reshaped(expanded).broadcasted(to: target).reshaped(outShape) })
    },
    Builtin(
      "astype", params: [.init("x", "tensor"), .init("dtype", "string")],
      summary: "The elements converted to dtype (f64, f32, i64, bool).",
      example: "astype([1.7, -1.7], \"i64\")  # -> tensor([ 1, -1], dtype=i64)"
    ) { a in
      guard let d = try a.dtype(1) else { throw a.fail(1, "a dtype name") }
      return .tensor(try a.tensor(0).astype(d))
    },
    Builtin(
      "matmul", params: [.init("a", "tensor"), .init("b", "tensor")],
      summary: "Matrix product (same as a @ b), through BLAS dgemm, batched over leading axes.",
      example: "matmul([[1, 2]], [[3], [4]])  # -> [[11]]"
    ) { a in
      let (x, y) = (try a.tensor(0), try a.tensor(1))
      return .tensor(try tensorCall { try Tensor.matmul(x, y) })
    },
  ]
}

extension TensorShapeOps {
  /// `a * b` as a result dimension; a MemoryError when it overflows.
  static func product(_ a: Int, _ b: Int, _ shape: [Int], _ name: String) throws -> Int {
    let (p, overflow) = a.multipliedReportingOverflow(by: b)
    guard !overflow else {
      throw RuntimeError(
        "MemoryError",
        "\(name): cannot allocate a tensor with a dimension of \(a) × \(b) (from shape "
          + "\(shapeText(shape)))")
    }
    return p
  }
}

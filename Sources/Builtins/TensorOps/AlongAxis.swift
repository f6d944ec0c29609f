// Gather and scatter builtins as NumPy 2 (issue 13): take_along_axis, put_along_axis, add_at.
// FSL has value semantics, so the two that write return a new tensor (`x = add_at(x, i, v)`),
// as `nn.step` returns new parameters. Kernels in Sources/Tensor/EverydayAlongAxis.swift.
import Interp
import Tensor

enum TensorAlongAxis {
  /// x and indices for an along-axis call: with `axis` nil, x is flattened and the indices must
  /// be 1-d (as NumPy).
  static func operands(_ a: Arguments, axisIndex: Int) throws -> (Tensor, Tensor, Int) {
    var x = try a.tensor(0)
    let idx = try a.tensor(1)
    if a.isNil(axisIndex) {
      guard idx.rank == 1 else {
        throw RuntimeError.value(
          "\(a.builtin.name): with axis nil, indices must be 1-d, got shape "
            + shapeText(idx.shape))
      }
      x = x.reshaped([x.count])
      return (x, idx, 0)
    }
    return (x, idx, try a.int(axisIndex))
  }

  /// A plain number as an operand for x: integral numbers stay i64 for i64 and bool tensors,
  /// f32 tensors take f32 (NumPy 2's weak Python scalars); tensors are as they are.
  static func weakOperand(_ v: Value, like x: Tensor) -> Tensor? {
    guard case .number(let d) = v else { return v.asTensorValue }
    switch x.dtype {
    case .f32: return Tensor(shape: [], f32: [Float(d)])
    case .i64, .bool:
      if d.rounded() == d && abs(d) < 9.2e18 { return Tensor(shape: [], i64: [Int64(d)]) }
      return Tensor(scalar: d)
    case .f64, .str: return Tensor(scalar: d)
    }
  }

  /// add_at's index argument: a tensor indexes axis 0; a list holds one index tensor per
  /// leading axis (NumPy's tuple, such as `nonzero(m)` gives); a bool tensor is a mask over the
  /// leading axes.
  static func indexTensors(_ v: Value, _ x: Tensor) throws -> [Tensor] {
    if case .list(let xs) = v {
      return try xs.map { item in
        guard let t = item.asTensorValue else {
          throw RuntimeError.type(
            "add_at: indices must be tensors of integers, got \(item.typeName)")
        }
        return t
      }
    }
    guard let t = v.asTensorValue else {
      throw RuntimeError.type(
        "add_at: indices must be a tensor of integers or a list of them, got \(v.typeName)")
    }
    guard t.dtype == .bool else { return [t] }
    guard t.rank > 0 else {
      throw RuntimeError.type("add_at: indices must be integers, got a bool")
    }
    guard t.rank <= x.rank, Array(x.shape.prefix(t.rank)) == t.shape else {
      throw RuntimeError.index(
        "add_at: boolean index did not match indexed tensor: index shape \(shapeText(t.shape)), "
          + "tensor shape \(shapeText(x.shape))")
    }
    return try tensorCall { try t.nonzeroIndices() }
  }

  static let builtins: [Builtin] = [
    Builtin(
      "take_along_axis",
      params: [
        .init("x", "tensor"), .init("indices", "tensor"),
        .init("axis", "int", default: .number(-1)),
      ],
      summary: "Picks x's elements along an axis at the positions in indices (as NumPy).",
      doc: "indices has as many axes as x; out[…, j, …] = x[…, indices[…, j, …], …] along "
        + "`axis`, the other axes broadcast. Typical with argsort/argmax results: "
        + "`take_along_axis(x, argsort(x, axis=1), 1)` sorts each row. Negative indices count "
        + "from the end; axis nil flattens x.",
      example: "take_along_axis([[10, 30, 20]], [[2, 0]], 1)  # -> [[20, 10]]"
    ) { a in
      let (x, idx, axis) = try operands(a, axisIndex: 2)
      return .tensor(try tensorCall { try Tensor.takeAlongAxis(x, idx, axis: axis) })
    },
    Builtin(
      "put_along_axis",
      params: [
        .init("x", "tensor"), .init("indices", "tensor"), .init("values", "tensor"),
        .init("axis", "int"),
      ],
      summary: "A copy of x with values written at the positions in indices along an axis.",
      doc: "The positions are those `take_along_axis(x, indices, axis)` reads; values broadcast "
        + "to that shape and take x's dtype. Unlike NumPy, x itself is not changed (FSL has "
        + "value semantics): write `x = put_along_axis(x, i, v, 1)`. When an index repeats, "
        + "the last value wins.",
      example: "put_along_axis([[1, 2, 3]], [[0, 2]], 0, 1)  # -> [[0, 2, 0]]"
    ) { a in
      let (x, idx, axis) = try operands(a, axisIndex: 3)
      guard let v = weakOperand(a[2], like: x) else { throw a.fail(2, "a tensor or a number") }
      let r = try tensorCall { try Tensor.putAlongAxis(x, idx, v, axis: axis) }
      return .tensor(r.reshaped(try a.tensor(0).shape))
    },
    Builtin(
      "add_at",
      params: [.init("x", "tensor"), .init("indices", "tensor|list"), .init("values", "tensor")],
      summary: "A copy of x with values added at indices; repeated indices add up (np.add.at).",
      doc: "indices is a tensor of integers (positions along axis 0), a list of such tensors (one "
        + "per leading axis, broadcast together, as `nonzero` returns), or a bool mask. values "
        + "broadcasts to the indexed shape. Unlike `x[i] = x[i] + v`, every occurrence of an "
        + "index counts. x is not changed (value semantics): write `x = add_at(x, i, v)`. "
        + "Values may not need a narrower kind than x (no floats into an i64 tensor).",
      example: "add_at(zeros(3), [0, 2, 0], 1)  # -> [2, 0, 1]"
    ) { a in
      let x = try a.tensor(0)
      let idx = try indexTensors(a[1], x)
      guard let v = weakOperand(a[2], like: x) else { throw a.fail(2, "a tensor or a number") }
      return .tensor(try tensorCall { try Tensor.addAt(x, idx, v) })
    },
  ]
}

// Gathers and scatters along an axis, as NumPy 2: take_along_axis, put_along_axis, and the
// unbuffered scatter-add `np.add.at` (repeated indices accumulate). FSL has value semantics, so
// put and add return a new tensor instead of writing into their argument (docs/tensors.md).

extension Tensor {
  /// The shape both along-axis functions index with: `indices`' length on `axis`, elsewhere
  /// the broadcast of x's and the indices' lengths (a ShapeError names both shapes).
  static func alongAxisShape(_ x: Tensor, _ indices: Tensor, _ axis: Int, _ name: String)
    throws -> [Int]
  {
    guard indices.rank == x.rank else {
      throw TensorError.value(
        "\(name): indices must have as many axes as x: shape \(shapeText(indices.shape)) vs "
          + "\(shapeText(x.shape))")
    }
    var out = indices.shape
    for d in 0..<x.rank where d != axis {
      let (a, b) = (x.shape[d], indices.shape[d])
      guard a == b || a == 1 || b == 1 else {
        throw TensorError.shape(
          "\(name): x of shape \(shapeText(x.shape)) and indices of shape "
            + "\(shapeText(indices.shape)) do not broadcast outside axis \(axis)")
      }
      out[d] = a == 1 ? b : a
    }
    return out
  }

  /// Indices checked against an axis of length `n` (negative ones count from the end).
  static func normalised(_ idx: [Int], _ n: Int, axis: Int) throws -> [Int] {
    var out = idx
    for i in 0..<out.count {
      let v = out[i] < 0 ? out[i] + n : out[i]
      guard v >= 0 && v < n else {
        throw TensorError.index("index \(idx[i]) is out of bounds for axis \(axis) with size \(n)")
      }
      out[i] = v
    }
    return out
  }

  /// Strides for reading `t` at positions of `shape` (0 where `t` has length 1 and `shape`
  /// does not), with the stride of `axis` set to 0 (the caller adds the index there).
  static func stridesExcept(_ t: Tensor, _ shape: [Int], _ axis: Int) -> [Int] {
    var s = Shape.broadcastStrides(t.shape, to: shape)
    if axis >= 0 { s[axis] = 0 }
    return s
  }

  /// `take_along_axis(x, indices, axis)`: out[…, j, …] = x[…, indices[…, j, …], …].
  public static func takeAlongAxis(_ x: Tensor, _ indices: Tensor, axis a: Int) throws -> Tensor {
    let axis = try x.axis(a)
    let shape = try alongAxisShape(x, indices, axis, "take_along_axis")
    let n = x.shape[axis]
    let idx = try normalised(try indices.integers("take_along_axis: indices"), n, axis: axis)
    let out = try Tensor(allocating: shape, dtype: x.dtype)
    let xs = stridesExcept(x, shape, axis)
    let istr = Shape.broadcastStrides(indices.shape, to: shape)
    let step = Shape.strides(x.shape)[axis]
    func gather<T>(_: T.Type) {
      let src = x.buffer.raw.assumingMemoryBound(to: T.self)
      let dst = out.buffer.raw.assumingMemoryBound(to: T.self)
      walkStrided(shape, [xs, istr]) { flat, o in dst[flat] = src[o[0] + idx[o[1]] * step] }
    }
    switch x.dtype.itemSize {
    case 8: gather(UInt64.self)
    case 4: gather(UInt32.self)
    default: gather(UInt8.self)
    }
    return out
  }

  /// `put_along_axis(x, indices, values, axis)`: a copy of x with x[…, indices[…, j, …], …]
  /// set from `values` (broadcast to the indexed shape, converted to x's dtype); when an index
  /// repeats, the last write wins, as in NumPy.
  public static func putAlongAxis(_ x: Tensor, _ indices: Tensor, _ values: Tensor, axis a: Int)
    throws -> Tensor
  {
    let axis = try x.axis(a)
    let shape = try alongAxisShape(x, indices, axis, "put_along_axis")
    let n = x.shape[axis]
    let idx = try normalised(try indices.integers("put_along_axis: indices"), n, axis: axis)
    guard (try? Shape.broadcast(values.shape, shape)) == shape else {
      throw TensorError.shape(
        "put_along_axis: values of shape \(shapeText(values.shape)) cannot be broadcast to the "
          + "indexed shape \(shapeText(shape))")
    }
    let vals = try values.astype(x.dtype).broadcasted(to: shape)
    var out = x
    out.ensureUniqueBuffer()
    let xs = stridesExcept(x, shape, axis)
    let istr = Shape.broadcastStrides(indices.shape, to: shape)
    let step = Shape.strides(x.shape)[axis]
    func scatter<T>(_: T.Type) {
      let src = vals.buffer.raw.assumingMemoryBound(to: T.self)
      let dst = out.buffer.raw.assumingMemoryBound(to: T.self)
      walkStrided(shape, [xs, istr]) { flat, o in dst[o[0] + idx[o[1]] * step] = src[flat] }
    }
    switch x.dtype.itemSize {
    case 8: scatter(UInt64.self)
    case 4: scatter(UInt32.self)
    default: scatter(UInt8.self)
    }
    return out
  }

  /// `add_at(x, indices, values)` as NumPy's `np.add.at`: a copy of x with each value added
  /// at its index, repeated indices accumulating. `indices` holds one index tensor per leading
  /// axis of x (broadcast together); `values` broadcasts to their shape followed by the
  /// remaining axes of x. Values must not need a narrower kind than x's (no floats into i64);
  /// bool tensors take a logical or.
  public static func addAt(_ x: Tensor, _ indices: [Tensor], _ values: Tensor) throws -> Tensor {
    guard x.dtype != .str else { throw TensorError.type("add_at: cannot add to a str tensor") }
    guard indices.count <= x.rank else {
      throw TensorError.index(
        "add_at: too many indices for a tensor of shape \(shapeText(x.shape)): "
          + "\(indices.count) were given")
    }
    let kind: (DType) -> Int = { d in d == .bool ? 0 : (d == .i64 ? 1 : 2) }
    guard kind(values.dtype) <= kind(x.dtype) else {
      throw TensorError.type(
        "add_at: cannot add \(values.dtype.rawValue) values into "
          + "\(x.dtype == .bool ? "a" : "an") \(x.dtype.rawValue) tensor")
    }
    var ishape: [Int] = []
    for t in indices {
      guard let s = try? Shape.broadcast(ishape, t.shape) else {
        throw TensorError.shape(
          "add_at: index tensors of shapes "
            + indices.map { shapeText($0.shape) }.joined(separator: ", ")
            + " do not broadcast together")
      }
      ishape = s
    }
    let k = indices.count
    let rest = Array(x.shape[k...])
    let inner = rest.reduce(1, *)
    // The broadcast index shape comes from user tensors: check its size before allocating.
    _ = try Shape.byteCount(ishape, .i64)
    let positions = ishape.reduce(1, *)
    let strides = Shape.strides(x.shape)
    // One flat offset per index position: Σ index_j · stride_j.
    var offsets = [Int](repeating: 0, count: positions)
    for (j, t) in indices.enumerated() {
      try addOffsets(
        t.broadcasted(to: ishape), &offsets, length: x.shape[j], stride: strides[j], axis: j)
    }
    let target = ishape + rest
    guard (try? Shape.broadcast(values.shape, target)) == target else {
      throw TensorError.shape(
        "add_at: values of shape \(shapeText(values.shape)) cannot be broadcast to the indexed "
          + "shape \(shapeText(target))")
    }
    // One value for every position is added without broadcasting it first.
    let vals =
      values.count == 1
      ? values.astype(x.dtype) : try values.astype(x.dtype).broadcasted(to: target)
    var out = x
    out.ensureUniqueBuffer()
    let (src, dst) = (vals.buffer.raw, out.buffer.raw)
    let single = vals.count == 1
    switch x.dtype {
    case .f64: accumulate(Double.self, dst, src, offsets, inner, single)
    case .f32: accumulate(Float.self, dst, src, offsets, inner, single)
    case .i64: accumulate(Int64.self, dst, src, offsets, inner, single)
    case .bool: accumulate(Bool.self, dst, src, offsets, inner, single)
    case .str: break  // refused above
    }
    return out
  }
}

/// An element type `add_at` accumulates: addition (wrapping for i64), logical or for bool.
protocol Accumulable {
  static func combine(_ a: Self, _ b: Self) -> Self
}

extension Double: Accumulable {
  @inline(__always) static func combine(_ a: Double, _ b: Double) -> Double { a + b }
}

extension Float: Accumulable {
  @inline(__always) static func combine(_ a: Float, _ b: Float) -> Float { a + b }
}

extension Int64: Accumulable {
  @inline(__always) static func combine(_ a: Int64, _ b: Int64) -> Int64 { a &+ b }
}

extension Bool: Accumulable {
  @inline(__always) static func combine(_ a: Bool, _ b: Bool) -> Bool { a || b }
}

/// dst[offsets[p] + r] ⊕= src[p · inner + r] in order (so repeated offsets accumulate), or
/// ⊕= src[0] everywhere when `single`.
@inline(__always)
func accumulate<T: Accumulable>(
  _: T.Type, _ dstRaw: UnsafeMutableRawPointer, _ srcRaw: UnsafeMutableRawPointer,
  _ offsets: [Int], _ inner: Int, _ single: Bool
) {
  let dst = dstRaw.assumingMemoryBound(to: T.self)
  let src = srcRaw.assumingMemoryBound(to: T.self)
  offsets.withUnsafeBufferPointer { offs in
    if single {
      let v = src[0]
      for o in offs { for r in 0..<inner { dst[o + r] = T.combine(dst[o + r], v) } }
    } else if inner == 1 {
      for p in 0..<offs.count { dst[offs[p]] = T.combine(dst[offs[p]], src[p]) }
    } else {
      for p in 0..<offs.count {
        let (o, s) = (offs[p], p * inner)
        for r in 0..<inner { dst[o + r] = T.combine(dst[o + r], src[s + r]) }
      }
    }
  }
}

extension Tensor {
  /// Adds index · `stride` to each offset, reading the indices of one axis (of `length`)
  /// straight from the buffer: i64, or integral floats; negative ones count from the end.
  static func addOffsets(
    _ t: Tensor, _ offsets: inout [Int], length n: Int, stride: Int, axis: Int
  ) throws {
    func bad(_ v: Int) -> TensorError {
      TensorError.index("index \(v) is out of bounds for axis \(axis) with size \(n)")
    }
    switch t.dtype {
    case .i64:
      try t.withElements(as: Int64.self) { p in
        for i in 0..<p.count {
          var v = Int(p[i])
          if v < 0 { v += n }
          guard v >= 0 && v < n else { throw bad(Int(p[i])) }
          offsets[i] += v * stride
        }
      }
    case .bool: throw TensorError.type("add_at: indices must be integers, got a bool tensor")
    case .str: throw TensorError.type("add_at: indices must be integers, got a str tensor")
    case .f64, .f32:
      try t.asF64.withElements(as: Double.self) { p in
        for i in 0..<p.count {
          let d = p[i]
          guard d.rounded() == d, abs(d) < 0x1p62 else {
            throw TensorError.type("add_at: indices must be integers, got \(numberText(d))")
          }
          var v = Int(d)
          if v < 0 { v += n }
          guard v >= 0 && v < n else { throw bad(Int(d)) }
          offsets[i] += v * stride
        }
      }
    }
  }
}

// Operations along one axis ("lanes"): concatenation, and mapping every 1-d lane along an axis
// (sort, cumsum, softmax, …) or reducing it to one value (logsumexp, norm).

extension Tensor {
  /// Normalises one axis (negative counts from the end).
  public func axis(_ a: Int) throws -> Int {
    let b = a < 0 ? a + rank : a
    guard b >= 0 && b < rank else {
      throw TensorError.value("axis \(a) is out of bounds for tensor of dimension \(rank)")
    }
    return b
  }

  /// Flat offsets of each lane's first element, and the stride between lane elements.
  func lanes(_ axis: Int) -> (starts: [Int], stride: Int) {
    let strides = Shape.strides(shape)
    let others = (0..<rank).filter { $0 != axis }
    return (
      Tensor.offsets(others.map { Array(0..<shape[$0]) }, others.map { strides[$0] }), strides[axis]
    )
  }

  /// Applies `f` to every lane along `axis`; `f` returns `outLength` values per lane (f64 result).
  public func mapLanes(axis: Int, outLength: Int? = nil, _ f: ([Double]) throws -> [Double])
    rethrows
    -> Tensor
  {
    let n = shape[axis]
    let m = outLength ?? n
    var outShape = shape
    outShape[axis] = m
    let (starts, step) = lanes(axis)
    let outStrides = Shape.strides(outShape)
    let others = (0..<rank).filter { $0 != axis }
    let outStarts = Tensor.offsets(
      others.map { Array(0..<shape[$0]) }, others.map { outStrides[$0] })
    let values = doubles
    var out = [Double](repeating: 0, count: outShape.reduce(1, *))
    for (s, o) in zip(starts, outStarts) {
      let lane = (0..<n).map { values[s + $0 * step] }
      let r = try f(lane)
      for (j, v) in r.enumerated() { out[o + j * outStrides[axis]] = v }
    }
    return Tensor(shape: outShape, f64: out)
  }

  /// Joins tensors along an existing axis (dtypes promote).
  public static func concat(_ parts: [Tensor], axis a: Int) throws -> Tensor {
    guard let first = parts.first else {
      throw TensorError.value("concat: need at least one tensor")
    }
    guard first.rank > 0 else {
      throw TensorError.value("concat: rank-0 tensors cannot be concatenated")
    }
    let axis = try first.axis(a)
    for p in parts
    where p.rank != first.rank
      || (0..<first.rank).contains(where: { $0 != axis && p.shape[$0] != first.shape[$0] })
    {
      throw TensorError.shape(
        "concat: all shapes must match except on axis \(axis): \(shapeText(first.shape)) vs "
          + shapeText(p.shape))
    }
    if parts.contains(where: { $0.dtype == .str }) && parts.contains(where: { $0.dtype != .str }) {
      throw TensorError.type("concat: cannot join str tensors with number tensors")
    }
    let dtype = parts.dropFirst().reduce(first.dtype) {
      $0 == $1.dtype ? $0 : DType.promote($0, $1.dtype)
    }
    var shape = first.shape
    shape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
    let out = try Tensor(allocating: shape, dtype: dtype)
    // Nothing to copy; `outer` may still be huge (two [1e12, 0] tensors joined on axis 1).
    if out.count == 0 { return out }
    let outer = first.shape[..<axis].reduce(1, *)
    let inner = first.shape[(axis + 1)...].reduce(1, *) * dtype.itemSize
    var dst = out.buffer.raw
    for o in 0..<outer {
      for p in parts {
        let block = p.shape[axis] * inner
        let src = p.astype(dtype)
        dst.copyMemory(from: src.buffer.raw + o * block, byteCount: block)
        dst += block
      }
    }
    return out
  }
}

extension Tensor {
  /// The tensor expanded to `target` by broadcasting (a copy).
  public func broadcasted(to target: [Int]) throws -> Tensor {
    let shape = try Shape.broadcast(self.shape, target)
    guard shape == target else {
      throw TensorError.shape(
        "cannot broadcast a tensor of shape \(shapeText(self.shape)) to \(shapeText(target))")
    }
    if self.shape == target { return self }
    // Allocate (and so size-check) first: the offsets below take 8 bytes per element, and an
    // empty target must not build its other axes' position lists (`repeat(zeros(0), 1e12)`).
    let out = try Tensor(allocating: target, dtype: dtype)
    if out.count == 0 { return out }
    let strides = Shape.broadcastStrides(self.shape, to: target)
    switch dtype.itemSize {
    case 8: Tensor.broadcastCopy(UInt64.self, buffer.raw, out.buffer.raw, target, strides)
    case 4: Tensor.broadcastCopy(UInt32.self, buffer.raw, out.buffer.raw, target, strides)
    case 2: Tensor.broadcastCopy(UInt16.self, buffer.raw, out.buffer.raw, target, strides)
    default: Tensor.broadcastCopy(UInt8.self, buffer.raw, out.buffer.raw, target, strides)
    }
    return out
  }

  /// Copies elements of type `T` from `source` (read with `strides`, 0 on broadcast axes) into
  /// the contiguous `target`-shaped `dest`: a row at a time, the outer axes advanced like an
  /// odometer, so no position list as long as the result is ever built (a 4-billion-element
  /// `repeat` of bools needs its 4 GB and nothing more).
  static func broadcastCopy<T>(
    _: T.Type, _ source: UnsafeMutableRawPointer, _ dest: UnsafeMutableRawPointer,
    _ target: [Int], _ strides: [Int]
  ) {
    let src = source.assumingMemoryBound(to: T.self)
    var dst = dest.assumingMemoryBound(to: T.self)
    let rank = target.count
    let inner = target[rank - 1]
    let step = strides[rank - 1]
    let rows = target.reduce(1, *) / inner
    var index = [Int](repeating: 0, count: rank)
    var base = 0
    for _ in 0..<rows {
      var s = base
      for j in 0..<inner {
        dst[j] = src[s]
        s += step
      }
      dst += inner
      var axis = rank - 2
      while axis >= 0 {
        index[axis] += 1
        base += strides[axis]
        if index[axis] < target[axis] { break }
        base -= strides[axis] * target[axis]
        index[axis] = 0
        axis -= 1
      }
    }
  }
}

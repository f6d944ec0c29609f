// Helpers under the everyday NumPy functions (docs/tensors.md, "Everyday functions"): axes
// moved last so each lane is contiguous, integer index tensors read without boxing, and a
// row-major walk over a shape with several stride vectors (gathers and scatters).

extension Tensor {
  /// The same elements with the axes permuted (`perm[i]` is the source axis of axis `i`), as a
  /// contiguous copy; a strided copy a row at a time, with no offset list.
  public func permutedCopy(_ perm: [Int]) -> Tensor {
    precondition(perm.count == rank, "internal: permutation of the wrong length")
    if perm == Array(0..<rank) { return self }
    let strides = Shape.strides(shape)
    let outShape = perm.map { shape[$0] }
    let out = Tensor(uninitializedShape: outShape, dtype: dtype)
    if out.count == 0 { return out }
    let s = perm.map { strides[$0] }
    switch dtype.itemSize {
    case 8: Tensor.broadcastCopy(UInt64.self, buffer.raw, out.buffer.raw, outShape, s)
    case 4: Tensor.broadcastCopy(UInt32.self, buffer.raw, out.buffer.raw, outShape, s)
    default: Tensor.broadcastCopy(UInt8.self, buffer.raw, out.buffer.raw, outShape, s)
    }
    return out
  }

  /// The elements with `axes` (normalised, sorted, distinct) moved last: a contiguous tensor
  /// whose rows ("lanes") are the elements each reduction sees, the shape of the kept axes,
  /// and the length of a lane. Copies only when the axes are not already the last ones.
  public func lanesLast(_ axes: [Int]) -> (data: Tensor, kept: [Int], length: Int) {
    let keptAxes = (0..<rank).filter { !axes.contains($0) }
    let kept = keptAxes.map { shape[$0] }
    let length = axes.reduce(1) { $0 * shape[$1] }
    let moved = axes == Array((rank - axes.count)..<rank) ? self : permutedCopy(keptAxes + axes)
    return (moved.reshaped(kept + [length]), kept, length)
  }

  /// The elements as integers for use as indices or counts: i64 as stored, floats when every
  /// element is integral (FSL's number literals are f64). A fractional, NaN or infinite
  /// element, or a bool tensor, is a TypeError naming `what` and the value.
  public func integers(_ what: String) throws -> [Int] {
    switch dtype {
    case .i64: return withElements(as: Int64.self) { $0.map { Int($0) } }
    case .bool: throw TensorError.type("\(what) must be integers, got a bool tensor")
    case .str: throw TensorError.type("\(what) must be integers, got a str tensor")
    case .f64, .f32:
      let xs = astype(.f64)
      return try xs.withElements(as: Double.self) { p in
        var out = [Int](repeating: 0, count: p.count)
        for i in 0..<p.count {
          let d = p[i]
          guard d.rounded() == d, abs(d) < 0x1p62 else {
            throw TensorError.type("\(what) must be integers, got \(Tensor.numberText(d))")
          }
          out[i] = Int(d)
        }
        return out
      }
    }
  }

  /// A number as messages print it: `3`, `2.5`, `nan`, `-inf`.
  public static func numberText(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d > 0 ? "inf" : "-inf" }
    if d.rounded() == d && abs(d) < 1e16 { return String(Int(d)) }
    return "\(d)"
  }

  /// The elements as f64 (a copy only when the dtype differs).
  public var asF64: Tensor { astype(.f64) }
}

/// A row-major walk over `shape` that keeps one flat offset per stride vector: `visit` gets
/// the offsets of each element in turn. The last axis runs in a tight loop; the others advance
/// like an odometer, so nothing as long as the shape is built.
@inline(__always)
func walkStrided(
  _ shape: [Int], _ strides: [[Int]], _ visit: (_ flat: Int, _ offsets: inout [Int]) throws -> Void
) rethrows {
  let count = shape.reduce(1, *)
  if count == 0 { return }
  let k = strides.count
  var offsets = [Int](repeating: 0, count: k)
  guard let last = shape.last else {
    try visit(0, &offsets)
    return
  }
  let rank = shape.count
  var index = [Int](repeating: 0, count: rank)
  var flat = 0
  var base = offsets
  while flat < count {
    offsets = base
    for _ in 0..<last {
      try visit(flat, &offsets)
      for j in 0..<k { offsets[j] += strides[j][rank - 1] }
      flat += 1
    }
    var axis = rank - 2
    while axis >= 0 {
      index[axis] += 1
      for j in 0..<k { base[j] += strides[j][axis] }
      if index[axis] < shape[axis] { break }
      for j in 0..<k { base[j] -= strides[j][axis] * shape[axis] }
      index[axis] = 0
      axis -= 1
    }
  }
}

// The broadcasting loop under every binary elementwise operation.
//
// Paths, fastest first: equal shapes (one flat loop), a one-element right or left operand (a
// constant), and the general case, which walks the output row by row with per-operand strides
// (0 along broadcast axes). The element function is a closure literal at each call site, so
// the optimiser specialises and inlines it into these loops. The output is allocated through
// the checked path: a broadcast result can be far larger than either operand.

@inline(__always)
func broadcastMap<A, B, R>(
  _ a: Tensor, _ b: Tensor, shape: [Int], dtype: DType, _ f: (A, B) -> R
) throws -> Tensor {
  var out = try Tensor(allocating: shape, dtype: dtype)
  let n = out.count
  if n == 0 { return out }
  a.withElements(as: A.self) { pa in
    b.withElements(as: B.self) { pb in
      out.withMutableElements(as: R.self) { po in
        if a.shape == shape && b.shape == shape {
          for i in 0..<n { po[i] = f(pa[i], pb[i]) }
        } else if b.count == 1 && a.count == n {
          let y = pb[0]
          for i in 0..<n { po[i] = f(pa[i], y) }
        } else if a.count == 1 && b.count == n {
          let x = pa[0]
          for i in 0..<n { po[i] = f(x, pb[i]) }
        } else {
          stridedMap(
            pa, pb, po, shape, Shape.broadcastStrides(a.shape, to: shape),
            Shape.broadcastStrides(b.shape, to: shape), f)
        }
      }
    }
  }
  return out
}

@inline(__always)
func stridedMap<A, B, R>(
  _ pa: UnsafeBufferPointer<A>, _ pb: UnsafeBufferPointer<B>, _ po: UnsafeMutableBufferPointer<R>,
  _ shape: [Int], _ sa: [Int], _ sb: [Int], _ f: (A, B) -> R
) {
  let rank = shape.count
  let inner = shape[rank - 1]
  let ia = sa[rank - 1]
  let ib = sb[rank - 1]
  var idx = [Int](repeating: 0, count: rank)
  var oa = 0
  var ob = 0
  var o = 0
  let rows = po.count / inner
  for _ in 0..<rows {
    for j in 0..<inner { po[o + j] = f(pa[oa + j * ia], pb[ob + j * ib]) }
    o += inner
    var d = rank - 2
    while d >= 0 {
      idx[d] += 1
      oa += sa[d]
      ob += sb[d]
      if idx[d] < shape[d] { break }
      oa -= sa[d] * shape[d]
      ob -= sb[d] * shape[d]
      idx[d] = 0
      d -= 1
    }
  }
}

/// Applies `f` to every element, keeping the shape.
@inline(__always)
func unaryMap<A, R>(_ a: Tensor, dtype: DType, _ f: (A) -> R) -> Tensor {
  var out = Tensor(uninitializedShape: a.shape, dtype: dtype)
  let n = a.count
  a.withElements(as: A.self) { pa in
    out.withMutableElements(as: R.self) { po in
      for i in 0..<n { po[i] = f(pa[i]) }
    }
  }
  return out
}

extension Tensor {
  /// `f` on every element of an f64 tensor, straight from buffer to buffer.
  public func mapF64(_ f: (Double) -> Double) -> Tensor {
    precondition(dtype == .f64, "internal: mapF64 on \(dtype)")
    return unaryMap(self, dtype: .f64) { (x: Double) in f(x) }
  }
}

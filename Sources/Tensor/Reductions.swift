// Reductions over all elements or chosen axes (`sum mean std var min max argmin argmax prod
// any all`), with `keepdims`. Sums are pairwise (NumPy's accuracy); NaN propagates through
// min/max as in NumPy.

/// A reduction.
public enum ReduceOp: String, Sendable {
  case sum, mean, prod, min, max, argmin, argmax, any, all, `var`, std
}

extension Tensor {
  /// Normalised, sorted, distinct axes (negative axes count from the end).
  public func axes(_ given: [Int]?) throws -> [Int] {
    guard let given = given else { return Array(0..<rank) }
    var out: [Int] = []
    for a in given {
      let b = a < 0 ? a + rank : a
      guard b >= 0 && b < rank else {
        throw TensorError.value("axis \(a) is out of bounds for tensor of dimension \(rank)")
      }
      guard !out.contains(b) else { throw TensorError.value("duplicate value in 'axis'") }
      out.append(b)
    }
    return out.sorted()
  }

  /// The dtype NumPy gives `op` over a tensor of `dtype`: sum/prod of bool are i64, min/max
  /// keep the dtype, mean/var/std are f64 except f32 stays f32.
  public static func reduceResultType(_ op: ReduceOp, _ dtype: DType) -> DType {
    switch op {
    case .argmin, .argmax: return .i64
    case .any, .all: return .bool
    case .sum, .prod: return dtype == .bool ? .i64 : dtype
    case .min, .max: return dtype
    case .mean, .var, .std: return dtype == .f32 ? .f32 : .f64
    }
  }

  /// Reduces over `axes` (all when nil). Integer and bool sums, products and extremes run in
  /// Int64 (wrapping as NumPy); floats accumulate in f64 and are rounded once to the result's
  /// dtype (`reduceResultType`).
  public func reduce(_ op: ReduceOp, axes given: [Int]? = nil, keepdims: Bool = false) throws
    -> Tensor
  {
    guard dtype != .str else {
      throw TensorError.type("\(op.rawValue): a str tensor holds strings, not numbers")
    }
    let axes = try self.axes(given)
    if (op == .argmin || op == .argmax) && given != nil && axes.count != 1 {
      throw TensorError.value("\(op.rawValue): axis must be a single integer")
    }
    let reducedSize = axes.reduce(1) { $0 * shape[$1] }
    if reducedSize == 0 && [.min, .max, .argmin, .argmax].contains(op) {
      throw TensorError.value(
        "zero-size tensor to reduction operation \(op.rawValue) which has no identity")
    }
    let kept = (0..<rank).filter { !axes.contains($0) }
    var outShape = kept.map { shape[$0] }
    if keepdims { outShape = (0..<rank).map { axes.contains($0) ? 1 : shape[$0] } }
    let resultType = Tensor.reduceResultType(op, dtype)
    if !dtype.isFloat, [.sum, .prod, .min, .max, .argmin, .argmax].contains(op) {
      return try integerReduce(op, axes: axes, outShape: outShape, resultType: resultType)
    }
    // count > 0: a [1e12, 0] tensor has nothing to add up, however long its reduced axis.
    if axes.count == 1, [.sum, .mean, .max, .min, .prod].contains(op), reducedSize > 0, count > 0 {
      return contiguousReduce(op, axis: axes[0], keepdims: keepdims).astype(resultType)
    }
    var out: [Double]
    if count == 0 {
      // No elements: every result is the reduction of an empty row (0 for sum, nan for mean),
      // or there are no results. Index lists along the other axes would be as long as those
      // axes, which may be huge (`zeros(0, 2^47)`); the result's size is checked instead.
      _ = try Shape.byteCount(outShape, .f64)
      out = [Double](repeating: Tensor.reduceRow(op, []), count: outShape.reduce(1, *))
    } else {
      let strides = Shape.strides(shape)
      let keptOffsets = Tensor.offsets(
        kept.map { Array(0..<shape[$0]) }, kept.map { strides[$0] })
      let redOffsets = Tensor.offsets(
        axes.map { Array(0..<shape[$0]) }, axes.map { strides[$0] })
      let values = doubles
      out = [Double](repeating: 0, count: keptOffsets.count)
      var scratch = [Double](repeating: 0, count: redOffsets.count)
      for (i, k) in keptOffsets.enumerated() {
        for (j, r) in redOffsets.enumerated() { scratch[j] = values[k + r] }
        out[i] = Tensor.reduceRow(op, scratch)
      }
    }
    switch op {
    case .argmin, .argmax: return Tensor(shape: outShape, i64: out.map { Int64($0) })
    case .any, .all: return Tensor(shape: outShape, bool: out.map { $0 != 0 })
    default: return Tensor(shape: outShape, f64: out).astype(resultType)
    }
  }

  static func reduceRow(_ op: ReduceOp, _ xs: [Double]) -> Double {
    let n = xs.count
    let sum = { xs.withUnsafeBufferPointer { Tensor.pairwise($0) } }
    switch op {
    case .sum: return sum()
    case .mean: return n == 0 ? .nan : sum() / Double(n)
    case .prod: return xs.reduce(1, *)
    case .min: return xs.contains { $0.isNaN } ? .nan : (xs.min() ?? .nan)
    case .max: return xs.contains { $0.isNaN } ? .nan : (xs.max() ?? .nan)
    case .argmin:
      if let i = xs.firstIndex(where: { $0.isNaN }) { return Double(i) }
      return Double(xs.indices.min { xs[$0] < xs[$1] } ?? 0)
    case .argmax:
      if let i = xs.firstIndex(where: { $0.isNaN }) { return Double(i) }
      return Double(xs.indices.max { xs[$0] < xs[$1] || (xs[$0] == xs[$1] && $0 > $1) } ?? 0)
    case .any: return xs.contains { $0 != 0 } ? 1 : 0
    case .all: return xs.allSatisfy { $0 != 0 } ? 1 : 0
    case .var, .std:
      guard n > 0 else { return .nan }
      let m = sum() / Double(n)
      let dev = xs.map { ($0 - m) * ($0 - m) }
      let v = dev.withUnsafeBufferPointer { Tensor.pairwise($0) } / Double(n)
      return op == .std ? v.squareRoot() : v
    }
  }

  /// Pairwise summation: error grows with log n rather than n.
  public static func pairwise(_ p: UnsafeBufferPointer<Double>) -> Double {
    if p.count <= 128 {
      var s = 0.0
      for x in p { s += x }
      return s
    }
    let half = p.count / 2
    return pairwise(UnsafeBufferPointer(rebasing: p[..<half]))
      + pairwise(UnsafeBufferPointer(rebasing: p[half...]))
  }

  /// NumPy's own pairwise sum, bit for bit (`pairwise_sum` in its umath loops: below 8
  /// values a plain loop, up to 128 eight accumulators combined as ((0+1)+(2+3))+((4+5)+(6+7)),
  /// beyond that the halves split at a multiple of 8). For results that must equal a NumPy
  /// reference exactly, such as `p / p.sum()` in NIID-Bench or scikit-learn's silhouette mean.
  public static func numpyPairwiseSum(_ a: ArraySlice<Double>) -> Double {
    let n = a.count
    let s = a.startIndex
    if n < 8 { return a.reduce(0, +) }
    if n <= 128 {
      var r = (0..<8).map { a[s + $0] }
      var i = 8
      while i + 8 <= n {
        for j in 0..<8 { r[j] += a[s + i + j] }
        i += 8
      }
      var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
      while i < n {
        res += a[s + i]
        i += 1
      }
      return res
    }
    var half = n / 2
    half -= half % 8
    return numpyPairwiseSum(a[s..<(s + half)]) + numpyPairwiseSum(a[(s + half)...])
  }

  /// The same elements with axes permuted (`axes` nil reverses them, as `x.T`).
  public func transposed(_ given: [Int]? = nil) throws -> Tensor {
    let perm = given ?? Array((0..<rank).reversed())
    guard perm.count == rank, Set(perm.map { $0 < 0 ? $0 + rank : $0 }) == Set(0..<rank) else {
      throw TensorError.value("axes don't match tensor: \(shapeText(perm)) for rank \(rank)")
    }
    let p = perm.map { $0 < 0 ? $0 + rank : $0 }
    let strides = Shape.strides(shape)
    let offs = Tensor.offsets(p.map { Array(0..<shape[$0]) }, p.map { strides[$0] })
    let out = Tensor(uninitializedShape: p.map { shape[$0] }, dtype: dtype)
    let size = dtype.itemSize
    for (i, o) in offs.enumerated() {
      (out.buffer.raw + i * size).copyMemory(from: buffer.raw + o * size, byteCount: size)
    }
    return out
  }
}

extension Tensor {
  /// One-axis sum/mean/max/min/prod of a float tensor straight on the buffer (an f64 result), viewing the tensor as
  /// outer × n × inner: the last axis reduces each contiguous row (sums pairwise); other axes
  /// accumulate whole rows of `inner` elements, a loop the compiler vectorises.
  func contiguousReduce(_ op: ReduceOp, axis: Int, keepdims: Bool) -> Tensor {
    let n = shape[axis]
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    let src = astype(.f64)
    var out = Tensor(
      uninitializedShape: Array(shape[..<axis]) + Array(shape[(axis + 1)...]), dtype: .f64)
    src.withElements(as: Double.self) { x in
      out.withMutableElements(as: Double.self) { o in
        for b in 0..<outer {
          let base = b * n * inner
          let ob = b * inner
          if inner == 1 {
            let row = UnsafeBufferPointer(rebasing: x[base..<(base + n)])
            o[ob] =
              op == .sum || op == .mean ? Tensor.pairwise(row) : Tensor.reduceRow(op, Array(row))
            continue
          }
          for i in 0..<inner { o[ob + i] = x[base + i] }
          for k in 1..<max(n, 1) {
            let r = base + k * inner
            switch op {
            case .sum, .mean: for i in 0..<inner { o[ob + i] += x[r + i] }
            case .prod: for i in 0..<inner { o[ob + i] *= x[r + i] }
            case .max:
              for i in 0..<inner where !(o[ob + i] >= x[r + i]) && !o[ob + i].isNaN {
                o[ob + i] = x[r + i]
              }
            default:
              for i in 0..<inner where !(o[ob + i] <= x[r + i]) && !o[ob + i].isNaN {
                o[ob + i] = x[r + i]
              }
            }
          }
        }
        if op == .mean { for i in 0..<o.count { o[i] /= Double(n) } }
      }
    }
    var outShape = out.shape
    if keepdims { outShape.insert(1, at: axis) }
    return out.reshaped(outShape)
  }
}

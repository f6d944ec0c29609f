// Integer reductions and running sums/products: i64 and bool tensors reduce in Int64 with
// wrapping arithmetic (NumPy's), so sums above 2^53 are exact; floats run in their own dtype.

extension Tensor {
  /// sum/prod/min/max/argmin/argmax of an i64 or bool tensor over `axes`, in Int64. The kept
  /// axes are moved first (a copy unless they already are), so each result reduces one
  /// contiguous run.
  func integerReduce(_ op: ReduceOp, axes: [Int], outShape: [Int], resultType: DType) throws
    -> Tensor
  {
    _ = try Shape.byteCount(outShape, .i64)
    let outCount = outShape.reduce(1, *)
    let run = axes.reduce(1) { $0 * shape[$1] }
    var out = [Int64](repeating: op == .prod ? 1 : 0, count: outCount)
    if count > 0, axes.count == 1 {
      contiguousIntegerReduce(op, axis: axes[0], into: &out)
    } else if count > 0 {
      let kept = (0..<rank).filter { !axes.contains($0) }
      let perm = kept + axes
      let src = try (perm == Array(0..<rank) ? self : transposed(perm)).astype(.i64)
      src.withElements(as: Int64.self) { x in
        for i in 0..<outCount {
          out[i] = Tensor.reduceRun(
            op, UnsafeBufferPointer(rebasing: x[(i * run)..<(i * run + run)]))
        }
      }
    }
    let r = Tensor(shape: outShape, i64: out)
    return resultType == .bool ? r.astype(.bool) : r
  }

  /// One-axis integer reduction viewing the tensor as outer × n × inner: rows of `inner`
  /// elements combine elementwise (a loop the compiler vectorises), or a contiguous run when
  /// the axis is the last.
  func contiguousIntegerReduce(_ op: ReduceOp, axis: Int, into out: inout [Int64]) {
    let n = shape[axis]
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    let src = astype(.i64)
    src.withElements(as: Int64.self) { x in
      out.withUnsafeMutableBufferPointer { o in
        for b in 0..<outer {
          let base = b * n * inner
          let ob = b * inner
          if inner == 1 || op == .argmin || op == .argmax {
            if inner == 1 {
              o[ob] = Tensor.reduceRun(op, UnsafeBufferPointer(rebasing: x[base..<(base + n)]))
              continue
            }
            for i in 0..<inner {
              var best = x[base + i]
              var at: Int64 = 0
              for k in 1..<n {
                let v = x[base + k * inner + i]
                if op == .argmin ? v < best : v > best { (best, at) = (v, Int64(k)) }
              }
              o[ob + i] = at
            }
            continue
          }
          for i in 0..<inner { o[ob + i] = x[base + i] }
          for k in 1..<n {
            let r = base + k * inner
            switch op {
            case .sum: for i in 0..<inner { o[ob + i] &+= x[r + i] }
            case .prod: for i in 0..<inner { o[ob + i] &*= x[r + i] }
            case .max: for i in 0..<inner { o[ob + i] = Swift.max(o[ob + i], x[r + i]) }
            default: for i in 0..<inner { o[ob + i] = Swift.min(o[ob + i], x[r + i]) }
            }
          }
        }
      }
    }
  }

  static func reduceRun(_ op: ReduceOp, _ x: UnsafeBufferPointer<Int64>) -> Int64 {
    switch op {
    case .sum:
      var s: Int64 = 0
      for v in x { s &+= v }
      return s
    case .prod:
      var p: Int64 = 1
      for v in x { p &*= v }
      return p
    case .min: return x.min() ?? 0
    case .max: return x.max() ?? 0
    case .argmin: return Int64(x.indices.min { x[$0] < x[$1] } ?? 0)
    case .argmax: return Int64(x.indices.max { x[$0] < x[$1] || (x[$0] == x[$1] && $0 > $1) } ?? 0)
    default: preconditionFailure("internal: integerReduce of \(op.rawValue)")
    }
  }

  /// Running sums (`op == .sum`) or products (`.prod`) along `axis`, as NumPy's `cumsum` and
  /// `cumprod`: bool gives i64, every other dtype keeps its own and accumulates in it.
  public func cumulative(_ op: ReduceOp, axis a: Int) throws -> Tensor {
    let axis = try self.axis(a)
    var out = astype(dtype == .bool ? .i64 : dtype)
    out.ensureUniqueBuffer()
    let n = shape[axis]
    guard n > 1, count > 0 else { return out }
    let (starts, step) = lanes(axis)
    func scan<T>(_: T.Type, _ combine: (T, T) -> T) {
      out.withMutableElements(as: T.self) { x in
        for s in starts {
          var acc = x[s]
          for k in 1..<n {
            acc = combine(acc, x[s + k * step])
            x[s + k * step] = acc
          }
        }
      }
    }
    let sum = op == .sum
    switch out.dtype {
    case .f64: scan(Double.self, sum ? (+) : (*))
    case .f32: scan(Float.self, sum ? (+) : (*))
    case .i64: scan(Int64.self, sum ? (&+) : (&*))
    case .bool, .str: preconditionFailure("internal: cumulative over \(out.dtype.rawValue)")
    }
    return out
  }
}

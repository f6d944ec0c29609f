// Reductions that skip NaN (nansum nanmean nanmax nanmin nanstd) and quantiles with NumPy's
// default "linear" method, over all or the given axes. The reduced axes are moved last
// (`lanesLast`) so each lane is contiguous; sums are pairwise. NumPy 2's results on all-NaN
// lanes: nansum 0, the others NaN (NumPy also warns); an empty lane is a ValueError for
// nanmax/nanmin (no identity) and for quantiles.

/// A reduction that ignores NaN.
public enum NanReduceOp: String, Sendable {
  case nansum, nanmean, nanmax, nanmin, nanstd
}

extension Tensor {
  /// The NaN-ignoring reduction `op` over `axes` (all when nil). Dtypes as NumPy: nansum keeps
  /// i64 (bool counts as i64), nanmax/nanmin keep the dtype, nanmean/nanstd give f64; f32
  /// stays f32 (computed in f64).
  public func nanReduce(_ op: NanReduceOp, axes given: [Int]?, keepdims: Bool) throws -> Tensor {
    let axes = try self.axes(given)
    let (data, kept, m) = lanesLast(axes)
    let outShape = keepdims ? (0..<rank).map { axes.contains($0) ? 1 : shape[$0] } : kept
    if m == 0 && (op == .nanmax || op == .nanmin) {
      throw TensorError.value(
        "\(op.rawValue): zero-size tensor (shape \(shapeText(shape))) has no "
          + "\(op == .nanmax ? "maximum" : "minimum")")
    }
    let lanes = kept.reduce(1, *)
    switch (dtype, op) {
    case (.i64, .nansum), (.bool, .nansum), (.i64, .nanmax), (.i64, .nanmin):
      let src = data.astype(.i64)
      var out = Tensor(uninitializedShape: outShape, dtype: .i64)
      out.withMutableElements(as: Int64.self) { o in
        src.withElements(as: Int64.self) { p in
          for l in 0..<lanes {
            let lane = p[(l * m)..<(l * m + m)]
            switch op {
            case .nanmax: o[l] = lane.max() ?? 0
            case .nanmin: o[l] = lane.min() ?? 0
            default: o[l] = lane.reduce(0, &+)
            }
          }
        }
      }
      return out
    case (.bool, .nanmax), (.bool, .nanmin):
      var out = Tensor(uninitializedShape: outShape, dtype: .bool)
      out.withMutableElements(as: Bool.self) { o in
        data.withElements(as: Bool.self) { p in
          for l in 0..<lanes {
            let lane = p[(l * m)..<(l * m + m)]
            o[l] = op == .nanmax ? lane.contains(true) : !lane.contains(false)
          }
        }
      }
      return out
    default: break
    }
    var out = Tensor(uninitializedShape: outShape, dtype: .f64)
    out.withMutableElements(as: Double.self) { o in
      data.asF64.withElements(as: Double.self) { p in
        for l in 0..<lanes {
          o[l] = Tensor.nanLane(op, UnsafeBufferPointer(rebasing: p[(l * m)..<(l * m + m)]))
        }
      }
    }
    return dtype == .f32 ? out.astype(.f32) : out
  }

  static func nanLane(_ op: NanReduceOp, _ p: UnsafeBufferPointer<Double>) -> Double {
    switch op {
    case .nansum: return nanPairwise(p) { $0 }
    case .nanmax, .nanmin:
      var best = Double.nan
      for v in p where !v.isNaN {
        if best.isNaN || (op == .nanmax ? v > best : v < best) { best = v }
      }
      return best
    case .nanmean, .nanstd:
      var n = 0
      for v in p where !v.isNaN { n += 1 }
      let mean = nanPairwise(p) { $0 } / Double(n)
      if op == .nanmean { return mean }
      let dev = nanPairwise(p) { ($0 - mean) * ($0 - mean) }
      return (dev / Double(n)).squareRoot()
    }
  }

  /// Pairwise sum of f(x) over the elements that are not NaN.
  static func nanPairwise(_ p: UnsafeBufferPointer<Double>, _ f: (Double) -> Double) -> Double {
    if p.count <= 128 {
      var s = 0.0
      for x in p where !x.isNaN { s += f(x) }
      return s
    }
    let half = p.count / 2
    return nanPairwise(UnsafeBufferPointer(rebasing: p[..<half]), f)
      + nanPairwise(UnsafeBufferPointer(rebasing: p[half...]), f)
  }

  /// Quantiles `q` (each in [0, 1]) over `axes` (all when nil) with NumPy's "linear" method:
  /// the sorted lane at the virtual index (n - 1)·q, interpolated as NumPy's `_lerp` does. The
  /// result has q's shape followed by the kept axes; a lane holding NaN gives NaN. The result
  /// is f64, or f32 when `f32` (NumPy: f32 data with a Python-scalar or f32 q); bool data is a
  /// TypeError (as NumPy). `name` prefixes messages.
  public func quantiles(_ q: [Double], qShape: [Int], axes given: [Int]?, f32: Bool, name: String)
    throws -> Tensor
  {
    guard dtype != .bool else {
      throw TensorError.type("\(name): x must be numeric, got a bool tensor")
    }
    let axes = try self.axes(given)
    let (data, kept, m) = lanesLast(axes)
    let lanes = kept.reduce(1, *)
    if m == 0 && lanes > 0 {
      throw TensorError.value(
        "\(name): cannot take a quantile of an empty lane (x has shape \(shapeText(shape)))")
    }
    var out = try Tensor(allocating: qShape + kept, dtype: .f64)
    var scratch = [Double](repeating: 0, count: m)
    // The sorted positions the quantiles read; a few are found by selection in O(m) each
    // (as NumPy partitions), many by sorting the lane.
    let needed = Set(
      q.flatMap { qk -> [Int] in
        let v = Double(m - 1) * qk
        return v >= Double(m - 1) ? [m - 1] : [Int(v), Int(v) + 1]
      }
    ).sorted()
    let selecting = needed.count <= 8 && m > 64
    out.withMutableElements(as: Double.self) { o in
      data.asF64.withElements(as: Double.self) { p in
        for l in 0..<lanes {
          var hasNaN = false
          for j in 0..<m {
            scratch[j] = p[l * m + j]
            hasNaN = hasNaN || scratch[j].isNaN
          }
          if !hasNaN {
            if selecting { Tensor.select(&scratch, needed) } else { scratch.sort() }
          }
          for (k, qk) in q.enumerated() {
            o[k * lanes + l] =
              hasNaN ? .nan : Tensor.linearQuantile(scratch, qk, f32Data: dtype == .f32)
          }
        }
      }
    }
    return f32 ? out.astype(.f32) : out
  }

  /// Moves the elements that belong at `positions` (ascending) in sorted order there, with
  /// smaller elements before each and larger after: quickselect (median-of-three pivots), each
  /// search starting past the previous position; a range that will not shrink is sorted.
  static func select(_ a: inout [Double], _ positions: [Int]) {
    var start = 0
    for k in positions where k >= start && k < a.count {
      var (lo, hi) = (start, a.count - 1)
      var budget = 2 * (Int.bitWidth - a.count.leadingZeroBitCount) + 8
      while hi > lo {
        if budget == 0 {
          a[lo...hi].sort()
          break
        }
        budget -= 1
        let mid = lo + (hi - lo) / 2
        let (x, y, z) = (a[lo], a[mid], a[hi])
        let pivot = Swift.max(Swift.min(x, y), Swift.min(Swift.max(x, y), z))
        var (i, j) = (lo, hi)
        while i <= j {
          while a[i] < pivot { i += 1 }
          while a[j] > pivot { j -= 1 }
          if i <= j {
            a.swapAt(i, j)
            i += 1
            j -= 1
          }
        }
        if k <= j {
          hi = j
        } else if k >= i {
          lo = i
        } else {
          break
        }
      }
      start = k + 1
    }
  }

  /// NumPy's linear quantile of a sorted (at the positions it reads), NaN-free array, step by step (`_get_indexes`,
  /// `_get_gamma`, `_lerp`), so infinities give the same NaNs NumPy gives. For f32 data the
  /// difference of the neighbours is an f32 subtraction, as in NumPy.
  static func linearQuantile(_ a: [Double], _ q: Double, f32Data: Bool = false) -> Double {
    let n = a.count
    let virtual = Double(n - 1) * q
    var previous = virtual.rounded(.down)
    var next = previous + 1
    if virtual >= Double(n - 1) {
      (previous, next) = (-1, -1)
    } else if virtual < 0 {
      (previous, next) = (0, 0)
    }
    let gamma = virtual - previous
    let lo = a[previous < 0 ? n - 1 : Int(previous)]
    let hi = a[next < 0 ? n - 1 : Int(next)]
    let diff = f32Data ? Double(Float(hi) - Float(lo)) : hi - lo
    return gamma >= 0.5 ? hi - diff * (1 - gamma) : lo + diff * gamma
  }
}

// Counting and searching, as NumPy 2: bincount, histogram (equal-width bins with NumPy's edge
// corrections, or given edges; the last bin is closed), searchsorted (NaN sorts last), isin
// and nonzero. Every kernel reads the buffer directly: O(n) or O(n log n), no boxing.

extension Tensor {
  /// `bincount`: how often each value 0, 1, … occurs in a 1-d tensor of non-negative integers
  /// (i64), or the sum of `weights` per value (f64), at least `minlength` long.
  public static func bincount(_ x: Tensor, weights: Tensor?, minlength: Int) throws -> Tensor {
    guard x.rank == 1 else {
      throw TensorError.value("bincount: x must be 1-d, got shape \(shapeText(x.shape))")
    }
    if let w = weights, w.shape != x.shape {
      throw TensorError.shape(
        "bincount: weights must have the shape of x: \(shapeText(w.shape)) vs \(shapeText(x.shape))"
      )
    }
    // NumPy returns i64 zeros for an empty x, even with weights.
    if x.count == 0 {
      var out = try Tensor(allocating: [minlength], dtype: .i64)
      out.withMutableElements(as: Int64.self) { $0.initialize(repeating: 0) }
      return out
    }
    let idx = try (x.dtype == .bool ? x.astype(.i64) : x).integers("bincount: x")
    var top = -1
    for (i, v) in idx.enumerated() {
      guard v >= 0 else {
        throw TensorError.value(
          "bincount: x must have no negative elements, got \(v) at index \(i)")
      }
      top = max(top, v)
    }
    let (length, overflow) = top.addingReportingOverflow(1)
    let n = overflow ? Int.max : max(length, minlength)
    guard let w = weights else {
      var out = try Tensor(allocating: [n], dtype: .i64)
      out.withMutableElements(as: Int64.self) { o in
        o.initialize(repeating: 0)
        for v in idx { o[v] &+= 1 }
      }
      return out
    }
    var out = try Tensor(allocating: [n], dtype: .f64)
    let wd = w.asF64
    out.withMutableElements(as: Double.self) { o in
      o.initialize(repeating: 0)
      wd.withElements(as: Double.self) { p in for (i, v) in idx.enumerated() { o[v] += p[i] } }
    }
    return out
  }

  /// `histogram` with `bins` equal-width bins over `range` (the data's min and max when nil):
  /// counts (i64, or f64 densities) and the bins+1 edges (f32 for f32 data, else f64).
  public static func histogram(_ x: Tensor, bins: Int, range: (Double, Double)?, density: Bool)
    throws -> (counts: Tensor, edges: Tensor)
  {
    guard bins > 0 else {
      throw TensorError.value("histogram: bins must be positive, got \(bins)")
    }
    let data = x.asF64
    var (lo, hi): (Double, Double)
    if let (a, b) = range {
      guard !(a > b) else {
        throw TensorError.value(
          "histogram: range must be [lo, hi] with lo ≤ hi, got [\(numberText(a)), \(numberText(b))]"
        )
      }
      (lo, hi) = (a, b)
    } else if data.count == 0 {
      (lo, hi) = (0, 1)
    } else {
      (lo, hi) = data.withElements(as: Double.self) { p in
        var (mn, mx) = (p[0], p[0])
        for v in p {
          if v.isNaN { return (v, v) }
          mn = Swift.min(mn, v)
          mx = Swift.max(mx, v)
        }
        return (mn, mx)
      }
    }
    guard lo.isFinite && hi.isFinite else {
      throw TensorError.value(
        "histogram: \(range == nil ? "autodetected" : "supplied") range of "
          + "[\(numberText(lo)), \(numberText(hi))] is not finite")
    }
    if lo == hi { (lo, hi) = (lo - 0.5, hi + 0.5) }
    // np.linspace(lo, hi, bins + 1): i * step + lo, the last edge exactly hi.
    let (edgeCount, o) = bins.addingReportingOverflow(1)
    if o { throw TensorError.memory("histogram: cannot make \(bins) bins") }
    var edges = try Tensor(allocating: [edgeCount], dtype: .f64)
    let counts = try Tensor(allocating: [bins], dtype: .i64)
    let delta = hi - lo
    let step = delta / Double(bins)
    edges.withMutableElements(as: Double.self) { e in
      for i in 0..<bins {
        e[i] = step == 0 ? Double(i) / Double(bins) * delta + lo : Double(i) * step + lo
      }
      e[bins] = hi
    }
    if x.dtype == .f32 { edges = edges.astype(.f32).asF64 }
    // As NumPy: bins narrower than the numbers can tell apart, or a width that overflows.
    let increasing = edges.withElements(as: Double.self) { e in
      (0..<bins).allSatisfy { e[$0] < e[$0 + 1] && e[$0].isFinite }
    }
    guard increasing else {
      throw TensorError.value(
        "histogram: too many bins for the data range: cannot create \(bins) finite-sized bins "
          + "in [\(numberText(lo)), \(numberText(hi))]")
    }
    var n = counts
    n.withMutableElements(as: Int64.self) { c in
      c.initialize(repeating: 0)
      edges.withElements(as: Double.self) { e in
        data.withElements(as: Double.self) { p in
          for v in p where v >= lo && v <= hi {
            // NumPy's index estimate, then its corrections against the actual edges.
            // (An estimate that is not a number, from an infinite width, starts at bin 0.)
            let f = (v - lo) / delta * Double(bins)
            var i = f >= 0 ? Int(Swift.min(f, Double(bins))) : 0
            if i == bins { i -= 1 }
            if v < e[i] { i -= 1 }
            if i != bins - 1 && v >= e[i + 1] { i += 1 }
            c[Swift.min(Swift.max(i, 0), bins - 1)] += 1
          }
        }
      }
    }
    let outEdges = x.dtype == .f32 ? edges.astype(.f32) : edges
    return (density ? densities(n, outEdges) : n, outEdges)
  }

  /// `histogram` over given edges (1-d, non-decreasing): bin i holds e[i] ≤ v < e[i+1], the
  /// last bin also v == e[last]; NaN and values outside are not counted. Edges keep their dtype.
  public static func histogram(_ x: Tensor, edges: Tensor, density: Bool) throws -> (
    counts: Tensor, edges: Tensor
  ) {
    guard edges.rank == 1 else {
      throw TensorError.value(
        "histogram: bins must be 1-d when a list of edges, got shape \(shapeText(edges.shape))")
    }
    let e = edges.doubles
    for i in e.indices.dropLast() where e[i] > e[i + 1] {
      throw TensorError.value(
        "histogram: bins must increase monotonically, got \(numberText(e[i])) before "
          + "\(numberText(e[i + 1])) at index \(i)")
    }
    let bins = Swift.max(e.count - 1, 0)
    var n = Tensor(uninitializedShape: [bins], dtype: .i64)
    n.withMutableElements(as: Int64.self) { c in
      c.initialize(repeating: 0)
      guard bins > 0, let first = e.first, let last = e.last else { return }
      x.asF64.withElements(as: Double.self) { p in
        for v in p where v >= first && v <= last {
          // The last edge ≤ v (duplicates: the last of them); v == last goes in the last bin.
          var i = upperBound(e, v) - 1
          if i == bins { i -= 1 }
          c[i] += 1
        }
      }
    }
    return (density ? densities(n, edges) : n, edges)
  }

  /// NumPy's `n / diff(edges) / n.sum()` (f64; widths in the edges' dtype).
  static func densities(_ n: Tensor, _ edges: Tensor) -> Tensor {
    let c = n.doubles
    let total = c.reduce(0, +)
    let widths: [Double]
    switch edges.dtype {
    case .f32:
      let e = edges.withElements(as: Float.self) { Array($0) }
      widths = c.indices.map { Double(e[$0 + 1] - e[$0]) }
    case .i64:
      let e = edges.withElements(as: Int64.self) { Array($0) }
      widths = c.indices.map { Double(e[$0 + 1] &- e[$0]) }
    default:
      let e = edges.doubles
      widths = c.indices.map { e[$0 + 1] - e[$0] }
    }
    return Tensor(shape: n.shape, f64: c.indices.map { c[$0] / widths[$0] / total })
  }

  /// The first index whose element is greater than `v` in a sorted array (NaN sorts last).
  static func upperBound(_ a: [Double], _ v: Double) -> Int {
    var (lo, hi) = (0, a.count)
    while lo < hi {
      let mid = (lo + hi) / 2
      if sortsBefore(v, a[mid]) { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }

  /// NumPy's sort order for floats: NaN after everything, and equal to itself.
  @inline(__always)
  static func sortsBefore(_ p: Double, _ q: Double) -> Bool {
    p < q || (q.isNaN && !p.isNaN)
  }

  /// `searchsorted`: for each element of `v`, the index where it would be inserted in the
  /// sorted 1-d `a` to keep it sorted: before equal elements (`right` false) or after them.
  public static func searchsorted(_ a: Tensor, _ v: Tensor, right: Bool) throws -> Tensor {
    guard a.rank == 1 else {
      throw TensorError.value("searchsorted: a must be 1-d, got shape \(shapeText(a.shape))")
    }
    var out = Tensor(uninitializedShape: v.shape, dtype: .i64)
    let n = a.count
    if a.dtype == .i64 && v.dtype == .i64 {
      let keys = a.withElements(as: Int64.self) { Array($0) }
      out.withMutableElements(as: Int64.self) { o in
        v.withElements(as: Int64.self) { p in
          for j in 0..<p.count {
            let x = p[j]
            var (lo, hi) = (0, n)
            while lo < hi {
              let mid = (lo + hi) / 2
              if right ? x < keys[mid] : !(keys[mid] < x) { hi = mid } else { lo = mid + 1 }
            }
            o[j] = Int64(lo)
          }
        }
      }
      return out
    }
    let keys = a.doubles
    out.withMutableElements(as: Int64.self) { o in
      v.asF64.withElements(as: Double.self) { p in
        for j in 0..<p.count {
          let x = p[j]
          var (lo, hi) = (0, n)
          while lo < hi {
            let mid = (lo + hi) / 2
            let goLeft = right ? sortsBefore(x, keys[mid]) : !sortsBefore(keys[mid], x)
            if goLeft { hi = mid } else { lo = mid + 1 }
          }
          o[j] = Int64(lo)
        }
      }
    }
    return out
  }

  /// `isin`: true where an element of `x` equals some element of `values` (NaN never does).
  /// i64 with i64 compares exactly (a lookup table when the values span a small range), other
  /// dtypes as f64, as NumPy; the values go into a hash set, so this is O(n + m).
  public static func isin(_ x: Tensor, _ values: Tensor) -> Tensor {
    var out = Tensor(uninitializedShape: x.shape, dtype: .bool)
    if x.dtype == .i64 && values.dtype == .i64 {
      let keys = values.withElements(as: Int64.self) { Array($0) }
      out.withMutableElements(as: Bool.self) { o in
        x.withElements(as: Int64.self) { p in
          if let lo = keys.min(), let hi = keys.max(),
            case (let span, let o1) = hi.subtractingReportingOverflow(lo), !o1,
            span < Swift.max(1 << 16, 4 * (p.count + keys.count))
          {
            var table = [Bool](repeating: false, count: Int(span) + 1)
            for k in keys { table[Int(k - lo)] = true }
            for j in 0..<p.count { o[j] = p[j] >= lo && p[j] <= hi && table[Int(p[j] - lo)] }
          } else {
            let set = KeySet(keys.map { UInt64(bitPattern: $0) })
            for j in 0..<p.count { o[j] = set.contains(UInt64(bitPattern: p[j])) }
          }
        }
      }
      return out
    }
    // Keys by bit pattern, -0.0 as 0.0 (they are equal); NaN equals nothing.
    let set = KeySet(values.doubles.filter { !$0.isNaN }.map { ($0 == 0 ? 0.0 : $0).bitPattern })
    out.withMutableElements(as: Bool.self) { o in
      x.asF64.withElements(as: Double.self) { p in
        for j in 0..<p.count {
          let v = p[j]
          o[j] = !v.isNaN && set.contains((v == 0 ? 0.0 : v).bitPattern)
        }
      }
    }
    return out
  }

  /// `nonzero`: the indices of the non-zero elements, one i64 tensor per axis, in row-major
  /// order (NaN is non-zero). Rank 0 is a ValueError, as in NumPy 2.
  public func nonzeroIndices() throws -> [Tensor] {
    guard rank > 0 else {
      throw TensorError.value("nonzero: needs a tensor of rank ≥ 1, got a rank-0 tensor")
    }
    let flags: [Bool] = asF64.withElements(as: Double.self) { p in p.map { $0 != 0 } }
    let hits = flags.reduce(0) { $0 + ($1 ? 1 : 0) }
    // Fresh, unshared buffers: written in place through their pointers.
    let outs = (0..<rank).map { _ in Tensor(uninitializedShape: [hits], dtype: .i64) }
    let columns = outs.map { $0.buffer.raw.assumingMemoryBound(to: Int64.self) }
    var index = [Int](repeating: 0, count: rank)
    var k = 0
    for f in flags {
      if f {
        for j in 0..<rank { columns[j][k] = Int64(index[j]) }
        k += 1
      }
      var axis = rank - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < shape[axis] { break }
        index[axis] = 0
        axis -= 1
      }
    }
    return outs
  }
}

/// A set of 64-bit keys for membership tests: open addressing with linear probing over a
/// power-of-two table at most half full, multiplicative hashing.
struct KeySet {
  var slots: [UInt64]
  var filled: [Bool]
  let shift: UInt64

  init(_ keys: [UInt64]) {
    var bits = 2
    while (1 << bits) < 2 * keys.count { bits += 1 }
    slots = [UInt64](repeating: 0, count: 1 << bits)
    filled = [Bool](repeating: false, count: 1 << bits)
    shift = UInt64(64 - bits)
    for k in keys {
      var i = slot(k)
      while filled[i] && slots[i] != k { i = (i + 1) & (slots.count - 1) }
      (slots[i], filled[i]) = (k, true)
    }
  }

  @inline(__always)
  func slot(_ k: UInt64) -> Int { Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> shift) }

  @inline(__always)
  func contains(_ k: UInt64) -> Bool {
    var i = slot(k)
    while filled[i] {
      if slots[i] == k { return true }
      i = (i + 1) & (slots.count - 1)
    }
    return false
  }
}

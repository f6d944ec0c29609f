// k-means++ (scikit-learn's greedy `_kmeans_plusplus`) and the `KMeans.fit` driver: centring,
// the data-scaled tolerance, n_init restarts keeping the best inertia.
import Foundation
import Tensor

/// What `value.kmeans` was asked for, checked.
struct KMeansOptions {
  var k: Int
  /// Initial centres [k, d] in the caller's coordinates, or nil for k-means++.
  var initial: [Double]?
  var nInit: Int
  var maxIter: Int
  var tol: Double
  var seed: UInt64
}

extension KMeansCore {
  /// Greedy k-means++: the first centre uniform, then each next one the best (least total
  /// potential) of 2 + ⌊ln k⌋ candidates drawn ∝ D² by a binary search on the cumulative
  /// potential (NumPy's `searchsorted`, side left), clipped to the last row. `poll` runs before
  /// every centre (Ctrl-C).
  static func plusPlus(
    _ data: KMeansData, k: Int, stream: inout RandomStream, poll: () throws -> Void
  ) rethrows -> [Double] {
    let (n, d) = (data.n, data.d)
    let trials = 2 + Int(Foundation.log(Double(k)))
    var centers = [Double](repeating: 0, count: k * d)
    let first = min(Int(stream.random() * Double(n)), n - 1)
    for f in 0..<d { centers[f] = data.x[first * d + f] }
    var closest = sqDistances(data, rows: [first])
    var potential = closest.reduce(0, +)
    var cumulative = [Double](repeating: 0, count: n)
    for c in 1..<k {
      try poll()
      var running = 0.0
      for i in 0..<n {
        running += closest[i]
        cumulative[i] = running
      }
      let candidates = (0..<trials).map { _ -> Int in
        let r = stream.random() * potential
        var (lo, hi) = (0, n)
        while lo < hi {
          let mid = (lo + hi) / 2
          if cumulative[mid] < r { lo = mid + 1 } else { hi = mid }
        }
        return min(lo, n - 1)
      }
      let dist = sqDistances(data, rows: candidates)
      var best = 0
      var bestPotential = Double.infinity
      for t in 0..<trials {
        var pot = 0.0
        for i in 0..<n { pot += min(closest[i], dist[t * n + i]) }
        if pot < bestPotential {
          bestPotential = pot
          best = t
        }
      }
      for i in 0..<n { closest[i] = min(closest[i], dist[best * n + i]) }
      potential = bestPotential
      for f in 0..<d { centers[c * d + f] = data.x[candidates[best] * d + f] }
    }
    return centers
  }

  /// Squared distances [rows.count, n] from the given rows to every row, as scikit-learn's
  /// `_euclidean_distances`: (−2·a·b + ‖a‖²) + ‖b‖², clipped at 0.
  static func sqDistances(_ data: KMeansData, rows: [Int]) -> [Double] {
    let (n, d, m) = (data.n, data.d, rows.count)
    var picked = [Double](repeating: 0, count: m * d)
    for (t, r) in rows.enumerated() { for f in 0..<d { picked[t * d + f] = data.x[r * d + f] } }
    var out = [Double](repeating: 0, count: m * n)
    picked.withUnsafeBufferPointer { pp in
      data.x.withUnsafeBufferPointer { xp in
        out.withUnsafeMutableBufferPointer { op in
          guard let a = pp.baseAddress, let b = xp.baseAddress, let c = op.baseAddress else {
            return
          }
          Kernels.dgemm(
            transB: true, m: m, n: n, k: d, alpha: -2, a: a, lda: d, b: b, ldb: d, c: c, ldc: n)
        }
      }
    }
    for (t, r) in rows.enumerated() {
      for i in 0..<n { out[t * n + i] = max((out[t * n + i] + data.norms[r]) + data.norms[i], 0) }
    }
    return out
  }

  /// `KMeans(algorithm="lloyd").fit`: centres the rows, runs n_init times from k-means++ (or
  /// once from the given centres) and keeps the run with the least inertia (a later run wins
  /// only if strictly better and not the same clustering relabelled). Centroids come back in
  /// the caller's coordinates.
  static func fit(
    x raw: [Double], n: Int, d: Int, options o: KMeansOptions, poll: () throws -> Void
  ) rethrows -> KMeansRun {
    // Column means (rows added in order, as NumPy's mean over axis 0), then in one pass the
    // centred rows and the column variances of the tolerance (np.var: mean of squares of x − μ).
    var mean = [Double](repeating: 0, count: d)
    var variance = [Double](repeating: 0, count: d)
    let centred = [Double](unsafeUninitializedCapacity: n * d) { out, count in
      raw.withUnsafeBufferPointer { xp in
        mean.withUnsafeMutableBufferPointer { mp in
          variance.withUnsafeMutableBufferPointer { vp in
            guard let x = xp.baseAddress, let c = out.baseAddress, let m = mp.baseAddress,
              let v = vp.baseAddress
            else { return }
            for i in 0..<n { for f in 0..<d { m[f] += x[i * d + f] } }
            for f in 0..<d { m[f] /= Double(n) }
            for i in 0..<n {
              for f in 0..<d {
                let t = x[i * d + f] - m[f]
                c[i * d + f] = t
                if o.tol != 0 { v[f] += t * t }
              }
            }
          }
        }
      }
      count = n * d
    }
    let meanVariance = variance.reduce(0) { $0 + $1 / Double(n) } / Double(d)
    let tol = o.tol == 0 ? 0 : meanVariance * o.tol
    let data = KMeansData(x: centred, n: n, d: d, norms: o.initial == nil)
    var stream = RandomStream(seed: o.seed)
    var best: KMeansRun?
    for _ in 0..<(o.initial == nil ? o.nInit : 1) {
      var start: [Double]
      if let given = o.initial {
        start = given
        for j in 0..<o.k { for f in 0..<d { start[j * d + f] -= mean[f] } }
      } else {
        start = try plusPlus(data, k: o.k, stream: &stream, poll: poll)
      }
      let run = try lloyd(data, initial: start, k: o.k, maxIter: o.maxIter, tol: tol, poll: poll)
      if let b = best {
        if run.inertia < b.inertia && !sameClustering(run.labels, b.labels, k: o.k) { best = run }
      } else {
        best = run
      }
    }
    guard var result = best else { preconditionFailure("internal: kmeans: no run") }
    for j in 0..<o.k { for f in 0..<d { result.centers[j * d + f] += mean[f] } }
    return result
  }
}

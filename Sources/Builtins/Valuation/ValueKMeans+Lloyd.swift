// The k-means core (docs/valuation.md, "k-means"): scikit-learn 1.x's KMeans(algorithm="lloyd")
// step by step on a row-major f64 matrix already centred on its column means, as `KMeans.fit`
// centres.
//
// Design: results must equal scikit-learn's for a given initialisation, so the arithmetic
// follows its kernels: distances for the assignment are ‖c‖² − 2x·c from one dgemm per chunk of
// 256 rows (`_update_chunk_dense`), ties go to the lower centre (strict `<`), sums of the new
// centres run in row order within blocks of rows that run in parallel (as scikit-learn's OpenMP
// chunks; the blocks depend on n, k and d only) and are scaled by 1/count, the inertia and the
// centre shifts use the 4-way unrolled squared distance of `_euclidean_dense_dense`, empty
// clusters are re-seeded with the rows farthest from their centres (`_relocate_empty_clusters`).
import Foundation
import Tensor

/// One k-means problem: n rows of d features, row-major, centred on the column means.
struct KMeansData {
  let x: [Double]
  let n: Int
  let d: Int
  /// ‖x_i‖² of every row (k-means++ needs them; empty when the centres are given).
  let norms: [Double]

  init(x: [Double], n: Int, d: Int, norms: Bool) {
    self.x = x
    self.n = n
    self.d = d
    self.norms = norms ? KMeansCore.rowNorms(x, n: n, d: d) : []
  }
}

/// The outcome of one run from one initialisation.
struct KMeansRun {
  var centers: [Double]
  var labels: [Int32]
  var inertia: Double
  var nIter: Int
}

enum KMeansCore {
  static let chunk = 256

  /// Squared distance of two d-vectors, summed as scikit-learn's `_euclidean_dense_dense`.
  @inline(__always)
  static func squaredDistance(
    _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int
  ) -> Double {
    var result = 0.0
    var i = 0
    while i + 4 <= d {
      let (t0, t1) = (a[i] - b[i], a[i + 1] - b[i + 1])
      let (t2, t3) = (a[i + 2] - b[i + 2], a[i + 3] - b[i + 3])
      result += t0 * t0 + t1 * t1 + t2 * t2 + t3 * t3
      i += 4
    }
    while i < d {
      result += (a[i] - b[i]) * (a[i] - b[i])
      i += 1
    }
    return result
  }

  /// One Lloyd iteration (`lloyd_iter_chunked_dense`): labels from `centers`; with `update`,
  /// the new centres (relocating empty clusters) and each centre's shift.
  static func step(
    _ data: KMeansData, centers: [Double], k: Int, labels: inout [Int32],
    newCenters: inout [Double], counts: inout [Double], shift: inout [Double], update: Bool
  ) {
    let (n, d) = (data.n, data.d)
    let cnorms = (0..<k).map { j in
      var s = 0.0
      for f in 0..<d { s += centers[j * d + f] * centers[j * d + f] }
      return s
    }
    if update {
      for i in 0..<(k * d) { newCenters[i] = 0 }
      for j in 0..<k { counts[j] = 0 }
    }
    // Rows are cut into a fixed number of blocks (it depends on n, k and d only, so results do
    // not depend on the machine); blocks run on every core, each with its own partial sums,
    // which are then added in block order.
    let blocks = max(1, min((n + 4095) / 4096, 8, 4_000_000 / max(k * d, 1)))
    let perBlock = ((n + blocks - 1) / blocks + chunk - 1) / chunk * chunk
    let stride = k * d + k
    let parts = UnsafeMutablePointer<Double>.allocate(capacity: update ? blocks * stride : 1)
    defer { parts.deallocate() }
    if update { parts.initialize(repeating: 0, count: blocks * stride) }
    data.x.withUnsafeBufferPointer { xp in
      centers.withUnsafeBufferPointer { cp in
        cnorms.withUnsafeBufferPointer { np in
          labels.withUnsafeMutableBufferPointer { lp in
            guard let x = xp.baseAddress, let c = cp.baseAddress, let cn = np.baseAddress,
              let lab = lp.baseAddress
            else { return }
            let sums: UnsafeMutablePointer<Double>? = update ? parts : nil
            if blocks == 1 {
              assign(
                x: x, centers: c, cnorms: cn, labels: lab, rows: 0..<n, k: k, d: d, sums: sums)
            } else {
              DispatchQueue.concurrentPerform(iterations: blocks) { b in
                assign(
                  x: x, centers: c, cnorms: cn, labels: lab,
                  rows: min(n, b * perBlock)..<min(n, (b + 1) * perBlock), k: k, d: d,
                  sums: sums.map { $0 + b * stride })
              }
            }
          }
        }
      }
    }
    if update {
      for b in 0..<blocks {
        let part = parts + b * stride
        for i in 0..<(k * d) { newCenters[i] += part[i] }
        for j in 0..<k { counts[j] += part[k * d + j] }
      }
    }
    guard update else { return }
    relocate(data, old: centers, k: k, labels: labels, sums: &newCenters, counts: &counts)
    let biggest = counts.indices.max { counts[$0] < counts[$1] } ?? 0
    for j in 0..<k {
      if counts[j] > 0 {
        let alpha = 1.0 / counts[j]
        for f in 0..<d { newCenters[j * d + f] *= alpha }
      } else {
        for f in 0..<d { newCenters[j * d + f] = newCenters[biggest * d + f] }
      }
    }
    centers.withUnsafeBufferPointer { cp in
      newCenters.withUnsafeBufferPointer { np in
        guard let c = cp.baseAddress, let m = np.baseAddress else { return }
        for j in 0..<k { shift[j] = squaredDistance(m + j * d, c + j * d, d).squareRoot() }
      }
    }
  }

  /// Labels of `rows` (nearest centre by ‖c‖² − 2x·c, one dgemm per chunk of 256 rows, ties →
  /// lower centre) and, given `sums` ([k·d] sums then [k] counts), their centre sums in row
  /// order. Touches only raw memory: it runs on worker threads.
  static func assign(
    x: UnsafePointer<Double>, centers c: UnsafePointer<Double>, cnorms: UnsafePointer<Double>,
    labels: UnsafeMutablePointer<Int32>, rows: Range<Int>, k: Int, d: Int,
    sums: UnsafeMutablePointer<Double>?
  ) {
    guard !rows.isEmpty else { return }
    let dd = UnsafeMutablePointer<Double>.allocate(capacity: min(chunk, rows.count) * k)
    defer { dd.deallocate() }
    var start = rows.lowerBound
    while start < rows.upperBound {
      let m = min(chunk, rows.upperBound - start)
      for i in 0..<m { for j in 0..<k { dd[i * k + j] = cnorms[j] } }
      Kernels.dgemm(
        transB: true, m: m, n: k, k: d, alpha: -2, a: x + start * d, lda: d, b: c, ldb: d,
        beta: 1, c: dd, ldc: k)
      for i in 0..<m {
        let row = dd + i * k
        var best = row[0]
        var label = 0
        for j in 1..<k where row[j] < best {
          best = row[j]
          label = j
        }
        labels[start + i] = Int32(label)
        if let sums {
          sums[k * d + label] += 1
          let (xr, sr) = (x + (start + i) * d, sums + label * d)
          for f in 0..<d { sr[f] += xr[f] }
        }
      }
      start += m
    }
  }

  /// Empty clusters take the rows farthest from their (old) centres, farthest first (ties →
  /// lower row), each row leaving its cluster's sum (`_relocate_empty_clusters_dense`).
  static func relocate(
    _ data: KMeansData, old: [Double], k: Int, labels: [Int32], sums: inout [Double],
    counts: inout [Double]
  ) {
    let empty = (0..<k).filter { counts[$0] == 0 }
    guard !empty.isEmpty else { return }
    let d = data.d
    var far = [Double](repeating: 0, count: data.n)
    data.x.withUnsafeBufferPointer { xp in
      old.withUnsafeBufferPointer { cp in
        guard let x = xp.baseAddress, let c = cp.baseAddress else { return }
        for i in 0..<data.n {
          var s = 0.0
          let (row, centre) = (x + i * d, c + Int(labels[i]) * d)
          for f in 0..<d { s += (row[f] - centre[f]) * (row[f] - centre[f]) }
          far[i] = s
        }
      }
    }
    guard (far.max() ?? 0) > 0 else { return }
    let order = (0..<data.n).sorted { far[$0] > far[$1] || (far[$0] == far[$1] && $0 < $1) }
    for (idx, target) in empty.enumerated() {
      let row = order[idx]
      let from = Int(labels[row])
      for f in 0..<d {
        sums[from * d + f] -= data.x[row * d + f]
        sums[target * d + f] = data.x[row * d + f]
      }
      counts[target] = 1
      counts[from] -= 1
    }
  }

  /// Σ_i ‖x_i − c_{label_i}‖² (`_inertia_dense`), summed in two halves (the first ⌈n/2⌉ rows,
  /// then the rest) as scikit-learn's OpenMP reduction does on two threads: V1's inertia is
  /// then 3.666666666666667 as scikit-learn reports it there (one thread gives 1 ulp less).
  static func inertia(_ data: KMeansData, centers: [Double], labels: [Int32]) -> Double {
    let d = data.d
    return data.x.withUnsafeBufferPointer { xp in
      centers.withUnsafeBufferPointer { cp in
        guard let x = xp.baseAddress, let c = cp.baseAddress else { return 0 }
        let half = (data.n + 1) / 2
        return labels.withUnsafeBufferPointer { lp in
          guard let lab = lp.baseAddress else { return 0 }
          let n = data.n
          let parts = UnsafeMutablePointer<Double>.allocate(capacity: 2)
          defer { parts.deallocate() }
          DispatchQueue.concurrentPerform(iterations: 2) { h in
            var total = 0.0
            for i in (h == 0 ? 0..<half : half..<n) {
              total += squaredDistance(x + i * d, c + Int(lab[i]) * d, d)
            }
            parts[h] = total
          }
          return parts[0] + parts[1]
        }
      }
    }
  }

  /// Lloyd from `initial` (`_kmeans_single_lloyd`): stops on unchanged labels, on a total squared
  /// centre shift ≤ `tol` (absolute), or after `maxIter`; unless labels were unchanged, the rows
  /// are relabelled with the final centres. `poll` runs before every iteration (Ctrl-C).
  static func lloyd(
    _ data: KMeansData, initial: [Double], k: Int, maxIter: Int, tol: Double,
    poll: () throws -> Void
  ) rethrows -> KMeansRun {
    var centers = initial
    var newCenters = [Double](repeating: 0, count: k * data.d)
    var labels = [Int32](repeating: -1, count: data.n)
    var old = labels
    var counts = [Double](repeating: 0, count: k)
    var shift = counts
    var strict = false
    var nIter = 0
    for i in 0..<maxIter {
      try poll()
      nIter = i + 1
      step(
        data, centers: centers, k: k, labels: &labels, newCenters: &newCenters, counts: &counts,
        shift: &shift, update: true)
      swap(&centers, &newCenters)
      if labels == old {
        strict = true
        break
      }
      if shift.reduce(0, { $0 + $1 * $1 }) <= tol { break }
      old = labels
    }
    if !strict {
      step(
        data, centers: centers, k: k, labels: &labels, newCenters: &newCenters, counts: &counts,
        shift: &shift, update: false)
    }
    return KMeansRun(
      centers: centers, labels: labels, inertia: inertia(data, centers: centers, labels: labels),
      nIter: nIter)
  }

  /// Whether two labellings are the same up to renaming the clusters (`_is_same_clustering`).
  static func sameClustering(_ a: [Int32], _ b: [Int32], k: Int) -> Bool {
    var mapping = [Int32](repeating: -1, count: k)
    for (x, y) in zip(a, b) {
      if mapping[Int(x)] == -1 {
        mapping[Int(x)] = y
      } else if mapping[Int(x)] != y {
        return false
      }
    }
    return true
  }
}

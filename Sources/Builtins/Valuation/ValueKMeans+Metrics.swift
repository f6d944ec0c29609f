// Proxies (scikit-learn's pairwise_distances_argmin_min), the silhouette coefficient
// (sklearn.metrics.silhouette_score, Euclidean) and value.kmeans_sweep.
//
// The silhouette needs every pairwise distance: it runs over chunks of 256 rows, each a dgemm
// against all rows (memory 256·n, time n²·d), with scikit-learn's arithmetic: distances
// sqrt(max((−2·a·b + ‖a‖²) + ‖b‖², 0)), the own distance set to 0, per-cluster sums in row
// order. It refuses more than `silhouetteLimit` rows (subsample them first).
import Interp
import Tensor

extension KMeansCore {
  static let silhouetteLimit = 20_000

  /// ‖x_i‖² of every row, each summed in column order.
  static func rowNorms(_ x: [Double], n: Int, d: Int) -> [Double] {
    x.withUnsafeBufferPointer { xp in
      guard let p = xp.baseAddress else { return [] }
      return (0..<n).map { i in
        var s = 0.0
        for f in 0..<d { s += p[i * d + f] * p[i * d + f] }
        return s
      }
    }
  }

  /// For each centroid the index of the nearest row (strictly nearer wins, so ties → lower
  /// row), ranking rows by ‖x‖² − 2x·c (‖c‖² is the same for every row).
  static func proxies(x: [Double], n: Int, d: Int, centroids c: [Double], k: Int) -> [Int] {
    let norms = rowNorms(x, n: n, d: d)
    var best = [Double](repeating: .infinity, count: k)
    var index = [Int](repeating: 0, count: k)
    var dots = [Double](repeating: 0, count: min(chunk, n) * k)
    x.withUnsafeBufferPointer { xp in
      c.withUnsafeBufferPointer { cp in
        dots.withUnsafeMutableBufferPointer { dp in
          guard let xb = xp.baseAddress, let cb = cp.baseAddress, let db = dp.baseAddress else {
            return
          }
          var start = 0
          while start < n {
            let rows = min(chunk, n - start)
            Kernels.dgemm(
              transB: true, m: rows, n: k, k: d, alpha: -2, a: xb + start * d, lda: d, b: cb,
              ldb: d, c: db, ldc: k)
            for i in 0..<rows {
              for j in 0..<k {
                let key = db[i * k + j] + norms[start + i]
                if key < best[j] {
                  best[j] = key
                  index[j] = start + i
                }
              }
            }
            start += rows
          }
        }
      }
    }
    return index
  }

  /// The mean silhouette coefficient of `labels` (codes 0..<m, each used); rows alone in their
  /// cluster count 0, as scikit-learn. `poll` runs between chunks.
  static func silhouette(
    x: [Double], n: Int, d: Int, labels: [Int], clusters m: Int, poll: () throws -> Void
  ) rethrows -> Double {
    let norms = rowNorms(x, n: n, d: d)
    var freq = [Double](repeating: 0, count: m)
    for l in labels { freq[l] += 1 }
    var dist = [Double](repeating: 0, count: min(chunk, n) * n)
    var scores = [Double](repeating: 0, count: n)
    var start = 0
    while start < n {
      try poll()
      let rows = min(chunk, n - start)
      x.withUnsafeBufferPointer { xp in
        dist.withUnsafeMutableBufferPointer { dp in
          guard let xb = xp.baseAddress, let db = dp.baseAddress else { return }
          Kernels.dgemm(
            transB: true, m: rows, n: n, k: d, alpha: -2, a: xb + start * d, lda: d, b: xb,
            ldb: d, c: db, ldc: n)
        }
      }
      var sums = [Double](repeating: 0, count: m)
      for i in 0..<rows {
        let row = start + i
        for j in 0..<m { sums[j] = 0 }
        for j in 0..<n {
          let v = j == row ? 0 : max((dist[i * n + j] + norms[row]) + norms[j], 0).squareRoot()
          sums[labels[j]] += v
        }
        let own = labels[row]
        var inter = Double.infinity
        for j in 0..<m where j != own { inter = min(inter, sums[j] / freq[j]) }
        let intra = sums[own] / (freq[own] - 1)
        let s = (inter - intra) / max(intra, inter)
        scores[row] = freq[own] == 1 || s.isNaN ? 0 : s
      }
      start += rows
    }
    return Tensor.numpyPairwiseSum(scores[...]) / Double(n)
  }
}

extension ValueKMeans {
  /// Labels as codes 0..<m in the order of their sorted values (scikit-learn's LabelEncoder).
  static func codes(_ a: Arguments, _ i: Int, n: Int) throws -> (codes: [Int], m: Int) {
    guard let t = a[i].asTensorValue, t.dtype != .str, t.rank == 1, t.count == n else {
      let got = a[i].asTensorValue.map { "shape \(shapeText($0.shape))" } ?? a[i].typeName
      throw RuntimeError(
        "ShapeError",
        "\(a.builtin.fullName): 'labels' must be \(n) labels (one per row), got \(got)")
    }
    let values = t.doubles
    let distinct = Array(Set(values)).sorted()
    let code = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
    return (values.map { code[$0] ?? 0 }, distinct.count)
  }

  static func checkSilhouette(_ name: String, n: Int, m: Int) throws {
    guard n <= KMeansCore.silhouetteLimit else {
      throw RuntimeError.value(
        "\(name): the silhouette needs all n² distances; \(n) rows is more than "
          + "\(KMeansCore.silhouetteLimit), so pass a random subset of the rows")
    }
    guard m >= 2, m <= n - 1 else {
      throw RuntimeError.value(
        "\(name): the silhouette needs 2 to n − 1 = \(n - 1) distinct labels, got \(m)")
    }
  }

  static let metricBuiltins: [Builtin] = [
    Builtin(
      "silhouette", module: "value", params: [.init("x", "tensor"), .init("labels", "tensor")],
      summary: "Mean silhouette coefficient of a clustering (sklearn.metrics.silhouette_score).",
      doc: "Euclidean distances; a row alone in its cluster scores 0. Needs 2 to n − 1 distinct "
        + "labels. Time n²·d, memory 256·n; refuses more than 20,000 rows (subsample first).",
      example: "value.silhouette([[0, 0], [0, 1], [5, 0], [5, 1]], [0, 0, 1, 1]) > 0.8  # -> true"
    ) { a in
      let (x, n, d) = try matrix(a, 0)
      let (labels, m) = try codes(a, 1, n: n)
      try checkSilhouette("value.silhouette", n: n, m: m)
      return .number(
        try KMeansCore.silhouette(
          x: x, n: n, d: d, labels: labels, clusters: m, poll: poll(a.interp)))
    },
    Builtin(
      "kmeans_sweep", module: "value",
      params: [
        .init("x", "tensor"), .init("ks", "list"), .init("seed", "number", default: .number(0)),
      ],
      summary: "A table of k, inertia and silhouette for each k: material for choosing k.",
      doc: "For each k in ks, value.kmeans(x, k, seed=seed) (k-means++, one run) and the mean "
        + "silhouette of its labels (value.silhouette). Look for the elbow of inertia and a high "
        + "silhouette. Each k must be in 2...n − 1; the silhouette costs n²·d and is refused "
        + "beyond 20,000 rows (sweep on a random subset of rows).",
      example: "value.kmeans_sweep([[0, 0], [0, 1], [5, 0], [5, 1], [9, 9]], [2, 3]).k  "
        + "# -> tensor([2, 3], dtype=i64)",
      effect: .random
    ) { a in
      let (x, n, d) = try matrix(a, 0)
      let ks = try a.list(1).map { v -> Int in
        guard let k = v.scalarDouble, let i = Int(exactly: k) else {
          throw RuntimeError.type("value.kmeans_sweep: 'ks' must hold integers, got \(v.repr)")
        }
        return i
      }
      guard !ks.isEmpty else { throw RuntimeError.value("value.kmeans_sweep: 'ks' is empty") }
      if let bad = ks.first(where: { $0 < 2 || $0 > n - 1 }) {
        throw RuntimeError.value(
          "value.kmeans_sweep: k = \(bad) is out of range; each k must be in 2...\(n - 1) "
            + "(the silhouette needs 2 to n − 1 clusters)")
      }
      try checkSilhouette("value.kmeans_sweep", n: n, m: 2)
      let seed = try TensorRandom.seedValue(a, 2)
      var inertia: [Double] = []
      var sil: [Double] = []
      for k in ks {
        let o = KMeansOptions(k: k, initial: nil, nInit: 1, maxIter: 300, tol: 1e-4, seed: seed)
        let run = try KMeansCore.fit(x: x, n: n, d: d, options: o, poll: poll(a.interp))
        inertia.append(run.inertia)
        let labels = run.labels.map { Int($0) }
        let used = Set(labels).count
        if used < 2 {
          sil.append(.nan)
        } else {
          sil.append(
            try KMeansCore.silhouette(
              x: x, n: n, d: d, labels: used == k ? labels : recode(labels), clusters: used,
              poll: poll(a.interp)))
        }
      }
      let columns: [(String, Value)] = [
        ("k", int64s(ks)), ("inertia", .tensor(Tensor(shape: [ks.count], f64: inertia))),
        ("silhouette", .tensor(Tensor(shape: [ks.count], f64: sil))),
      ]
      return .table(try FTable(FDict(columns)))
    },
  ]

  /// Labels renumbered 0..<m in sorted order (when some cluster ended up empty).
  static func recode(_ labels: [Int]) -> [Int] {
    let code = Dictionary(uniqueKeysWithValues: Set(labels).sorted().enumerated().map { ($1, $0) })
    return labels.map { code[$0] ?? 0 }
  }
}

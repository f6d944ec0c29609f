// value.knn_shapley (docs/valuation.md, "Shapley values"): exact Shapley values of the unweighted
// K-NN classifier's utility (Jia et al. 2019) by the sorted recursion, averaged over the validation
// points. Distances come from BLAS (‖a‖² + ‖b‖² − 2a·b); near-ties, where that rounding could swap
// two training points, are re-ordered by the exactly computed distance (ties → lower index).
import Interp
import Tensor

enum ValueKNN {
  static func matrix(_ v: Value, _ name: String) throws -> Tensor {
    guard let t = v.asTensorValue, t.dtype != .str, t.rank == 2 || t.rank == 1 else {
      throw RuntimeError.type(
        "value.knn_shapley: '\(name)' must be a [rows, features] tensor, got \(v.typeName)")
    }
    let m = t.rank == 1 ? t.reshaped([t.count, 1]) : t
    if let i = m.doubles.firstIndex(where: { !$0.isFinite }) {
      let w = max(m.shape[1], 1)
      throw RuntimeError.value(
        "value.knn_shapley: '\(name)' has a non-finite value in row \(i / w), column \(i % w)")
    }
    return m
  }

  static func labels(_ v: Value, _ name: String, rows: Int) throws -> [Double] {
    guard let t = v.asTensorValue, t.rank == 1, t.dtype != .str else {
      throw RuntimeError.type("value.knn_shapley: '\(name)' must be a 1-d tensor of labels")
    }
    guard t.count == rows else {
      throw RuntimeError(
        "ShapeError", "value.knn_shapley: '\(name)' has \(t.count) labels for \(rows) rows")
    }
    return t.doubles
  }

  /// Squared distances [m, n] between the rows of a [m, d] and b [n, d].
  static func distances(_ a: [Double], _ b: [Double], m: Int, n: Int, d: Int) -> [Double] {
    var out = [Double](repeating: 0, count: m * n)
    a.withUnsafeBufferPointer { ap in
      b.withUnsafeBufferPointer { bp in
        out.withUnsafeMutableBufferPointer { op in
          guard let aa = ap.baseAddress, let ba = bp.baseAddress, let oa = op.baseAddress,
            d > 0
          else { return }
          Kernels.dgemm(
            transB: true, m: m, n: n, k: d, alpha: -2, a: aa, lda: d, b: ba, ldb: d, beta: 0,
            c: oa, ldc: n)
        }
      }
    }
    let na = (0..<m).map { i in (0..<d).reduce(0.0) { $0 + a[i * d + $1] * a[i * d + $1] } }
    let nb = (0..<n).map { j in (0..<d).reduce(0.0) { $0 + b[j * d + $1] * b[j * d + $1] } }
    for i in 0..<m {
      for j in 0..<n { out[i * n + j] += na[i] + nb[j] }
    }
    return out
  }

  /// The training rows ordered by distance to validation row `i` (ties → lower index), with
  /// runs of near-equal BLAS distances re-sorted by the exact distance.
  static func order(
    _ dist: ArraySlice<Double>, exact: (Int) -> Double
  ) -> [Int] {
    let s = dist.startIndex
    // Sorting (distance, index) pairs keeps the comparisons on contiguous memory.
    var pairs = dist.enumerated().map { ($0.element, $0.offset) }
    pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
    var idx = pairs.map(\.1)
    let scale = max(dist.max() ?? 0, 1)
    let eps = 1e-12 * scale
    var start = 0
    while start < idx.count {
      var end = start + 1
      while end < idx.count && dist[s + idx[end]] - dist[s + idx[end - 1]] <= eps { end += 1 }
      if end - start > 1 {
        let exacts = Dictionary(uniqueKeysWithValues: idx[start..<end].map { ($0, exact($0)) })
        idx[start..<end].sort {
          let (x, y) = (exacts[$0] ?? 0, exacts[$1] ?? 0)
          return x != y ? x < y : $0 < $1
        }
      }
      start = end
    }
    return idx
  }

  static func shapley(_ a: Arguments) throws -> [Double] {
    let (xtr, xval) = (try matrix(a[0], "xtr"), try matrix(a[2], "xval"))
    let (n, m) = (xtr.shape[0], xval.shape[0])
    let ytr = try labels(a[1], "ytr", rows: n)
    let yval = try labels(a[3], "yval", rows: m)
    let k = try a.int(4)
    guard k >= 1 else { throw RuntimeError.value("value.knn_shapley: k must be ≥ 1, got \(k)") }
    guard xtr.shape[1] == xval.shape[1] else {
      throw RuntimeError(
        "ShapeError",
        "value.knn_shapley: xtr has \(xtr.shape[1]) features but xval has \(xval.shape[1])")
    }
    guard n >= 1 else { throw RuntimeError.value("value.knn_shapley: xtr has no rows") }
    let d = xtr.shape[1]
    let (tr, va) = (xtr.doubles, xval.doubles)
    var phi = [Double](repeating: 0, count: n)
    var s = [Double](repeating: 0, count: n)
    // Validation rows in blocks, so the distance matrix held at once is [block, n].
    let block = max(1, min(m, 1 << 22 / max(n, 1)))
    for start in stride(from: 0, to: m, by: block) {
      let rows = min(block, m - start)
      let dist = distances(
        Array(va[(start * d)..<((start + rows) * d)]), tr, m: rows, n: n, d: d)
      for r in 0..<rows {
        let i = start + r
        if i & 63 == 0, a.interp.interruptRequested {
          throw RuntimeError("Interrupted", "interrupted")
        }
        let alpha = order(dist[(r * n)..<(r * n + n)]) { j in
          (0..<d).reduce(0.0) { acc, c in
            let diff = va[i * d + c] - tr[j * d + c]
            return acc + diff * diff
          }
        }
        let y = yval[i]
        let hit = { (j: Int) -> Double in ytr[j] == y ? 1 : 0 }
        s[alpha[n - 1]] = hit(alpha[n - 1]) / Double(n)
        if n >= 2 {
          for pos in stride(from: n - 2, through: 0, by: -1) {
            let rank = pos + 1
            s[alpha[pos]] =
              s[alpha[pos + 1]] + (hit(alpha[pos]) - hit(alpha[pos + 1])) / Double(k)
              * Double(min(k, rank)) / Double(rank)
          }
        }
        for j in 0..<n { phi[j] += s[j] }
      }
    }
    return phi.map { $0 / Double(m) }
  }

  static let builtins: [Builtin] = [
    Builtin(
      "knn_shapley", module: "value",
      params: [
        .init("xtr", "tensor"), .init("ytr", "tensor"), .init("xval", "tensor"),
        .init("yval", "tensor"), .init("k", "int", default: .number(5)),
      ],
      summary:
        "Exact KNN-Shapley values [N] of the training rows (Jia et al.), averaged over xval.",
      doc: "The utility of a training subset S for a validation point is the share of its "
        + "min(k, |S|) nearest neighbours in S with the point's label, divided by k; the values "
        + "come from the sorted recursion in O(N log N) per validation point and sum to U(N). "
        + "Euclidean distances, ties → lower index. Matches pydvl's KNNShapleyValuation.",
      example: "value.knn_shapley([[0], [1], [2], [3], [4]], [0, 0, 1, 1, 0], [[1.6], [3.4]], "
        + "[1, 0], k=2)[4]  # -> 0.18333333333333335"
    ) { a in ValueShapley.tensor(try shapley(a)) }
  ]
}

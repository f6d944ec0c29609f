// fed partitions (docs/federated.md, "Partitions"): the NIID-Bench Dirichlet label split (as
// FLoRA's client_data_allocation.py runs it), its deterministic core with explicit proportions, IID
// and label shards. Clients' rows are int64 index tensors in the order they were appended.
import Interp
import Tensor

enum FedPartition {
  /// The labels as numbers, and the rows of each class in ascending label order.
  static func classes(_ v: Value, _ who: String) throws -> (labels: [Double], rows: [[Int]]) {
    guard let t = v.asTensorValue, t.rank == 1, t.dtype != .str else {
      throw RuntimeError.type("\(who): 'y' must be a 1-d tensor of class labels, got \(v.typeName)")
    }
    let y = t.doubles
    if let i = y.firstIndex(where: { !$0.isFinite }) {
      throw RuntimeError.value("\(who): label \(formatNumber(y[i])) at row \(i) is not finite")
    }
    let labels = Array(Set(y)).sorted()
    let code = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
    var rows = [[Int]](repeating: [], count: labels.count)
    for (i, label) in y.enumerated() { rows[code[label] ?? 0].append(i) }
    return (labels, rows)
  }

  /// One class's rows `idx` cut by proportions `p` and appended to `parts` (NIID-Bench): with
  /// `balance`, clients already holding ≥ N/K rows get nothing; cuts = ⌊cumsum(p)·len(idx)⌋.
  static func assign(_ idx: [Int], _ props: [Double], _ parts: inout [[Int]], n: Int, balance: Bool)
  {
    let k = parts.count
    var p = props
    if balance {
      let cap = Double(n) / Double(k)
      for j in 0..<k where Double(parts[j].count) >= cap { p[j] = 0 }
    }
    // NumPy's pairwise sum, so the row is divided by the same total as `p / p.sum()`.
    let total = Tensor.numpyPairwiseSum(p[...])
    // Every client full but the ones the draw gave nothing: keep the draw (NumPy would divide
    // by zero here and cut nonsense).
    if total > 0 { p = p.map { $0 / total } } else { p = props }
    var cum = 0.0
    var start = 0
    for j in 0..<k {
      let end: Int
      if j == k - 1 {
        end = idx.count
      } else {
        cum += p[j]
        end = min(max(Int(cum * Double(idx.count)), start), idx.count)
      }
      parts[j] += idx[start..<end]
      start = end
    }
  }

  static func result(_ parts: [[Int]]) -> Value {
    .list(parts.map { .tensor(Tensor(shape: [$0.count], i64: $0.map(Int64.init))) })
  }

  /// NIID-Bench's loop: per class a seeded shuffle and a Dirichlet(α·1_K) draw, until every
  /// client has `minSize` rows.
  static func dirichlet(
    _ a: Arguments, rows: [[Int]], n: Int, k: Int, alpha: Double, seed: UInt64, minSize: Int,
    balance: Bool, maxTries: Int
  ) throws -> [[Int]] {
    var stream = RandomStream(seed: seed)
    var best = -1
    for _ in 0..<maxTries {
      if a.interp.interruptRequested { throw RuntimeError("Interrupted", "interrupted") }
      var parts = [[Int]](repeating: [], count: k)
      for classRows in rows {
        var idx = Tensor(shape: [classRows.count], i64: classRows.map(Int64.init))
        try TensorRandom.randomCall { try stream.shuffle(&idx) }
        let shuffled = idx.withElements(as: Int64.self) { $0.map { Int($0) } }
        let p = try TensorRandom.randomCall {
          try stream.dirichlet(alpha: [Double](repeating: alpha, count: k), n: 1)
        }
        assign(shuffled, p.doubles, &parts, n: n, balance: balance)
      }
      let smallest = parts.map(\.count).min() ?? 0
      if smallest >= minSize { return parts }
      best = max(best, smallest)
    }
    throw RuntimeError.value(
      "fed.partition: no split gave every client \(minSize) rows in \(maxTries) tries (the best "
        + "smallest client had \(best)); lower min_size, raise alpha or use fewer clients")
  }

  /// IID: a seeded permutation cut into K nearly equal parts (the first N mod K one row longer).
  static func iid(n: Int, k: Int, seed: UInt64) throws -> [[Int]] {
    var stream = RandomStream(seed: seed)
    let perm = try TensorRandom.randomCall { try stream.permutation(n: n) }
      .withElements(as: Int64.self) { $0.map { Int($0) } }
    return chunks(perm, k)
  }

  /// Label shards (FLoRA's non-Dirichlet branch): rows sorted by label (stable) cut into 2K
  /// shards; client k takes shards perm[2k] and perm[2k + 1] of a seeded permutation.
  static func shards(_ labels: [Double], rows: [[Int]], k: Int, seed: UInt64) throws -> [[Int]] {
    let sorted = rows.flatMap { $0 }
    let pieces = chunks(sorted, 2 * k)
    var stream = RandomStream(seed: seed)
    let perm = try TensorRandom.randomCall { try stream.permutation(n: 2 * k) }
      .withElements(as: Int64.self) { $0.map { Int($0) } }
    return (0..<k).map { pieces[perm[2 * $0]] + pieces[perm[2 * $0 + 1]] }
  }

  /// `xs` cut into `k` consecutive parts as np.array_split cuts it.
  static func chunks(_ xs: [Int], _ k: Int) -> [[Int]] {
    let (q, r) = xs.count.quotientAndRemainder(dividingBy: k)
    var out: [[Int]] = []
    var start = 0
    for j in 0..<k {
      let len = q + (j < r ? 1 : 0)
      out.append(Array(xs[start..<(start + len)]))
      start += len
    }
    return out
  }
}

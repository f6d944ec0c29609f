// value: SHED's samplers over clusters (docs/valuation.md, "Propagation and sampling"). Every
// member inherits its cluster's value; QOCS takes whole clusters in value order, QWCS draws members
// with cluster weights softmax(β·v). Both return `budget` distinct row indices (int64) in the order
// taken.
import Foundation
import Interp
import Tensor

enum ValueSampling {
  /// The members of each cluster (ascending rows) and the cluster values, checked.
  static func clusters(_ a: Arguments, _ who: String) throws -> (members: [[Int]], values: [Double])
  {
    guard let lt = a[0].asTensorValue, lt.rank == 1, lt.dtype != .str else {
      throw RuntimeError.type("\(who): 'labels' must be a 1-d tensor of cluster ids")
    }
    guard let vt = a[1].asTensorValue, vt.rank == 1, vt.dtype != .str else {
      throw RuntimeError.type("\(who): 'values' must be a 1-d tensor of cluster values")
    }
    let values = vt.doubles
    var members = [[Int]](repeating: [], count: values.count)
    for (row, d) in lt.doubles.enumerated() {
      guard let c = Int(exactly: d), c >= 0, c < values.count else {
        throw RuntimeError.value(
          "\(who): label \(formatNumber(d)) at row \(row) is not a cluster id in 0..\(values.count - 1) "
            + "(one value per cluster: \(values.count) values)")
      }
      members[c].append(row)
    }
    if let c = members.firstIndex(where: \.isEmpty) {
      throw RuntimeError.value("\(who): cluster \(c) has a value but no members")
    }
    if let c = values.firstIndex(where: { !$0.isFinite }) {
      throw RuntimeError.value("\(who): the value of cluster \(c) is \(formatNumber(values[c]))")
    }
    let budget = try a.int(2)
    guard budget >= 0, budget <= lt.count else {
      throw RuntimeError.value(
        "\(who): budget \(budget) must be in 0...\(lt.count) (the number of rows)")
    }
    return (members, values)
  }

  /// Cluster ids by value, highest first (ties → lower id).
  static func ranked(_ values: [Double]) -> [Int] {
    values.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
  }

  static func qocs(
    _ members: [[Int]], _ values: [Double], budget: Int, shuffleLast: Bool, seed: UInt64
  ) throws -> [Int] {
    var out: [Int] = []
    for c in ranked(values) where out.count < budget {
      var rows = members[c]
      let room = budget - out.count
      if rows.count > room && shuffleLast {
        var s = RandomStream(seed: seed)
        let perm = try TensorRandom.randomCall { try s.permutation(n: rows.count) }.doubles
        rows = perm.prefix(room).map { rows[Int($0)] }.sorted()
      }
      out += rows.prefix(room)
    }
    return out
  }

  /// softmax(β·v) with the maximum subtracted.
  static func weights(_ values: [Double], beta: Double) -> [Double] {
    let top = values.map { beta * $0 }.max() ?? 0
    let e = values.map { Foundation.exp(beta * $0 - top) }
    let total = e.reduce(0, +)
    return e.map { $0 / total }
  }

  static func qwcs(
    _ members: [[Int]], _ values: [Double], budget: Int, beta: Double, seed: UInt64
  ) -> [Int] {
    let w = weights(values, beta: beta)
    var left = members
    var live = w.enumerated().map { members[$0.offset].isEmpty ? 0 : $0.element }
    var mass = w.reduce(0, +)
    var s = RandomStream(seed: seed)
    var out: [Int] = []
    out.reserveCapacity(budget)
    while out.count < budget {
      // A cluster by weight among those with members left (the repo redraws on empty ones).
      var target = s.random() * mass
      var c = live.count - 1
      for j in 0..<live.count where live[j] > 0 {
        if target < live[j] {
          c = j
          break
        }
        target -= live[j]
      }
      while live[c] == 0, c > 0 { c -= 1 }
      let pick = Int((try? s.integers(lo: 0, hi: Int64(left[c].count))) ?? 0)
      out.append(left[c][pick])
      left[c].swapAt(pick, left[c].count - 1)
      left[c].removeLast()
      if left[c].isEmpty {
        mass -= live[c]
        live[c] = 0
        if mass <= 0 { mass = live.reduce(0, +) }
      }
    }
    return out
  }

  static func rows(_ xs: [Int]) -> Value {
    .tensor(Tensor(shape: [xs.count], i64: xs.map(Int64.init)))
  }

  static let builtins: [Builtin] = [
    Builtin(
      "qocs", module: "value",
      params: [
        .init("labels", "tensor"), .init("values", "tensor"), .init("budget", "int"),
        .init("shuffle_last", "bool", default: .bool(false)),
        .init("seed", "number", default: .number(0)),
      ],
      summary: "Quality-ordered cluster sampling: whole clusters by value until the budget.",
      doc: "labels[i] is row i's cluster, values[c] cluster c's value. Clusters go highest value "
        + "first (ties → lower id), members in ascending row order; the last cluster gives its "
        + "first members (a seeded random subset with shuffle_last=true). SHED's sample_QOCS.",
      example: "value.qocs([2, 0, 1, 2, 0, 1, 1, 2, 0, 2], [0.1, 0.3, -0.2], 5)  "
        + "# -> tensor([2, 5, 6, 1, 4], dtype=i64)"
    ) { a in
      let (members, values) = try clusters(a, "value.qocs")
      return rows(
        try qocs(
          members, values, budget: try a.int(2), shuffleLast: try a.bool(3),
          seed: try TensorRandom.seedValue(a, 4)))
    },
    Builtin(
      "qwcs", module: "value",
      params: [
        .init("labels", "tensor"), .init("values", "tensor"), .init("budget", "int"),
        .init("beta", "number", default: .number(1)), .init("seed", "number", default: .number(0)),
      ],
      summary:
        "Quality-weighted cluster sampling: clusters drawn ∝ exp(β·value), members uniformly.",
      doc: "Each of the budget draws picks a cluster with probability softmax(β·values) among "
        + "clusters with members left, then one of its remaining members uniformly; no row "
        + "twice. Large β approaches QOCS; β = 0 is uniform over clusters. SHED's sample_QWCS "
        + "uses β = 1 on summed scores (β = iterations on means).",
      example: "len(value.qwcs([0, 0, 1, 1, 1], [0.5, 0.1], 3))  # -> 3"
    ) { a in
      let (members, values) = try clusters(a, "value.qwcs")
      let beta = try a.number(3)
      guard beta.isFinite else {
        throw RuntimeError.value("value.qwcs: beta must be finite, got \(formatNumber(beta))")
      }
      return rows(
        qwcs(
          members, values, budget: try a.int(2), beta: beta,
          seed: try TensorRandom.seedValue(a, 4)))
    },
  ]
}

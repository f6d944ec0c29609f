// The fed partition builtins (docs/federated.md, "Partitions") over FedPartition.
import Interp
import Tensor

extension FedPartition {
  /// A [C, K] proportions matrix whose rows are distributions (≥ 0, summing to 1 ± 1e-9).
  static func proportions(_ v: Value, classes c: Int) throws -> [[Double]] {
    guard let t = v.asTensorValue, t.rank == 2, t.shape[0] == c, t.shape[1] >= 1,
      t.dtype != .str
    else {
      let got = v.asTensorValue.map { "shape \(shapeText($0.shape))" } ?? v.typeName
      throw RuntimeError(
        "ShapeError", "fed.split: 'props' must be [classes, clients] with \(c) rows, got \(got)")
    }
    let k = t.shape[1]
    let flat = t.doubles
    return try (0..<c).map { i in
      let row = Array(flat[(i * k)..<(i * k + k)])
      if let j = row.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
        throw RuntimeError.value(
          "fed.split: props[\(i), \(j)] is \(formatNumber(row[j])); proportions are finite and ≥ 0")
      }
      let total = row.reduce(0, +)
      guard abs(total - 1) <= 1e-9 else {
        throw RuntimeError.value(
          "fed.split: row \(i) of 'props' sums to \(formatNumber(total)), not 1")
      }
      return row
    }
  }

  /// Per-class row orders: each a permutation of that class's rows.
  static func orders(_ v: Value, rows: [[Int]], labels: [Double]) throws -> [[Int]] {
    if case .null = v { return rows }
    var items: [Value]?
    if case .list(let xs) = v { items = xs }
    if case .tensor(let t) = v, t.rank == 2 { items = t.items }
    guard let xs = items, xs.count == rows.count else {
      throw RuntimeError.value(
        "fed.split: 'order' must be a list of \(rows.count) index lists, one per class")
    }
    return try xs.enumerated().map { c, x in
      guard let t = x.asTensorValue, t.rank == 1, t.dtype != .str else {
        throw RuntimeError.type("fed.split: order[\(c)] must be a list of row indices")
      }
      let idx = t.doubles.map { Int(exactly: $0) ?? -1 }
      guard idx.sorted() == rows[c] else {
        throw RuntimeError.value(
          "fed.split: order[\(c)] is not a permutation of the \(rows[c].count) rows of class "
            + formatNumber(labels[c]))
      }
      return idx
    }
  }

  static let builtins: [Builtin] = [
    Builtin(
      "partition", module: "fed",
      params: [
        .init("y", "tensor"), .init("clients", "int"), .init("alpha", "number", default: .null),
        .init("seed", "number", default: .number(0)),
        .init("min_size", "int", default: .number(10)),
        .init("balance", "bool", default: .bool(true)),
        .init("max_tries", "int", default: .number(1000)),
        .init("method", "string", default: .string("dirichlet")),
      ],
      summary: "Rows split among clients: Dirichlet(alpha) label skew (NIID-Bench), iid or shards.",
      doc:
        "method=\"dirichlet\": per class (ascending label) the class's rows are shuffled and cut "
        + "by a Dirichlet(alpha·1_K) draw (fed.split's rule, with balance); repeated until every "
        + "client has min_size rows (at most max_tries). alpha → ∞ approaches IID; 0.1 is "
        + "strongly skewed. method=\"iid\": a permutation cut into K near-equal parts; "
        + "\"shards\": rows sorted by label cut into 2K shards, two random ones per client. "
        + "Returns K int64 index tensors; the same seed gives the same parts.",
      example: "len(fed.partition(arange(100) % 4, 5, 0.5, min_size=5))  # -> 5"
    ) { a in
      let (labels, rows) = try classes(a[0], "fed.partition")
      let n = rows.reduce(0) { $0 + $1.count }
      let k = try a.int(1)
      guard k >= 1, k <= n else {
        throw RuntimeError.value("fed.partition: clients must be in 1...\(n) (the rows), got \(k)")
      }
      let seed = try TensorRandom.seedValue(a, 3)
      let method = try a.string(7)
      switch method {
      case "dirichlet":
        guard !a.isNil(2) else {
          throw RuntimeError.value("fed.partition: method \"dirichlet\" needs alpha (e.g. 0.5)")
        }
        let alpha = try a.number(2)
        guard alpha > 0, alpha.isFinite else {
          throw RuntimeError.value("fed.partition: alpha must be > 0, got \(formatNumber(alpha))")
        }
        let (minSize, tries) = (try a.int(4), try a.int(6))
        guard tries >= 1 else {
          throw RuntimeError.value("fed.partition: max_tries must be ≥ 1, got \(tries)")
        }
        return result(
          try dirichlet(
            a, rows: rows, n: n, k: k, alpha: alpha, seed: seed, minSize: minSize,
            balance: try a.bool(5), maxTries: tries))
      case "iid": return result(try iid(n: n, k: k, seed: seed))
      case "shards": return result(try shards(labels, rows: rows, k: k, seed: seed))
      default:
        throw RuntimeError.value(
          "fed.partition: unknown method \(quote(method)); use dirichlet, iid or shards")
      }
    },
    Builtin(
      "split", module: "fed",
      params: [
        .init("y", "tensor"), .init("props", "tensor"), .init("order", "list", default: .null),
        .init("balance", "bool", default: .bool(true)),
      ],
      summary: "The deterministic core of fed.partition: class rows cut by a given props matrix.",
      doc: "props is [classes, K], row c the proportions for the c-th smallest label. Per class "
        + "(rows in ascending order, or order[c]): with balance, clients holding ≥ N/K rows get "
        + "nothing and the row is renormalised; cuts = floor(cumsum(p)·len) (NIID-Bench).",
      example: "map(fed.split([0, 0, 0, 0, 1, 1], [[0.5, 0.5], [0, 1]]), list)  "
        + "# -> [[0, 1], [2, 3, 4, 5]]"
    ) { a in
      let (labels, rows) = try classes(a[0], "fed.split")
      let props = try proportions(a[1], classes: rows.count)
      let order = try orders(a[2], rows: rows, labels: labels)
      let n = rows.reduce(0) { $0 + $1.count }
      var parts = [[Int]](repeating: [], count: props.first?.count ?? 1)
      for (c, idx) in order.enumerated() {
        assign(idx, props[c], &parts, n: n, balance: try a.bool(3))
      }
      return result(parts)
    },
    Builtin(
      "partition_stats", module: "fed", params: [.init("y", "tensor"), .init("parts", "list")],
      summary: "A table of clients × classes: each client's row count and its count per label.",
      example: "fed.partition_stats([0, 1, 1], [[0, 1], [2]]).n  # -> tensor([2, 1], dtype=i64)"
    ) { a in
      let (labels, _) = try classes(a[0], "fed.partition_stats")
      let y = a[0].asTensorValue?.doubles ?? []
      let code = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
      let parts = try a.list(1)
      var counts = [[Int64]](
        repeating: [Int64](repeating: 0, count: parts.count), count: labels.count)
      var sizes: [Int64] = []
      for (k, part) in parts.enumerated() {
        guard let t = part.asTensorValue, t.rank == 1, t.dtype != .str else {
          throw RuntimeError.type("fed.partition_stats: parts[\(k)] must be a list of row indices")
        }
        for d in t.doubles {
          guard let i = Int(exactly: d), i >= 0, i < y.count else {
            throw RuntimeError.index(
              "fed.partition_stats: parts[\(k)] holds \(formatNumber(d)), not a row of y (\(y.count) rows)"
            )
          }
          counts[code[y[i]] ?? 0][k] += 1
        }
        sizes.append(Int64(t.count))
      }
      let k = parts.count
      var columns: [(String, Value)] = [
        ("client", .tensor(Tensor(shape: [k], i64: (0..<k).map(Int64.init)))),
        ("n", .tensor(Tensor(shape: [k], i64: sizes))),
      ]
      for (c, label) in labels.enumerated() {
        columns.append((formatNumber(label), .tensor(Tensor(shape: [k], i64: counts[c]))))
      }
      return .table(try FTable(FDict(columns)))
    },
  ]
}

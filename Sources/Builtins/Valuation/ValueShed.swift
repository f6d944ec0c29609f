// value.shed (docs/valuation.md): SHED's pipeline in one call — k-means on the embeddings, one
// proxy per cluster (the row nearest its centroid), SHED's group Shapley estimator over the
// proxies with the user's utility, every member inheriting its proxy's value, and a QOCS or
// QWCS sample of `budget` rows. It composes the value builtins through their public calls.
import Interp
import Tensor

enum ValueShed {
  static func call(_ a: Arguments, _ name: String, _ args: [Value], _ kw: [(String, Value)] = [])
    throws -> Value
  {
    guard let b = builtin(named: name) else {
      preconditionFailure("internal: value.shed needs \(name)")
    }
    return try a.interp.call(.builtin(b), args, keywords: kw)
  }

  static func shed(_ a: Arguments) throws -> Value {
    let x = a[0]
    let (k, budget, group, iters) = (try a.int(2), try a.int(3), try a.int(5), try a.int(6))
    let method = try a.string(4)
    guard method == "qocs" || method == "qwcs" else {
      throw RuntimeError.value("value.shed: unknown method \(quote(method)); use qocs or qwcs")
    }
    let seed = a[8]
    let km = try call(a, "value.kmeans", [x, .number(Double(k))], [("seed", seed)])
    guard case .dict(let kd) = km, let labels = kd["labels"] else {
      preconditionFailure("internal: value.kmeans returns {labels, …}")
    }
    let proxies = try call(a, "value.proxies", [x, km])
    guard let pt = proxies.asTensorValue else { preconditionFailure("internal: proxies") }
    let rows = pt.doubles.map { Int($0) }
    // The utility sees proxy row indices (rows of x), not positions among the proxies.
    let user = a[1]
    let utility = Value.builtin(
      Builtin(
        "proxy_utility", module: "value", params: [.init("s")], summary: "", example: ""
      ) { b in
        let s = b[0].asTensorValue?.doubles.map { Int64(rows[Int($0)]) } ?? []
        return try b.interp.call(user, [.tensor(Tensor(shape: [s.count], i64: s))])
      })
    let g = try call(
      a, "value.group_shapley", [.number(Double(rows.count)), utility],
      [("group", .number(Double(group))), ("iters", .number(Double(iters))), ("seed", seed)])
    guard case .dict(let gd) = g, let clusterValues = gd["values"]?.asTensorValue,
      let lt = labels.asTensorValue
    else { preconditionFailure("internal: group_shapley returns {values}") }
    let cv = clusterValues.doubles
    let memberValues = lt.doubles.map { cv[Int($0)] }
    let sampled: Value
    if method == "qocs" {
      sampled = try call(
        a, "value.qocs", [labels, .tensor(clusterValues), .number(Double(budget))], [("seed", seed)]
      )
    } else {
      sampled = try call(
        a, "value.qwcs", [labels, .tensor(clusterValues), .number(Double(budget))],
        [("beta", a[7]), ("seed", seed)])
    }
    return .dict(
      FDict([
        ("selected", sampled),
        ("values", .tensor(Tensor(shape: [memberValues.count], f64: memberValues))),
        ("labels", labels), ("proxies", proxies), ("cluster_values", .tensor(clusterValues)),
      ]))
  }

  static let builtins: [Builtin] = [
    Builtin(
      "shed", module: "value",
      params: [
        .init("x", "tensor"), .init("utility", "function"), .init("k", "int"),
        .init("budget", "int"), .init("method", "string", default: .string("qocs")),
        .init("group", "int", default: .number(60)), .init("iters", "int", default: .number(20)),
        .init("beta", "number", default: .number(1)), .init("seed", "number", default: .number(0)),
      ],
      summary: "SHED: k-means proxies valued by group Shapley, then a QOCS/QWCS sample.",
      doc: "x holds one embedding per row. k-means (value.kmeans, seeded) gives k clusters and "
        + "value.proxies their proxies; value.group_shapley values the proxies with "
        + "utility(rows), which receives proxy row indices of x; every member takes its "
        + "cluster's value; value.qocs or value.qwcs picks `budget` rows. Returns {selected, "
        + "values (per row), labels, proxies, cluster_values}.",
      example: "len(value.shed(tensor([[0.0], [0.1], [5.0], [5.1]]), s -> len(s) / 2, 2, 3, "
        + "group=1, iters=2).selected)  # -> 3"
    ) { a in try shed(a) }
  ]
}

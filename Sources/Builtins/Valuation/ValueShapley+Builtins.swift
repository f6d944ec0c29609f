// The value Shapley builtins (docs/valuation.md, "Shapley values") over ValueShapley.
import Foundation
import Interp
import Tensor

extension ValueShapley {
  static let game =
    "u = s -> sqrt(min(1, sum(tensor([0.1, 0.4, 0.2, 0.3])[s])))"

  static let builtins: [Builtin] = [
    Builtin(
      "exact_shapley", module: "value",
      params: [.init("n", "int"), .init("utility", "function")],
      summary: "Exact Shapley values of utility(S) over n ≤ 20 players (2^n evaluations).",
      doc: "φ_i = Σ_{S ⊆ N∖i} |S|!(n−|S|−1)!/n! (U(S ∪ i) − U(S)); utility gets the subset as an "
        + "ascending int64 tensor (empty for ∅) and returns a number. Σφ = U(N) − U(∅).",
      example: "\(game); round(sum(value.exact_shapley(4, u)), 12)  # -> 1"
    ) { a in
      let n = try players(a, "value.exact_shapley")
      guard n <= 20 else {
        throw RuntimeError.value(
          "value.exact_shapley: n = \(n) needs 2^\(n) utility calls; exact values are limited "
            + "to n ≤ 20, use value.tmc_shapley (sampling) or value.knn_shapley")
      }
      var u = Utility(a, 1, "value.exact_shapley")
      return tensor(try exact(&u, n: n))
    },
    Builtin(
      "loo", module: "value", params: [.init("n", "int"), .init("utility", "function")],
      summary: "Leave-one-out values φ_i = U(N) − U(N ∖ {i}).",
      example: "\(game); round(value.loo(4, u)[1], 6)  # -> 0.225403"
    ) { a in
      let n = try players(a, "value.loo")
      var u = Utility(a, 1, "value.loo")
      let full = try u(Array(0..<n))
      return tensor(try (0..<n).map { i in full - (try u((0..<n).filter { $0 != i })) })
    },
    Builtin(
      "tmc_shapley", module: "value",
      params: [
        .init("n", "int"), .init("utility", "function"),
        .init("perms", "int", default: .number(100)),
        .init("tol", "number", default: .number(0)), .init("rtol", "number", default: .null),
        .init("permutations", "list", default: .null), .init("seed", "number", default: .number(0)),
        .init("progress", "bool", default: .null),
      ],
      summary:
        "Permutation (truncated Monte Carlo) Shapley: {values, stderr, history, permutations}.",
      doc: "Per permutation (seeded, or given in `permutations`) the marginals U(S ∪ i) − U(S) "
        + "along it; once |U(N) − U(S)| < tol·|U(N)| the rest are 0 without calling U "
        + "(Ghorbani & Zou). values = mean marginals, stderr = their standard error, history = "
        + "[T, n] marginals. Stops after `perms`, when the mean relative change of the values over "
        + "the last 100 permutations is below `rtol`, or on Ctrl-C (with what was done; "
        + "`permutations` says how many, `stopped` why).",
      example: "\(game); value.tmc_shapley(4, u, permutations=[[0, 1, 2, 3]]).values[0]  "
        + "# -> 0.31622776601683794"
    ) { a in
      let n = try players(a, "value.tmc_shapley")
      let perms = try a.int(2)
      let tol = try a.number(3)
      guard perms >= 1, tol >= 0 else {
        throw RuntimeError.value("value.tmc_shapley: perms must be ≥ 1 and tol ≥ 0")
      }
      let rtol = a.isNil(4) ? nil : try a.number(4)
      let given = try orders(a[5], n: n, "value.tmc_shapley", "permutations")
      var u = Utility(a, 1, "value.tmc_shapley")
      let show = a.isNil(7) ? isatty(STDERR_FILENO) != 0 : try a.bool(7)
      let r = try tmc(
        &u, n: n, perms: perms, tol: tol, rtol: rtol, given: given,
        seed: try TensorRandom.seedValue(a, 6), show: show)
      if r.stopped == "interrupted" {
        FileHandle.standardError.write(
          Data("value.tmc_shapley: interrupted after \(r.history.count) permutations\n".utf8))
        a.interp.interruptRequested = false
      }
      let flat = r.history.flatMap { $0 }
      return .dict(
        FDict([
          ("values", tensor(r.values)), ("stderr", tensor(r.stderr)),
          ("history", .tensor(Tensor(shape: [r.history.count, n], f64: flat))),
          ("permutations", .number(Double(r.history.count))), ("calls", .number(Double(u.calls))),
          ("stopped", .string(r.stopped)),
        ]))
    },
    Builtin(
      "group_shapley", module: "value",
      params: [
        .init("n", "int"), .init("utility", "function"),
        .init("group", "int", default: .number(60)),
        .init("iters", "int", default: .number(20)), .init("base", "number", default: .number(0)),
        .init("orders", "list", default: .null), .init("seed", "number", default: .number(0)),
        .init("progress", "bool", default: .null),
      ],
      summary:
        "SHED's group-removal estimator: {values (mean over iterations), total, iterations}.",
      doc: "Each iteration removes the players in groups of `group` along a random (or given) "
        + "order, starting from all n; every member of a removed group scores U(before) − "
        + "U(after), with U(∅) = base. SHED's code sums over iterations (`total`); `values` is "
        + "the mean. With group = 1 it is the permutation estimator on the reversed order. A "
        + "progress line shows on a terminal; Ctrl-C returns the iterations completed.",
      example:
        "\(game); round(value.group_shapley(4, u, group=1, orders=[[0, 1, 2, 3]]).total[3], 6)"
        + "  # -> 0.547723"
    ) { a in
      let n = try players(a, "value.group_shapley")
      let (group, iters) = (try a.int(2), try a.int(3))
      guard group >= 1, iters >= 1 else {
        throw RuntimeError.value(
          "value.group_shapley: group and iters must be ≥ 1, got \(group) and \(iters)")
      }
      // Given orders, or one seeded permutation per iteration, drawn as the iteration starts.
      let given = try orders(a[5], n: n, "value.group_shapley", "orders")
      var stream = RandomStream(seed: try TensorRandom.seedValue(a, 6))
      let count = given?.count ?? iters
      let next = { (t: Int) throws -> [Int] in
        if let g = given { return g[t] }
        return try TensorRandom.randomCall { try stream.permutation(n: n) }.doubles.map { Int($0) }
      }
      var u = Utility(a, 1, "value.group_shapley")
      let show = a.isNil(7) ? isatty(STDERR_FILENO) != 0 : try a.bool(7)
      let (total, done) = try groups(
        &u, n: n, group: group, iterations: count, base: try a.number(4), show: show, order: next)
      if done < count {
        FileHandle.standardError.write(
          Data("value.group_shapley: interrupted after \(done) of \(count) iterations\n".utf8))
        a.interp.interruptRequested = false
      }
      let mean = Double(max(done, 1))
      return .dict(
        FDict([
          ("values", tensor(total.map { done > 0 ? $0 / mean : .nan })), ("total", tensor(total)),
          ("iterations", .number(Double(done))),
        ]))
    },
  ]
}

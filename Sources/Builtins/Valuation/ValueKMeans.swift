// value: k-means (k-means++ as scikit-learn, Lloyd with strict convergence, BLAS distances),
// proxies and the k sweep; docs/valuation.md.
//
// The algorithm lives in ValueKMeans+Lloyd.swift (Lloyd iterations) and ValueKMeans+Init.swift
// (k-means++ and the fit driver); proxies and the silhouette in ValueKMeans+Metrics.swift; this
// file checks arguments and builds the records. Docs: docs/valuation.md.
import Interp
import Tensor

enum ValueKMeans {
  /// A 2-d numeric tensor of finite values as row-major doubles; errors name the row.
  static func matrix(_ a: Arguments, _ i: Int) throws -> (x: [Double], n: Int, d: Int) {
    let name = a.builtin.fullName
    let param = a.builtin.params[i].name
    guard let t = a[i].asTensorValue, t.dtype != .str else {
      throw RuntimeError.type(
        "\(name): '\(param)' must be a 2-d numeric tensor, got \(a[i].typeName)")
    }
    guard t.rank == 2, t.shape[0] >= 1, t.shape[1] >= 1 else {
      throw RuntimeError(
        "ShapeError",
        "\(name): '\(param)' must be a 2-d tensor [rows, features], got shape \(shapeText(t.shape))"
      )
    }
    let (n, d) = (t.shape[0], t.shape[1])
    let x = t.doubles
    if let bad = x.firstIndex(where: { !$0.isFinite }) {
      throw RuntimeError.value(
        "\(name): '\(param)' row \(bad / d) holds \(formatNumber(x[bad])) (column \(bad % d)); "
          + "k-means needs finite values")
    }
    return (x, n, d)
  }

  /// The centroids of a `value.kmeans` result (a dict with `centroids`) or a [k, d] tensor.
  static func centroids(_ a: Arguments, _ i: Int, d: Int) throws -> (c: [Double], k: Int) {
    var v = a[i]
    if case .dict(let dict) = v {
      guard let c = dict["centroids"] else {
        throw RuntimeError.key(
          "\(a.builtin.fullName): 'km' must hold 'centroids' (a value.kmeans result)")
      }
      v = c
    }
    guard let t = v.asTensorValue, t.dtype != .str, t.rank == 2, t.shape[0] >= 1,
      t.shape[1] == d
    else {
      let got = v.asTensorValue.map { "shape \(shapeText($0.shape))" } ?? v.typeName
      throw RuntimeError(
        "ShapeError",
        "\(a.builtin.fullName): centroids must be [k, \(d)] (x has \(d) features), got \(got)")
    }
    return (t.doubles, t.shape[0])
  }

  /// The checked options of `value.kmeans` (arguments 1...6).
  static func options(_ a: Arguments, n: Int, d: Int) throws -> KMeansOptions {
    let k = try a.int(1)
    guard k >= 1, k <= n else {
      throw RuntimeError.value(
        "value.kmeans: k must be in 1...\(n) (the rows of x), got \(k)")
    }
    var initial: [Double]?
    switch a[2] {
    case .string(let s):
      guard s == "k-means++" else {
        throw RuntimeError.value(
          "value.kmeans: init must be \"k-means++\" or a [k, d] tensor of centres, got \(quote(s))")
      }
    default:
      guard let t = a[2].asTensorValue, t.dtype != .str else {
        throw a.fail(2, "\"k-means++\" or a [k, d] tensor")
      }
      guard t.shape == [k, d] else {
        throw RuntimeError(
          "ShapeError",
          "value.kmeans: 'init' has shape \(shapeText(t.shape)) but must be [k, d] = "
            + shapeText([k, d]))
      }
      let c = t.doubles
      if let bad = c.firstIndex(where: { !$0.isFinite }) {
        throw RuntimeError.value(
          "value.kmeans: 'init' row \(bad / d) holds \(formatNumber(c[bad])); centres must be finite"
        )
      }
      initial = c
    }
    let (nInit, maxIter, tol) = (try a.int(3), try a.int(4), try a.number(5))
    guard nInit >= 1 else {
      throw RuntimeError.value("value.kmeans: n_init must be ≥ 1, got \(nInit)")
    }
    guard maxIter >= 1 else {
      throw RuntimeError.value("value.kmeans: max_iter must be ≥ 1, got \(maxIter)")
    }
    guard tol >= 0, tol.isFinite else {
      throw RuntimeError.value("value.kmeans: tol must be finite and ≥ 0, got \(formatNumber(tol))")
    }
    return KMeansOptions(
      k: k, initial: initial, nInit: nInit, maxIter: maxIter, tol: tol,
      seed: try TensorRandom.seedValue(a, 6))
  }

  static func poll(_ interp: Interpreter) -> () throws -> Void {
    { if interp.interruptRequested { throw RuntimeError("Interrupted", "interrupted") } }
  }

  static func int64s(_ xs: [Int]) -> Value {
    .tensor(Tensor(shape: [xs.count], i64: xs.map(Int64.init)))
  }

  static let builtins: [Builtin] = kmeansBuiltins + metricBuiltins

  static let kmeansBuiltins: [Builtin] = [
    Builtin(
      "kmeans", module: "value",
      params: [
        .init("x", "tensor"), .init("k", "int"),
        .init("init", "string|tensor", default: .string("k-means++")),
        .init("n_init", "int", default: .number(1)),
        .init("max_iter", "int", default: .number(300)),
        .init("tol", "number", default: .number(1e-4)),
        .init("seed", "number", default: .number(0)),
      ],
      summary: "k-means of the rows of x [n, d] as scikit-learn's KMeans(algorithm=\"lloyd\").",
      doc: "Returns {centroids [k, d], labels (int64 [n]), inertia, n_iter}. init=\"k-means++\" "
        + "is scikit-learn's greedy variant (first centre uniform, then the best of 2+⌊ln k⌋ "
        + "candidates drawn ∝ D²) with FSL's random stream (seed): reproducible in FSL, not "
        + "NumPy's draws; a [k, d] tensor gives the starting centres, and then the result equals "
        + "scikit-learn's. Lloyd iterations assign each row to the nearest centre (squared "
        + "Euclidean, ‖c‖² − 2x·c through BLAS; ties → lower centre) until the labels stop "
        + "changing, the total squared centre shift is ≤ tol·mean_j Var(x[:, j]), or max_iter; "
        + "unless labels were unchanged the rows are relabelled with the final centres. An empty "
        + "cluster takes the row farthest from its centre. n_init restarts (k-means++ only) keep "
        + "the least inertia. Works in f64 on x centred by its column means, as scikit-learn. "
        + "Ctrl-C stops between iterations.",
      example: "value.kmeans([[0, 0], [1, 0], [9, 9], [10, 9]], 2, init=[[0, 0], [9, 9]])"
        + ".labels  # -> tensor([0, 0, 1, 1], dtype=i64)",
      effect: .random
    ) { a in
      let (x, n, d) = try matrix(a, 0)
      let o = try options(a, n: n, d: d)
      let run = try KMeansCore.fit(x: x, n: n, d: d, options: o, poll: poll(a.interp))
      return .dict(
        FDict([
          ("centroids", .tensor(Tensor(shape: [o.k, d], f64: run.centers))),
          ("labels", int64s(run.labels.map { Int($0) })),
          ("inertia", .number(run.inertia)), ("n_iter", .number(Double(run.nIter))),
        ]))
    },
    Builtin(
      "proxies", module: "value", params: [.init("x", "tensor"), .init("km", "dict|tensor")],
      summary: "Per cluster the row of x nearest its centroid (int64 [k]; ties → lower row).",
      doc: "As scikit-learn's pairwise_distances_argmin_min(centroids, x): squared Euclidean "
        + "distances ‖x‖² − 2x·c through BLAS. km is a value.kmeans result or any dict with "
        + "centroids [k, d] (or the centroid tensor itself). SHED values these rows only.",
      example: "value.proxies([[0, 0], [1, 0], [9, 9]], {centroids: [[0.9, 0], [8, 8]]})  "
        + "# -> tensor([1, 2], dtype=i64)"
    ) { a in
      let (x, n, d) = try matrix(a, 0)
      let (c, k) = try centroids(a, 1, d: d)
      return int64s(KMeansCore.proxies(x: x, n: n, d: d, centroids: c, k: k))
    },
  ]
}

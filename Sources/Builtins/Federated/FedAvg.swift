// fed.avg (docs/federated.md, "FedAvg"): the weighted average of client models, leaf by leaf over
// tensors and nested lists/dicts of one structure (an nn model {layers: [{w, b}], act}).
import Interp
import Tensor

enum FedAvg {
  /// Client weights: 1 each when `v` is nil, else K finite numbers ≥ 0 that are not all zero.
  /// Averages divide Σ w_k x_k by Σ w_k once (as np.average), so integer counts stay exact.
  static func weights(_ v: Value, count k: Int, _ who: String) throws -> [Double] {
    if case .null = v { return [Double](repeating: 1, count: k) }
    guard let t = v.asTensorValue, t.rank == 1, t.dtype != .str else {
      throw RuntimeError.type("\(who): 'weights' must be a list of \(k) numbers, got \(v.typeName)")
    }
    let w = t.doubles
    guard w.count == k else {
      throw RuntimeError.value("\(who): 'weights' has \(w.count) entries for \(k) clients")
    }
    if let i = w.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
      throw RuntimeError.value(
        "\(who): weight \(formatNumber(w[i])) of client \(i) must be finite and ≥ 0")
    }
    let total = w.reduce(0, +)
    guard total > 0 else { throw RuntimeError.value("\(who): the weights are all zero") }
    return w
  }

  /// Weights normalised to sum 1 (p_k = w_k / Σ w).
  static func proportions(_ v: Value, count k: Int, _ who: String) throws -> [Double] {
    let w = try weights(v, count: k, who)
    let total = w.reduce(0, +)
    return w.map { $0 / total }
  }

  /// Σ w_k x_k / Σ w_k for the leaves of one place in the models: numbers give a number, tensors a
  /// tensor (f32 stays f32; other dtypes give f64); other leaves (an activation name) must be
  /// equal in every model and are kept.
  static func leaf(_ xs: [Value], _ w: [Double], _ path: String) throws -> Value {
    let at = path.isEmpty ? "" : " at \(path)"
    let total = w.reduce(0, +)
    if xs.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
      return .number(zip(xs, w).reduce(0) { $0 + ($1.0.scalarDouble ?? 0) * $1.1 } / total)
    }
    guard case .tensor(let first) = xs[0] else {
      for (k, x) in xs.enumerated().dropFirst() where !Operators.equal(x, xs[0]) {
        throw RuntimeError.value(
          "fed.avg: client \(k)\(at) has \(x.repr) but client 0 has \(xs[0].repr); numbers "
            + "and tensors are averaged, other values must agree")
      }
      return xs[0]
    }
    guard first.dtype != .str else {
      throw RuntimeError.type("fed.avg: client 0\(at) is a str tensor, which has no average")
    }
    var acc = [Double](repeating: 0, count: first.count)
    for (k, x) in xs.enumerated() {
      guard case .tensor(let t) = x, t.dtype != .str else {
        throw RuntimeError.type(
          "fed.avg: client \(k)\(at) is a \(x.typeName) but client 0 has a tensor")
      }
      guard t.shape == first.shape else {
        throw RuntimeError(
          "ShapeError",
          "fed.avg: client \(k)\(at): shape \(shapeText(t.shape)) but client 0 has "
            + shapeText(first.shape))
      }
      let pk = w[k]
      if pk == 0 { continue }
      if t.dtype == .f64 {
        t.withElements(as: Double.self) { src in
          for i in 0..<acc.count { acc[i] += pk * src[i] }
        }
      } else {
        for (i, d) in t.doubles.enumerated() { acc[i] += pk * d }
      }
    }
    for i in 0..<acc.count { acc[i] /= total }
    let out = Tensor(shape: first.shape, f64: acc)
    return .tensor(first.dtype == .f32 ? out.astype(.f32) : out)
  }

  static let builtins: [Builtin] = [
    Builtin(
      "avg", module: "fed",
      params: [.init("models", "list"), .init("weights", "list", default: .null)],
      summary: "FedAvg: Σ p_k·model_k over tensors or nested lists/dicts of one structure.",
      doc: "p_k = weights normalised to sum 1 (FedAvg passes the clients' sample counts n_k); "
        + "equal weights when omitted. Models may be tensors, numbers or nested lists/dicts of "
        + "them (an nn model), all of one structure; other leaves (an activation name) must be "
        + "equal and are kept. f32 tensors stay f32 (the sum runs in f64). Clients are numbered "
        + "from 0 in messages, as list items.",
      example: "fed.avg([[1, 2], [3, 6], [0, 0]], weights=[10, 30, 60])  # -> [1, 2]"
    ) { a in
      let models = try a.list(0)
      guard !models.isEmpty else {
        throw RuntimeError.value("fed.avg: 'models' is empty; pass a list of client models")
      }
      let w = try weights(a[1], count: models.count, "fed.avg")
      let walk = CoreTree.Walk(caller: "fed.avg", plural: "models") { "client \($0)" }
      return try CoreTree.zip(walk, models) { leaves, path in try leaf(leaves, w, path) }
    }
  ]
}

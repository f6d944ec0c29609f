// fed LoRA aggregation (docs/federated.md, "LoRA aggregation"): FedAvg of the factors (FedIT),
// FLoRA stacking and zero-padding (HetLoRA), with the merge into the base weights and the
// aggregation noise ‖ΔW_agg − Σ p_k B_k A_k‖_F. A client's adapter is A [r, d_in] and B [d_out, r]
// (ΔW = B·A); As and Bs come as separate lists, so a square factor is never ambiguous. Algebra in
// f64 through BLAS.
import Interp
import Tensor

/// One client's adapter as row-major f64 matrices.
struct LoRAFactor {
  var a: [Double]
  var b: [Double]
  var rank: Int
}

/// The clients' adapters of one layer, checked, with their weights normalised to sum 1.
struct LoRAClients {
  var factors: [LoRAFactor]
  var p: [Double]
  var dIn: Int
  var dOut: Int

  var ranks: [Int] { factors.map(\.rank) }

  init(_ av: Value, _ bv: Value, weights: Value, _ who: String) throws {
    let (aList, bList) = (try Self.list(av, "As", who), try Self.list(bv, "Bs", who))
    guard !aList.isEmpty else { throw RuntimeError.value("\(who): 'As' is empty") }
    guard aList.count == bList.count else {
      throw RuntimeError.value(
        "\(who): 'As' has \(aList.count) and 'Bs' \(bList.count) matrices; pass one A and one B "
          + "per client")
    }
    var factors: [LoRAFactor] = []
    var (dIn, dOut) = (0, 0)
    for (k, (av, bv)) in zip(aList, bList).enumerated() {
      let (a, b) = (try Self.matrix(av, "A", k, who), try Self.matrix(bv, "B", k, who))
      guard a.shape[0] == b.shape[1] else {
        throw RuntimeError(
          "ShapeError",
          "\(who): client \(k): A is \(shapeText(a.shape)), B is \(shapeText(b.shape)); A's rows "
            + "(the rank) must equal B's columns")
      }
      if k == 0 {
        (dIn, dOut) = (a.shape[1], b.shape[0])
      } else if a.shape[1] != dIn || b.shape[0] != dOut {
        throw RuntimeError(
          "ShapeError",
          "\(who): client \(k): ΔW = B·A is [\(b.shape[0]), \(a.shape[1])] but client 0's is "
            + "[\(dOut), \(dIn)]; every client adapts the same layer")
      }
      factors.append(LoRAFactor(a: a.doubles, b: b.doubles, rank: a.shape[0]))
    }
    self.factors = factors
    self.p = try FedAvg.proportions(weights, count: factors.count, who)
    self.dIn = dIn
    self.dOut = dOut
  }

  /// A list of matrices; a 3-d tensor (what a literal of equal-shape matrices becomes) gives
  /// its items.
  static func list(_ v: Value, _ name: String, _ who: String) throws -> [Value] {
    if case .list(let xs) = v { return xs }
    if case .tensor(let t) = v, t.rank == 3 { return t.items }
    throw RuntimeError.type("\(who): '\(name)' must be a list of matrices, got \(v.typeName)")
  }

  static func matrix(_ v: Value, _ name: String, _ k: Int, _ who: String) throws -> Tensor {
    guard let t = v.asTensorValue, t.rank == 2, t.dtype != .str else {
      throw RuntimeError(
        "ShapeError",
        "\(who): client \(k): \(name) must be a 2-d tensor, got \(v.typeName)"
          + (v.asTensorValue.map { " of shape \(shapeText($0.shape))" } ?? ""))
    }
    return t
  }

  /// Σ_k p_k s_k B_k A_k, the update the clients' adapters ask for together.
  func ideal(scales: [Double]? = nil) -> [Double] {
    var out = [Double](repeating: 0, count: dOut * dIn)
    for (k, f) in factors.enumerated() {
      LoRA.gemm(f.b, f.a, dOut, f.rank, dIn, alpha: p[k] * (scales?[k] ?? 1), into: &out)
    }
    return out
  }

  /// The ranks must agree (FedAvg of factors).
  func equalRanks(_ who: String) throws -> Int {
    let r = factors[0].rank
    if let k = factors.firstIndex(where: { $0.rank != r }) {
      throw RuntimeError.value(
        "\(who): ranks differ (client 0 has \(r), client \(k) has \(factors[k].rank)); averaging "
          + "factors needs equal ranks: use fed.flora (stacking, exact) or fed.hetlora "
          + "(zero-padding)")
    }
    return r
  }

  /// FedAvg of the factors: (Σ p_k A_k, Σ p_k B_k), each zero-padded to the largest rank (no
  /// padding happens when the ranks agree).
  func averaged() -> (a: [Double], b: [Double], rank: Int) {
    let r = factors.map(\.rank).max() ?? 0
    var a = [Double](repeating: 0, count: r * dIn)
    var b = [Double](repeating: 0, count: dOut * r)
    for (k, f) in factors.enumerated() {
      for i in 0..<(f.rank * dIn) { a[i] += p[k] * f.a[i] }
      for i in 0..<dOut {
        for j in 0..<f.rank { b[i * r + j] += p[k] * f.b[i * f.rank + j] }
      }
    }
    return (a, b, r)
  }

  /// FLoRA stacking: rows p_k s_k A_k stacked, columns B_k side by side (rank Σ r_k).
  func stacked(scales: [Double]?) -> (a: [Double], b: [Double], rank: Int) {
    let r = factors.reduce(0) { $0 + $1.rank }
    var a: [Double] = []
    a.reserveCapacity(r * dIn)
    var b = [Double](repeating: 0, count: dOut * r)
    var col = 0
    for (k, f) in factors.enumerated() {
      let c = p[k] * (scales?[k] ?? 1)
      a += f.a.map { $0 * c }
      for i in 0..<dOut {
        for j in 0..<f.rank { b[i * r + col + j] = f.b[i * f.rank + j] }
      }
      col += f.rank
    }
    return (a, b, r)
  }
}

enum LoRA {
  /// out += alpha · X [m, k] · Y [k, n] (row-major, BLAS).
  static func gemm(
    _ x: [Double], _ y: [Double], _ m: Int, _ k: Int, _ n: Int, alpha: Double = 1,
    into out: inout [Double]
  ) {
    x.withUnsafeBufferPointer { xp in
      y.withUnsafeBufferPointer { yp in
        out.withUnsafeMutableBufferPointer { op in
          guard let xa = xp.baseAddress, let ya = yp.baseAddress, let oa = op.baseAddress else {
            return
          }
          Kernels.dgemm(
            m: m, n: n, k: k, alpha: alpha, a: xa, lda: max(k, 1), b: ya, ldb: max(n, 1),
            beta: 1, c: oa, ldc: max(n, 1))
        }
      }
    }
  }

  static func product(_ b: [Double], _ a: [Double], _ c: LoRAClients, rank: Int) -> [Double] {
    var out = [Double](repeating: 0, count: c.dOut * c.dIn)
    gemm(b, a, c.dOut, rank, c.dIn, into: &out)
    return out
  }

  static func frobenius(_ x: [Double], _ y: [Double]) -> Double {
    zip(x, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
  }

  static func adapter(_ a: [Double], _ b: [Double], _ c: LoRAClients, rank: Int) -> [(
    String, Value
  )] {
    [
      ("A", .tensor(Tensor(shape: [rank, c.dIn], f64: a))),
      ("B", .tensor(Tensor(shape: [c.dOut, rank], f64: b))),
    ]
  }

  /// Per-client scales s_k (K finite numbers), or nil.
  static func scales(_ v: Value, count k: Int, _ who: String) throws -> [Double]? {
    if case .null = v { return nil }
    guard let t = v.asTensorValue, t.rank <= 1, t.dtype != .str else {
      throw RuntimeError.type("\(who): 'scales' must be a list of \(k) numbers, got \(v.typeName)")
    }
    let s = t.rank == 0 ? [Double](repeating: t.doubles[0], count: k) : t.doubles
    guard s.count == k, s.allSatisfy(\.isFinite) else {
      throw RuntimeError.value(
        "\(who): 'scales' must hold one finite number per client (\(k)), got \(s.count) values")
    }
    return s
  }
}

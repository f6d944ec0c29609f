// Tensor arithmetic for backward passes: f64 throughout, broadcasting undone by summing
// (`sumTo`), and the scatter-add that is the transpose of every gather.
import Interp
import Tensor

enum GradMath {
  static func f64(_ t: Tensor) -> Tensor { t.dtype == .f64 ? t : t.astype(.f64) }

  static func bin(_ k: BinaryKernel, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    try tensorCall { try Tensor.binary(k, f64(a), f64(b)) }
  }
  static func add(_ a: Tensor, _ b: Tensor) throws -> Tensor { try bin(.add, a, b) }
  static func sub(_ a: Tensor, _ b: Tensor) throws -> Tensor { try bin(.sub, a, b) }
  static func mul(_ a: Tensor, _ b: Tensor) throws -> Tensor { try bin(.mul, a, b) }
  static func div(_ a: Tensor, _ b: Tensor) throws -> Tensor { try bin(.div, a, b) }
  static func neg(_ a: Tensor) throws -> Tensor { f64(a).mapF64 { -$0 } }
  static func scale(_ a: Tensor, _ s: Double) -> Tensor { f64(a).mapF64 { $0 * s } }
  static func scalar(_ d: Double) -> Tensor { Tensor(scalar: d) }

  /// `f(x)` elementwise.
  static func map(_ x: Tensor, _ f: (Double) -> Double) -> Tensor { f64(x).mapF64(f) }

  /// `g * f(x)` elementwise for same-shape g and x (the common unary-op backward).
  static func times(_ g: Tensor, _ x: Tensor, _ f: (Double) -> Double) throws -> Tensor {
    let gx = f64(g)
    let xx = f64(x)
    guard gx.shape == xx.shape else { return try mul(gx, map(xx, f)) }
    var out = Tensor(uninitializedShape: xx.shape, dtype: .f64)
    gx.withElements(as: Double.self) { gp in
      xx.withElements(as: Double.self) { xp in
        out.withMutableElements(as: Double.self) { op in
          for i in 0..<op.count { op[i] = gp[i] * f(xp[i]) }
        }
      }
    }
    return out
  }

  /// Sums `g` down to `shape`, undoing broadcasting.
  static func sumTo(_ g: Tensor, _ shape: [Int]) throws -> Tensor {
    if g.shape == shape { return g }
    let lead = g.rank - shape.count
    var axes = Array(0..<max(lead, 0))
    for (i, d) in shape.enumerated() where d == 1 && g.shape[i + lead] != 1 {
      axes.append(i + lead)
    }
    let r = try tensorCall { try f64(g).reduce(.sum, axes: axes, keepdims: true) }
    return r.reshaped(shape)
  }

  /// The transpose of a gather: a tensor of `shape` whose element p holds the sum of g[k] over
  /// the k with positions[k] == p.
  static func scatterAdd(_ g: Tensor, positions: Tensor, shape: [Int]) throws -> Tensor {
    let n = shape.reduce(1, *)
    var acc = [Double](repeating: 0, count: n)
    let gv = f64(g).doubles
    let pv = positions.doubles
    guard gv.count == pv.count else {
      preconditionFailure("internal: gather gradient of \(gv.count) for \(pv.count) positions")
    }
    for k in 0..<pv.count { acc[Int(pv[k])] += gv[k] }
    return Tensor(shape: shape, f64: acc)
  }

  /// Swaps the last two axes (a no-op below rank 2).
  static func mT(_ t: Tensor) throws -> Tensor {
    guard t.rank >= 2 else { return t }
    var perm = Array(0..<t.rank)
    perm.swapAt(t.rank - 1, t.rank - 2)
    return try tensorCall { try t.transposed(perm) }
  }

  static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    try tensorCall { try Tensor.matmul(f64(a), f64(b)) }
  }

  /// `op(a) @ op(b)` for f64 matrices, op = transpose when asked (BLAS flags, no copies).
  static func gemm(_ a: Tensor, _ b: Tensor, transA: Bool = false, transB: Bool = false) -> Tensor {
    let (x, y) = (f64(a), f64(b))
    let m = transA ? x.shape[1] : x.shape[0]
    let k = transA ? x.shape[0] : x.shape[1]
    let n = transB ? y.shape[0] : y.shape[1]
    var out = Tensor(uninitializedShape: [m, n], dtype: .f64)
    x.withElements(as: Double.self) { pa in
      y.withElements(as: Double.self) { pb in
        out.withMutableElements(as: Double.self) { po in
          guard let a = pa.baseAddress, let b = pb.baseAddress, let c = po.baseAddress else {
            return
          }
          Kernels.dgemm(
            transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: x.shape[1], b: b,
            ldb: y.shape[1], c: c, ldc: n)
        }
      }
    }
    return out
  }

  /// Gradients of `x @ y` (NumPy's rules for 1-d operands and batch broadcasting); only the
  /// ones asked for are computed.
  static func matmulGrads(_ x: Tensor, _ y: Tensor, _ g: Tensor, need: (Bool, Bool) = (true, true))
    throws -> [Tensor?]
  {
    if x.rank == 2 && y.rank == 2 && g.rank == 2 {
      return [
        need.0 ? gemm(g, y, transB: true) : nil,
        need.1 ? gemm(x, g, transA: true) : nil,
      ]
    }
    let x2 = x.rank == 1 ? x.reshaped([1, x.count]) : x
    let y2 = y.rank == 1 ? y.reshaped([y.count, 1]) : y
    var gshape = g.shape
    if x.rank == 1 { gshape.insert(1, at: max(gshape.count - (y.rank == 1 ? 0 : 1), 0)) }
    if y.rank == 1 { gshape.append(1) }
    let g2 = g.reshaped(gshape)
    let gx = need.0 ? try sumTo(try matmul(g2, try mT(y2)), x2.shape).reshaped(x.shape) : nil
    let gy = need.1 ? try sumTo(try matmul(try mT(x2), g2), y2.shape).reshaped(y.shape) : nil
    return [gx, gy]
  }
}

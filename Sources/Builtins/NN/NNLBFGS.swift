// nn.lbfgs: limited-memory BFGS (two-loop recursion, m pairs) with a backtracking Armijo line
// search, minimising an FSL function of one tensor through `value_and_grad`.
import Foundation
import Interp
import Tensor

enum NNLBFGS {
  struct Result {
    var x: [Double]
    var value: Double
    var gradNorm: Double
    var iterations: Int
    var converged: Bool
  }

  static func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in 0..<a.count { s += a[i] * b[i] }
    return s
  }

  /// Minimises `f` from `x0`; `f` returns (value, gradient) for a point.
  static func minimize(
    _ x0: [Double], maxIter: Int, tol: Double, memory: Int,
    _ f: ([Double]) throws -> (Double, [Double])
  ) throws -> Result {
    var x = x0
    var (fx, g) = try f(x)
    var s: [[Double]] = []
    var y: [[Double]] = []
    var iter = 0
    func infNorm(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }
    while iter < maxIter && infNorm(g) > tol {
      iter += 1
      // Two-loop recursion: d = -H g.
      var q = g
      var alphas: [Double] = []
      for i in stride(from: s.count - 1, through: 0, by: -1) {
        let a = dot(s[i], q) / dot(y[i], s[i])
        alphas.append(a)
        for j in 0..<q.count { q[j] -= a * y[i][j] }
      }
      var gamma = 1.0
      if let sl = s.last, let yl = y.last { gamma = dot(sl, yl) / dot(yl, yl) }
      for j in 0..<q.count { q[j] *= gamma }
      for i in 0..<s.count {
        let b = dot(y[i], q) / dot(y[i], s[i])
        let a = alphas[s.count - 1 - i]
        for j in 0..<q.count { q[j] += s[i][j] * (a - b) }
      }
      var d = q.map { -$0 }
      var slope = dot(g, d)
      if slope >= 0 {
        // Not a descent direction: restart from steepest descent.
        d = g.map { -$0 }
        slope = -dot(g, g)
        s.removeAll()
        y.removeAll()
      }
      var step = s.isEmpty ? min(1, 1 / max(g.reduce(0) { $0 + abs($1) }, 1e-300)) : 1.0
      var accepted = false
      var xn = x
      var fn = fx
      var gn = g
      for _ in 0..<60 {
        xn = zip(x, d).map { $0 + step * $1 }
        (fn, gn) = try f(xn)
        if fn.isFinite && fn <= fx + 1e-4 * step * slope {
          accepted = true
          break
        }
        step *= 0.5
      }
      guard accepted else { break }
      let sk = zip(xn, x).map { $0 - $1 }
      let yk = zip(gn, g).map { $0 - $1 }
      if dot(sk, yk) > 1e-12 * max(dot(yk, yk), 1e-300) {
        s.append(sk)
        y.append(yk)
        if s.count > memory {
          s.removeFirst()
          y.removeFirst()
        }
      }
      (x, fx, g) = (xn, fn, gn)
    }
    return Result(
      x: x, value: fx, gradNorm: infNorm(g), iterations: iter, converged: infNorm(g) <= tol)
  }

  static let builtins: [Builtin] = [
    Builtin(
      "lbfgs", module: "nn",
      params: [
        .init("f", "function"), .init("x0", "tensor"),
        .init("max_iter", "int", default: .number(200)),
        .init("tol", "number", default: .number(1e-6)), .init("m", "int", default: .number(10)),
      ],
      summary: "Minimises f(x) from x0 by L-BFGS with gradients from grad; returns {x, value, …}.",
      doc: "Stops when the largest gradient component is ≤ tol or after max_iter iterations. "
        + "The result also holds grad_norm (max |gradient|), n_iter and converged.",
      example: "round(nn.lbfgs(x -> sum((x - [1, 2]) ^ 2), [0.0, 0.0]).x, 6)  # -> [1, 2]"
    ) { a in
      let x0 = try a.tensor(1)
      let shape = x0.shape
      let f = a[0]
      let interp = a.interp
      let r = try minimize(
        GradMath.f64(x0).doubles, maxIter: try a.int(2), tol: try a.number(3),
        memory: max(try a.int(4), 1)
      ) { x in
        let point = Value.wrapping(Tensor(shape: shape, f64: x))
        let (v, g) = try GradBuiltins.evaluate("nn.lbfgs", f, [point], [0], single: true, interp)
        guard let value = v.scalarDouble, let gt = g.asTensorOperand else {
          throw RuntimeError.type("nn.lbfgs: f must return a number")
        }
        return (value, GradMath.f64(gt).doubles)
      }
      return .dict(
        FDict([
          ("x", Value.wrapping(Tensor(shape: shape, f64: r.x))), ("value", .number(r.value)),
          ("grad_norm", .number(r.gradNorm)), ("n_iter", .number(Double(r.iterations))),
          ("converged", .bool(r.converged)),
        ]))
    }
  ]
}

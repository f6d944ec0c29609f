// nn.logreg: L2-regularised logistic regression with scikit-learn's objective
//   C · Σ log-loss + ½‖W‖²   (intercept not penalised; l2 = λ means C = 1/λ),
// binary (one weight row) or multinomial (one row per class), fitted by Newton's method with a
// backtracking line search to machine precision, so it matches lbfgs run to convergence.
//
// Multinomial softmax is invariant to adding a constant to every intercept; that direction is
// flat. Gradients are orthogonal to it, so Newton steps are solved with the Hessian plus the
// projector onto it, which keeps the intercepts summing to zero, as lbfgs from zero does.
import Foundation
import Interp
import Tensor

enum NNLogReg {
  struct Problem {
    let x: Tensor  // [n, d + 1], last column 1 (intercept)
    let t: [Double]  // [n, k] one-hot targets (k = 1 for binary: the positive indicator)
    let n: Int
    let d: Int
    let k: Int
    let c: Double
  }

  /// Scores [n, k] for parameters θ ([k, d + 1] row-major).
  static func scores(_ p: Problem, _ theta: [Double]) throws -> [Double] {
    let w = Tensor(shape: [p.k, p.d + 1], f64: theta)
    return try tensorCall { try Tensor.matmul(p.x, try w.transposed()) }.doubles
  }

  /// Probabilities [n, k] (sigmoid for binary, softmax otherwise) and the objective.
  static func evaluate(_ p: Problem, _ theta: [Double]) throws -> (probs: [Double], f: Double) {
    let z = try scores(p, theta)
    var probs = z
    var loss = 0.0
    if p.k == 1 {
      for i in 0..<p.n {
        let zi = z[i]
        loss += CoreMath.softplus(zi) - p.t[i] * zi
        probs[i] = CoreMath.sigmoid(zi)
      }
    } else {
      let lse = NNLosses.lse(z, p.n, p.k)
      for i in 0..<p.n {
        for j in 0..<p.k {
          probs[i * p.k + j] = Foundation.exp(z[i * p.k + j] - lse[i])
          loss += p.t[i * p.k + j] * (lse[i] - z[i * p.k + j])
        }
      }
    }
    var penalty = 0.0
    for j in 0..<p.k {
      for q in 0..<p.d { penalty += theta[j * (p.d + 1) + q] * theta[j * (p.d + 1) + q] }
    }
    return (probs, p.c * loss + 0.5 * penalty)
  }

  /// Gradient and Hessian of the objective at θ.
  static func derivatives(_ p: Problem, _ theta: [Double], _ probs: [Double]) throws -> (
    [Double], Tensor
  ) {
    let m = p.d + 1
    let size = p.k * m
    let resid = Tensor(shape: [p.n, p.k], f64: zip(probs, p.t).map { p.c * ($0 - $1) })
    var grad = try tensorCall { try Tensor.matmul(try resid.transposed(), p.x) }.doubles
    var h = [Double](repeating: 0, count: size * size)
    let xs = p.x.doubles
    for a in 0..<p.k {
      for b in a..<p.k {
        // C · X̃ᵀ diag(w) X̃ with w = p_a(δ_ab − p_b) (binary: p(1 − p)).
        var scaled = xs
        for i in 0..<p.n {
          let pa = probs[i * p.k + a]
          let w = p.k == 1 ? pa * (1 - pa) : pa * ((a == b ? 1 : 0) - probs[i * p.k + b])
          for q in 0..<m { scaled[i * m + q] *= p.c * w }
        }
        let block = try tensorCall {
          try Tensor.matmul(try p.x.transposed(), Tensor(shape: [p.n, m], f64: scaled))
        }.doubles
        for r in 0..<m {
          for q in 0..<m {
            h[(a * m + r) * size + b * m + q] = block[r * m + q]
            h[(b * m + q) * size + a * m + r] = block[r * m + q]
          }
        }
      }
    }
    for j in 0..<p.k {
      for q in 0..<p.d {
        grad[j * m + q] += theta[j * m + q]
        h[(j * m + q) * size + j * m + q] += 1
      }
    }
    if p.k > 1 {
      // + projector onto the flat direction (all intercepts up by the same amount).
      for a in 0..<p.k {
        for b in 0..<p.k { h[(a * m + p.d) * size + b * m + p.d] += 1 / Double(p.k) }
      }
    }
    return (grad, Tensor(shape: [size, size], f64: h))
  }

  static func fit(_ p: Problem, maxIter: Int, tol: Double) throws -> (
    theta: [Double], iterations: Int, f: Double
  ) {
    var theta = [Double](repeating: 0, count: p.k * (p.d + 1))
    var (probs, f) = try evaluate(p, theta)
    var iter = 0
    while iter < maxIter {
      iter += 1
      let (g, h) = try derivatives(p, theta, probs)
      if g.reduce(0, { max($0, abs($1)) }) <= tol { break }
      let step = try tensorCall { try Tensor.solve(h, Tensor(shape: [g.count], f64: g)) }.doubles
      let slope = zip(g, step).reduce(0) { $0 + $1.0 * $1.1 }
      var t = 1.0
      var accepted = false
      for _ in 0..<50 {
        let cand = zip(theta, step).map { $0 - t * $1 }
        let (cp, cf) = try evaluate(p, cand)
        if cf <= f - 1e-4 * t * slope || (cf <= f && t < 1e-6) {
          (theta, probs, f) = (cand, cp, cf)
          accepted = true
          break
        }
        t *= 0.5
      }
      if !accepted
        || step.reduce(0, { max($0, abs($1)) }) * t <= 1e-14
          * (1 + theta.reduce(0) { max($0, abs($1)) })
      {
        break
      }
    }
    return (theta, iter, f)
  }
}

// The nn.logreg builtin: argument checks, the fitted model dict and its predict functions.
import Foundation
import Interp
import Tensor

extension NNLogReg {
  struct Model {
    let coef: [Double]  // [k, d]
    let intercept: [Double]  // [k]
    let classes: [Double]
    let d: Int
    let k: Int

    /// Class probabilities [n, classes].
    func proba(_ x: Tensor) throws -> Tensor {
      guard x.rank == 2, x.shape[1] == d else {
        throw RuntimeError(
          "ShapeError", "logreg: x must have shape [n, \(d)], got \(shapeText(x.shape))")
      }
      let w = Tensor(shape: [k, d], f64: coef)
      let z = try tensorCall { try Tensor.matmul(GradMath.f64(x), try w.transposed()) }.doubles
      let n = x.shape[0]
      var out: [Double] = []
      out.reserveCapacity(n * classes.count)
      for i in 0..<n {
        if k == 1 {
          let p = CoreMath.sigmoid(z[i] + intercept[0])
          out += [1 - p, p]
        } else {
          let row = (0..<k).map { z[i * k + $0] + intercept[$0] }
          let m = row.max() ?? 0
          let e = row.map { Foundation.exp($0 - m) }
          let s = e.reduce(0, +)
          out += e.map { $0 / s }
        }
      }
      return Tensor(shape: [n, classes.count], f64: out)
    }

    func predict(_ x: Tensor) throws -> Tensor {
      let p = try proba(x)
      let c = classes.count
      let labels = (0..<p.shape[0]).map { i -> Double in
        let row = p.doubles[(i * c)..<(i * c + c)]
        let best = row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) } ?? 0
        return classes[best - i * c]
      }
      return Tensor(shape: [labels.count], f64: labels)
    }
  }

  static func builtin(_ name: String, _ summary: String, _ f: @escaping (Tensor) throws -> Tensor)
    -> Value
  {
    .builtin(
      Builtin(name, params: [.init("x", "tensor")], summary: summary, example: "") { a in
        .tensor(try f(try a.tensor(0)))
      })
  }

  static func run(_ a: Arguments) throws -> Value {
    let x = try a.tensor(0)
    let y = try a.tensor(1)
    guard x.rank == 2, x.shape[0] > 0 else {
      throw RuntimeError(
        "ShapeError", "nn.logreg: 'x' must be [n, features], got \(shapeText(x.shape))")
    }
    let (n, d) = (x.shape[0], x.shape[1])
    guard y.count == n, y.rank == 1 else {
      throw RuntimeError(
        "ShapeError",
        "nn.logreg: 'y' must hold \(n) labels (one per row of x), got shape \(shapeText(y.shape))")
    }
    let c = a.isNil(3) ? try a.number(2) : 1 / (try a.number(3))
    guard c > 0, c.isFinite else {
      throw RuntimeError.value("nn.logreg: C must be positive (l2 = 1/C), got \(formatNumber(c))")
    }
    let labels = y.doubles
    let classes = Array(Set(labels)).sorted()
    guard classes.count >= 2 else {
      throw RuntimeError.value("nn.logreg: y needs at least 2 classes, got \(classes.count)")
    }
    guard !x.doubles.contains(where: { !$0.isFinite }) else {
      throw RuntimeError.value("nn.logreg: x contains nan or inf")
    }
    let k = classes.count == 2 ? 1 : classes.count
    var t = [Double](repeating: 0, count: n * k)
    for (i, l) in labels.enumerated() {
      let j = classes.firstIndex(of: l) ?? 0
      if k == 1 { t[i] = Double(j) } else { t[i * k + j] = 1 }
    }
    var xt = [Double](repeating: 1, count: n * (d + 1))
    let xv = x.doubles
    for i in 0..<n { for q in 0..<d { xt[i * (d + 1) + q] = xv[i * d + q] } }
    let problem = Problem(x: Tensor(shape: [n, d + 1], f64: xt), t: t, n: n, d: d, k: k, c: c)
    let (theta, iters, f) = try fit(problem, maxIter: try a.int(4), tol: try a.number(5))
    var coef: [Double] = []
    var intercept: [Double] = []
    for j in 0..<k {
      coef += theta[(j * (d + 1))..<(j * (d + 1) + d)]
      intercept.append(theta[j * (d + 1) + d])
    }
    let model = Model(coef: coef, intercept: intercept, classes: classes, d: d, k: k)
    return .dict(
      FDict([
        ("coef", .tensor(Tensor(shape: [k, d], f64: coef))),
        ("intercept", .tensor(Tensor(shape: [k], f64: intercept))),
        ("classes", .tensor(Tensor(shape: [classes.count], f64: classes))),
        ("n_iter", .number(Double(iters))), ("objective", .number(f)),
        ("predict", builtin("predict", "Predicted class labels for rows of x.", model.predict)),
        (
          "predict_proba",
          builtin("predict_proba", "Class probabilities [n, classes].", model.proba)
        ),
      ]))
  }

  static let builtins: [Builtin] = [
    Builtin(
      "logreg", module: "nn",
      params: [
        .init("x", "tensor"), .init("y", "tensor"), .init("C", "number", default: .number(1)),
        .init("l2", "number", default: .null), .init("max_iter", "int", default: .number(100)),
        .init("tol", "number", default: .number(1e-10)),
      ],
      summary: "Logistic regression (binary or multinomial) with scikit-learn's L2 objective.",
      doc: "Minimises C·Σ log-loss + ½‖W‖² (intercept unpenalised; `l2=λ` sets C = 1/λ) by "
        + "Newton's method to a gradient below `tol`, matching scikit-learn's LogisticRegression "
        + "(lbfgs) at convergence. Returns {coef [k, d], intercept [k], classes, n_iter, "
        + "objective, predict, predict_proba}; k = 1 for two classes.",
      example: "nn.logreg([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1]).predict([[3.0]])  # -> [1]"
    ) { a in try run(a) }
  ]
}

// nn optimisers (docs/nn.md): sgd (momentum, weight decay) and adam as stateful optimizer objects
// with PyTorch's update rules, `nn.step` / `opt.step(params, grads)`, and nn.lbfgs.
import Foundation
import Interp
import Tensor

/// An optimiser and its per-parameter state (moments, in the parameters' traversal order).
final class Optimizer: ForeignObject {
  enum Kind: String { case sgd, adam }
  let kind: Kind
  var lr: Double
  let momentum, weightDecay, beta1, beta2, eps: Double
  var steps = 0
  var first: [[Double]] = []
  var second: [[Double]] = []

  init(
    _ kind: Kind, lr: Double, momentum: Double = 0, weightDecay: Double = 0, beta1: Double = 0.9,
    beta2: Double = 0.999, eps: Double = 1e-8
  ) {
    self.kind = kind
    self.lr = lr
    self.momentum = momentum
    self.weightDecay = weightDecay
    self.beta1 = beta1
    self.beta2 = beta2
    self.eps = eps
  }

  var typeName: String { "optimizer" }
  var repr: String { "<\(kind.rawValue) lr=\(formatNumber(lr))>" }
  var methodModule: String { "nn" }

  /// One update of `params` by `grads` (same structure; nil gradients leave a leaf alone).
  func step(_ params: Value, _ grads: Value) throws -> Value {
    steps += 1
    var leaf = 0
    return try update(params, grads, &leaf, path: "params")
  }

  private func update(_ p: Value, _ g: Value, _ leaf: inout Int, path: String) throws -> Value {
    switch (p, g) {
    case (.dict(let pd), .dict(let gd)):
      var out: [(String, Value)] = []
      for (k, v) in pd {
        out.append((k, try update(v, gd[k] ?? .null, &leaf, path: "\(path).\(k)")))
      }
      return .dict(FDict(out))
    case (.list(let ps), .list(let gs)) where ps.count == gs.count:
      return .list(
        try zip(ps, gs).enumerated().map { i, pg in
          try update(pg.0, pg.1, &leaf, path: "\(path)[\(i)]")
        })
    default:
      let tensor: Tensor
      switch p {
      case .tensor(let t) where t.dtype.isFloat: tensor = t
      case .number(let d): tensor = Tensor(scalar: d)
      default: return p
      }
      if case .null = g { return p }
      guard let gt = g.asTensorOperand, gt.shape == tensor.shape else {
        throw RuntimeError(
          "ShapeError",
          "nn.step: the gradient of \(path) must have shape \(shapeText(tensor.shape)), got "
            + GradBuiltins.describe(g))
      }
      let r = apply(tensor, gt, leaf)
      leaf += 1
      return Value.wrapping(r)
    }
  }

  private func apply(_ p: Tensor, _ g: Tensor, _ leaf: Int) -> Tensor {
    var out = GradMath.f64(p)
    let grad = GradMath.f64(g)
    let n = out.count
    while first.count <= leaf {
      first.append([Double](repeating: 0, count: n))
      second.append(kind == .adam ? [Double](repeating: 0, count: n) : [])
    }
    let t = Double(steps)
    let c1 = 1 - Foundation.pow(beta1, t)
    let c2 = 1 - Foundation.pow(beta2, t)
    let (kind, lr, momentum, decay, b1, b2, eps) = (
      kind, lr, momentum, weightDecay, beta1, beta2, eps
    )
    let firstStep = steps == 1
    // Straight loops without branches, so that they vectorise.
    grad.withElements(as: Double.self) { gv in
      out.withMutableElements(as: Double.self) { x in
        first[leaf].withUnsafeMutableBufferPointer { m in
          second[leaf].withUnsafeMutableBufferPointer { v in
            guard let g = gv.baseAddress, let x = x.baseAddress, let m = m.baseAddress else {
              return
            }
            switch kind {
            case .sgd where momentum == 0:
              for i in 0..<n { x[i] -= lr * (g[i] + decay * x[i]) }
            case .sgd:
              let keep = firstStep ? 0 : momentum
              for i in 0..<n {
                m[i] = keep * m[i] + g[i] + decay * x[i]
                x[i] -= lr * m[i]
              }
            case .adam:
              guard let v = v.baseAddress else { return }
              let (step, inv2) = (lr / c1, 1 / c2)
              for i in 0..<n {
                let gi = g[i] + decay * x[i]
                m[i] = b1 * m[i] + (1 - b1) * gi
                v[i] = b2 * v[i] + (1 - b2) * gi * gi
                x[i] -= step * m[i] / ((v[i] * inv2).squareRoot() + eps)
              }
            }
          }
        }
      }
    }
    return p.dtype == .f32 ? out.astype(.f32) : out
  }
}

enum NNOptim {
  static func optimizer(_ a: Arguments, _ i: Int) throws -> Optimizer {
    if case .object(let o) = a[i], let opt = o as? Optimizer { return opt }
    throw a.fail(i, "an optimizer from nn.sgd or nn.adam")
  }

  static func positive(_ a: Arguments, _ i: Int) throws -> Double {
    let d = try a.number(i)
    guard d >= 0, d.isFinite else {
      throw RuntimeError.value(
        "\(a.builtin.fullName): '\(a.builtin.params[i].name)' must be a non-negative number, got \(formatNumber(d))"
      )
    }
    return d
  }

  static let builtins: [Builtin] = [
    Builtin(
      "sgd", module: "nn",
      params: [
        .init("lr", "number", default: .number(0.01)),
        .init("momentum", "number", default: .number(0)),
        .init("weight_decay", "number", default: .number(0)),
      ],
      summary: "Stochastic gradient descent with momentum and weight decay (PyTorch's rule).",
      doc: "g += weight_decay·p; buf = momentum·buf + g; p -= lr·buf. Use it with "
        + "`opt.step(params, grads)` or `nn.train(…, optimizer=opt)`.",
      example: "nn.sgd(0.1).step({\"w\": [1.0]}, {\"w\": [2.0]}).w  # -> [0.8]"
    ) { a in
      .object(
        Optimizer(
          .sgd, lr: try positive(a, 0), momentum: try positive(a, 1),
          weightDecay: try positive(a, 2)))
    },
    Builtin(
      "adam", module: "nn",
      params: [
        .init("lr", "number", default: .number(0.001)),
        .init("beta1", "number", default: .number(0.9)),
        .init("beta2", "number", default: .number(0.999)),
        .init("eps", "number", default: .number(1e-8)),
        .init("weight_decay", "number", default: .number(0)),
      ],
      summary: "Adam with bias correction (PyTorch's rule; weight decay added to the gradient).",
      example: "round(nn.adam(0.1).step([1.0], [5.0]), 6)  # -> [0.9]"
    ) { a in
      .object(
        Optimizer(
          .adam, lr: try positive(a, 0), weightDecay: try positive(a, 4), beta1: try positive(a, 1),
          beta2: try positive(a, 2), eps: try positive(a, 3)))
    },
    Builtin(
      "step", module: "nn",
      params: [.init("opt", "optimizer"), .init("params", "any"), .init("grads", "any")],
      summary: "One optimiser update: params (a tensor, or dict/list of them) moved along grads.",
      example: "nn.step(nn.sgd(0.5), [1.0, 2.0], [1.0, 1.0])  # -> [0.5, 1.5]"
    ) { a in try optimizer(a, 0).step(a[1], a[2]) },
  ]
}

// Linear-algebra builtins (docs/tensors.md) over LAPACK: inv solve det lstsq qr svd eigh cholesky
// pinv trace dot outer kron. Decompositions return dicts; failures are LinAlgError.
import Interp
import Tensor

enum TensorLinalg {
  static func unary(
    _ name: String, _ summary: String, _ example: String, _ f: @escaping (Tensor) throws -> Tensor
  )
    -> Builtin
  {
    Builtin(name, params: [.init("a", "tensor")], summary: summary, example: example) { a in
      let t = try a.tensor(0)
      return TensorReduce.wrap(try tensorCall { try f(t) })
    }
  }

  static func binary(
    _ name: String, _ summary: String, _ example: String,
    _ f: @escaping (Tensor, Tensor) throws -> Tensor
  ) -> Builtin {
    Builtin(
      name, params: [.init("a", "tensor"), .init("b", "tensor")], summary: summary, example: example
    ) { a in
      let (x, y) = (try a.tensor(0), try a.tensor(1))
      return TensorReduce.wrap(try tensorCall { try f(x, y) })
    }
  }

  static func dict(_ pairs: [(String, Tensor)]) -> Value {
    .dict(FDict(pairs.map { ($0.0, TensorReduce.wrap($0.1)) }))
  }

  static let builtins: [Builtin] = [
    unary(
      "inv", "The inverse of a square matrix (LAPACK dgesv).",
      "inv([[2, 0], [0, 4]])  # -> [[0.5 , 0.  ],\n [0.  , 0.25]]", Tensor.inv),
    binary(
      "solve", "x with a @ x = b for square a (LAPACK dgesv).",
      "solve([[2, 0], [0, 4]], [2, 4])  # -> [1, 1]", Tensor.solve),
    unary(
      "det", "The determinant (LU factorisation).",
      "det([[1, 2], [3, 4]])  # -> -2.0000000000000004", Tensor.det),
    unary(
      "cholesky", "The lower Cholesky factor of a positive-definite matrix.",
      "cholesky([[4, 0], [0, 9]])  # -> [[2, 0],\n [0, 3]]", { try Tensor.cholesky($0) }),
    unary(
      "pinv", "The Moore–Penrose pseudo-inverse (via SVD).",
      "pinv([[2, 0], [0, 0]])  # -> [[0.5, 0. ],\n [0. , 0. ]]", { try Tensor.pinv($0) }),
    unary("trace", "The sum of the diagonal.", "trace([[1, 2], [3, 4]])  # -> 5", Tensor.trace),
    binary(
      "dot", "Dot product with NumPy's rules (1-d·1-d is a number; otherwise a matrix product).",
      "dot([1, 2], [3, 4])  # -> 11", Tensor.dot),
    binary(
      "outer", "The outer product of two vectors.",
      "outer([1, 2], [1, 10])  # -> [[ 1, 10],\n [ 2, 20]]", Tensor.outer),
    binary(
      "kron", "The Kronecker product.", "kron([1, 2], [1, 1])  # -> [1, 1, 2, 2]", Tensor.kron),
    Builtin(
      "qr", params: [.init("a", "tensor")],
      summary: "Reduced QR decomposition as {Q, R} (LAPACK dgeqrf).",
      example: "qr(eye(2)).R  # -> [[1, 0],\n [0, 1]]"
    ) { a in
      let t = try a.tensor(0)
      let r = try tensorCall { try Tensor.qr(t) }
      return dict([("Q", r.q), ("R", r.r)])
    },
    Builtin(
      "svd", params: [.init("a", "tensor")],
      summary: "Singular value decomposition as {U, S, Vt}, S descending.",
      example: "svd([[3, 0], [0, 4]]).S  # -> [4, 3]"
    ) { a in
      let t = try a.tensor(0)
      let r = try tensorCall { try Tensor.svd(t, fullMatrices: false) }
      return dict([("U", r.u), ("S", r.s), ("Vt", r.vt)])
    },
    Builtin(
      "eigh", params: [.init("a", "tensor")],
      summary: "Eigen-decomposition of a symmetric matrix as {values, vectors}, values ascending.",
      example: "eigh([[2, 0], [0, 1]]).values  # -> [1, 2]"
    ) { a in
      let t = try a.tensor(0)
      let r = try tensorCall { try Tensor.eigh(t) }
      return dict([("values", r.values), ("vectors", r.vectors)])
    },
    Builtin(
      "lstsq", params: [.init("a", "tensor"), .init("b", "tensor")],
      summary: "Least-squares solution as {x, residuals, rank, s} (LAPACK dgelsd).",
      example: "lstsq([[1, 0], [0, 1], [0, 0]], [1, 2, 3]).x  # -> [1, 2]"
    ) { a in
      let (x, y) = (try a.tensor(0), try a.tensor(1))
      let r = try tensorCall { try Tensor.lstsq(x, y) }
      return .dict(
        FDict([
          ("x", .tensor(r.x)), ("residuals", .tensor(r.residuals)),
          ("rank", .number(Double(r.rank))),
          ("s", .tensor(r.s)),
        ]))
    },
  ]
}

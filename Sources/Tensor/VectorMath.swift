// Elementwise exp/log/sin/cos/tanh on f64 tensors through libmvec (CVecMath): 4 lanes per
// AVX2 call, about 1–4 ulp like NumPy's SIMD loops; scalar libm on CPUs without AVX2.
import CVecMath

/// Functions with a vectorised path.
public enum VectorFunction: Sendable {
  case exp, log, sin, cos, tanh
}

extension Tensor {
  /// `f` on every element of an f64 tensor, buffer to buffer.
  public func vectorMap(_ f: VectorFunction) -> Tensor {
    precondition(dtype == .f64, "internal: vectorMap on \(dtype)")
    var out = Tensor(uninitializedShape: shape, dtype: .f64)
    let n = count
    withElements(as: Double.self) { x in
      out.withMutableElements(as: Double.self) { y in
        guard let xs = x.baseAddress, let ys = y.baseAddress else { return }
        switch f {
        case .exp: fsl_vexp(xs, ys, n)
        case .log: fsl_vlog(xs, ys, n)
        case .sin: fsl_vsin(xs, ys, n)
        case .cos: fsl_vcos(xs, ys, n)
        case .tanh: fsl_vtanh(xs, ys, n)
        }
      }
    }
    return out
  }
}

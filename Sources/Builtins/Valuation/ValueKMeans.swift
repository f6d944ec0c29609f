// value: k-means (k-means++ as scikit-learn, Lloyd with strict convergence, BLAS distances), proxies and the k sweep; ALGORITHMS §5.1.
import Interp

enum ValueKMeans {
  static let builtins: [Builtin] = []
}

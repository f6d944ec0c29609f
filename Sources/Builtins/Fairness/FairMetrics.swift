// fair: group fairness metrics (fair.report, the six dp/eop/eo aggregates, fair.summary); ALGORITHMS §1.1.
import Interp

enum FairMetrics {
  static let builtins: [Builtin] = []
}

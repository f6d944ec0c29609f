// fair: path-specific effects (fair.mediation, fair.path_effects, fair.diagnosis); ALGORITHMS §1.2-1.3.
import Interp

enum FairEffects {
  static let builtins: [Builtin] = []
}

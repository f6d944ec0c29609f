// fair: adversarial perturbation masks (fair.mask, fair.apply_mask); ALGORITHMS §1.4.
import Interp

enum FairMask {
  static let builtins: [Builtin] = []
}

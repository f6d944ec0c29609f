// RandomError: the argument errors of RandomStream, one case per condition.

/// An invalid argument to a `RandomStream` method. `description` is the message users see;
/// it names the function and the argument.
public enum RandomError: Error, Equatable, CustomStringConvertible {
  /// `lo..<hi` holds no integer (`hi <= lo`).
  case emptyRange(function: String, lo: Int64, hi: Int64)
  /// Real bounds with `hi < lo`, or whose difference overflows.
  case invalidBounds(function: String, lo: Double, hi: Double)
  /// A real argument that must be finite is NaN or infinite.
  case notFinite(function: String, argument: String, Double)
  /// A real argument that must be >= 0 is negative (or NaN).
  case negative(function: String, argument: String, Double)
  /// A real argument that must be > 0 is not.
  case notPositive(function: String, argument: String, Double)
  /// A count (`n`, `size`) that must be >= 0 is negative.
  case negativeCount(function: String, argument: String, Int)
  /// A tensor argument that needs at least one dimension is rank 0.
  case rankZero(function: String)
  /// A shape with a negative dimension (a size too large is a MemoryError `TensorError`).
  case invalidShape(function: String, [Int])
  /// `alpha[index]` of `dirichlet` is not a positive finite number.
  case invalidAlpha(index: Int, value: Double)
  /// `p` has `count` entries but the population has `population` elements.
  case probabilityCount(count: Int, population: Int)
  /// `p[index]` is negative or not finite.
  case invalidProbability(index: Int, value: Double)
  /// `p` sums to `sum`, not 1 (within `tolerance`).
  case probabilitySum(sum: Double, tolerance: Double)
  /// `choice` from an empty population with a non-zero sample size.
  case emptyPopulation(size: Int)
  /// `choice` without replacement of more elements than the population has.
  case sampleTooLarge(size: Int, population: Int)
  /// `choice` without replacement of more elements than `p` has non-zero entries.
  case tooFewNonZeroProbabilities(size: Int, nonZero: Int)

  public var description: String {
    switch self {
    case .emptyRange(let function, let lo, let hi):
      return "\(function): 'hi' must be greater than 'lo' (got lo=\(lo), hi=\(hi))"
    case .invalidBounds(let function, let lo, let hi):
      return "\(function): 'hi' must be at least 'lo' and hi - lo finite (got lo=\(lo), hi=\(hi))"
    case .notFinite(let function, let argument, let value):
      return "\(function): '\(argument)' must be finite, got \(value)"
    case .negative(let function, let argument, let value):
      return "\(function): '\(argument)' must be non-negative, got \(value)"
    case .notPositive(let function, let argument, let value):
      return "\(function): '\(argument)' must be positive, got \(value)"
    case .negativeCount(let function, let argument, let value):
      return "\(function): '\(argument)' must be non-negative, got \(value)"
    case .rankZero(let function):
      return "\(function): expected a tensor with at least one dimension, got a rank-0 tensor"
    case .invalidShape(let function, let shape):
      return "\(function): 'shape' must have non-negative dimensions, got \(shape)"
    case .invalidAlpha(let index, let value):
      return "dirichlet: every entry of 'alpha' must be a positive finite number, but "
        + "alpha[\(index)] = \(value)"
    case .probabilityCount(let count, let population):
      return "choice: 'p' has \(count) entries but the population has \(population) elements"
    case .invalidProbability(let index, let value):
      return "choice: every entry of 'p' must be a non-negative number, but p[\(index)] = \(value)"
    case .probabilitySum(let sum, let tolerance):
      return
        "choice: the entries of 'p' must sum to 1 (within \(tolerance)), but they sum to \(sum)"
    case .emptyPopulation(let size):
      return "choice: cannot take \(size) samples from an empty population"
    case .sampleTooLarge(let size, let population):
      return "choice: cannot take \(size) samples without replacement from a population of "
        + "\(population); pass replace=true or a smaller 'size'"
    case .tooFewNonZeroProbabilities(let size, let nonZero):
      return "choice: cannot take \(size) samples without replacement when only \(nonZero) "
        + "entries of 'p' are non-zero"
    }
  }
}

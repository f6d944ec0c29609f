// Sampling from populations and simplices: RandomStream.choice and .dirichlet, as NumPy.
//
// `choice` follows numpy/random/_generator.pyx `Generator.choice` (axis 0, shuffle=True):
//   with replacement, no p     -> `integers(0, n)` per sample;
//   with replacement, p        -> inverse CDF: cumsum(p) / total, `searchsorted(u, 'right')`;
//   without replacement, no p  -> n > 10000 and size > n / 50: a partial Fisher-Yates of the
//                                 last `size` slots of 0..<n; otherwise Floyd's algorithm
//                                 followed by a shuffle of the sample (both with Lemire draws);
//   without replacement, p     -> rounds of inverse-CDF draws, zeroing chosen p entries.
// `dirichlet` normalises one gamma draw per component, or for max(alpha) < 0.1 uses NumPy's
// stick-breaking with beta draws (no 0/0 when every gamma underflows).

extension RandomStream {
  /// NumPy's tolerance for `p` summing to 1: sqrt(machine epsilon) ≈ 1.49e-8.
  public static let probabilityTolerance = Double.ulpOfOne.squareRoot()

  /// Indices drawn from `0..<n` as an i64 tensor of `shape` (NumPy's `choice(n, shape,
  /// replace, p)`). `p`, if given, holds one probability per index.
  public mutating func choice(
    n: Int, shape: [Int], replace: Bool, p: [Double]? = nil
  ) throws -> Tensor {
    // Allocating the result first checks its size before the indices are drawn.
    var out = try Tensor(allocating: shape, dtype: .i64)
    let indices = try choiceIndices(n: n, shape: shape, replace: replace, p: p)
    out.withMutableElements(as: Int64.self) { values in
      for (k, i) in indices.enumerated() { values[k] = Int64(i) }
    }
    return out
  }

  /// Rows of `values` (along its first axis) drawn as by `choice(n:...)` with
  /// n = `values.shape[0]`; the result has shape `shape + values.shape[1...]` and the dtype
  /// of `values`.
  public mutating func choice(
    from values: Tensor, shape: [Int], replace: Bool, p: [Double]? = nil
  ) throws -> Tensor {
    guard let n = values.shape.first else { throw RandomError.rankZero(function: "choice") }
    _ = try Shape.byteCount(shape + values.shape.dropFirst(), values.dtype)
    let indices = try choiceIndices(n: n, shape: shape, replace: replace, p: p)
    return try Self.gatherRows(values, indices, shape: shape)
  }

  private mutating func choiceIndices(
    n: Int, shape: [Int], replace: Bool, p: [Double]?
  ) throws -> [Int] {
    guard n >= 0 else { throw RandomError.negativeCount(function: "choice", argument: "n", n) }
    let size = try Self.elementCount(shape, function: "choice")
    if n == 0 && size > 0 { throw RandomError.emptyPopulation(size: size) }
    if let p { try Self.checkProbabilities(p, population: n) }
    if replace {
      guard let p else {
        let range = UInt64(n) &- 1
        return (0..<size).map { _ in Int(bounded(range)) }
      }
      let cdf = Self.normalizedCumulativeSum(p)
      return (0..<size).map { _ in Self.searchRight(cdf, random()) }
    }
    guard size <= n else { throw RandomError.sampleTooLarge(size: size, population: n) }
    if let p { return try weightedWithoutReplacement(p, size: size) }
    if n > 10000 && size > n / 50 {
      _ = try Shape.byteCount([n], .i64)  // the shuffle holds all of 0..<n
      return tailShuffle(n: n, size: size)
    }
    return floydSample(n: n, size: size)
  }

  /// NumPy's checks of `p`: one finite, non-negative entry per element, Kahan sum 1 ± tol.
  private static func checkProbabilities(_ p: [Double], population: Int) throws {
    guard p.count == population else {
      throw RandomError.probabilityCount(count: p.count, population: population)
    }
    for (i, value) in p.enumerated() where !(value.isFinite && value >= 0) {
      throw RandomError.invalidProbability(index: i, value: value)
    }
    var sum = p.first ?? 0
    var compensation = 0.0
    for value in p.dropFirst() {
      let y = value - compensation
      let t = sum + y
      compensation = (t - sum) - y
      sum = t
    }
    guard abs(sum - 1) <= probabilityTolerance else {
      throw RandomError.probabilitySum(sum: sum, tolerance: probabilityTolerance)
    }
  }

  /// cumsum(p) / cumsum(p).last, summed left to right as NumPy's `cumsum`.
  private static func normalizedCumulativeSum(_ p: [Double]) -> [Double] {
    var cdf = [Double](repeating: 0, count: p.count)
    var running = 0.0
    for i in p.indices {
      running += p[i]
      cdf[i] = running
    }
    guard let total = cdf.last else { return cdf }
    return cdf.map { $0 / total }
  }

  /// The first index whose value exceeds `u` (`searchsorted(u, side='right')`).
  private static func searchRight(_ sorted: [Double], _ u: Double) -> Int {
    var low = 0
    var high = sorted.count
    while low < high {
      let mid = (low + high) / 2
      if sorted[mid] <= u { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// Without replacement, with weights: draw `size - found` uniforms per round, map them
  /// through the CDF of the weights not yet chosen, keep each new index once (first
  /// occurrence order), repeat until `size` are found.
  private mutating func weightedWithoutReplacement(_ p: [Double], size: Int) throws -> [Int] {
    let nonZero = p.filter { $0 > 0 }.count
    guard nonZero >= size else {
      throw RandomError.tooFewNonZeroProbabilities(size: size, nonZero: nonZero)
    }
    var weights = p
    var found: [Int] = []
    found.reserveCapacity(size)
    while found.count < size {
      let draws = (0..<(size - found.count)).map { _ in random() }
      for index in found { weights[index] = 0 }
      let cdf = Self.normalizedCumulativeSum(weights)
      var seen = Set<Int>()
      for u in draws {
        let index = Self.searchRight(cdf, u)
        if seen.insert(index).inserted { found.append(index) }
      }
    }
    return found
  }

  /// NumPy's large-sample path: Fisher-Yates over 0..<n stopped after the last `size` slots
  /// are fixed (`_shuffle_int(n, max(n - size, 1))`), which are the sample.
  private mutating func tailShuffle(n: Int, size: Int) -> [Int] {
    var values = Array(0..<n)
    for i in stride(from: n - 1, through: max(n - size, 1), by: -1) {
      values.swapAt(i, Int(bounded(UInt64(i))))
    }
    return Array(values[(n - size)...])
  }

  /// Floyd's algorithm (for j in n - size..<n: take a uniform draw from 0...j, or j itself if
  /// that was taken), then a Fisher-Yates shuffle of the sample with Lemire draws.
  private mutating func floydSample(n: Int, size: Int) -> [Int] {
    var sample: [Int] = []
    sample.reserveCapacity(size)
    var taken = Set<Int>()
    for j in (n - size)..<n {
      let value = Int(bounded(UInt64(j)))
      let pick = taken.contains(value) ? j : value
      taken.insert(pick)
      sample.append(pick)
    }
    if size > 1 {
      for i in stride(from: size - 1, through: 1, by: -1) {
        sample.swapAt(i, Int(bounded(UInt64(i))))
      }
    }
    return sample
  }

  /// `n` draws from the Dirichlet distribution with parameters `alpha`, as an f64 tensor of
  /// shape [n, alpha.count] whose rows sum to 1 (NumPy's `dirichlet(alpha, n)`). Throws
  /// unless every alpha is positive and finite and `n >= 0`.
  public mutating func dirichlet(alpha: [Double], n: Int) throws -> Tensor {
    guard n >= 0 else { throw RandomError.negativeCount(function: "dirichlet", argument: "n", n) }
    for (i, a) in alpha.enumerated() where !(a.isFinite && a > 0) {
      throw RandomError.invalidAlpha(index: i, value: a)
    }
    let k = alpha.count
    var out = try Tensor(allocating: [n, k], dtype: .f64)
    var stream = self
    out.withMutableElements(as: Double.self) { values in
      guard let largest = alpha.max() else { return }
      for row in 0..<n {
        let start = row * k
        if largest < 0.1 {
          stream.stickBreakingRow(alpha, into: values, at: start)
        } else {
          var total = 0.0
          for j in 0..<k {
            values[start + j] = stream.gamma(alpha[j])
            total = total + values[start + j]
          }
          let inverse = 1 / total
          for j in 0..<k { values[start + j] *= inverse }
        }
      }
    }
    self = stream
    return out
  }

  /// One Dirichlet row by stick breaking: component j takes a beta(alpha[j], sum of the later
  /// alphas) share of what is left.
  private mutating func stickBreakingRow(
    _ alpha: [Double], into values: UnsafeMutableBufferPointer<Double>, at start: Int
  ) {
    let k = alpha.count
    var laterSums = [Double](repeating: 0, count: k)
    var running = 0.0
    for j in stride(from: k - 1, through: 0, by: -1) {
      running += alpha[j]
      laterSums[j] = running
    }
    for j in 0..<k { values[start + j] = 0 }
    var remaining = 1.0
    for j in 0..<(k - 1) {
      let share = betaDraw(alpha[j], laterSums[j + 1])
      values[start + j] = remaining * share
      remaining *= 1 - share
      if laterSums[j + 1] == 0 { break }
    }
    values[start + k - 1] = remaining
  }
}

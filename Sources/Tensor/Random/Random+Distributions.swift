// Scalar continuous distributions of RandomStream, as NumPy's Generator draws them.
//
// Ports of numpy/random/src/distributions/distributions.c: `random_standard_normal` and
// `random_standard_exponential` (256-layer ziggurats, tables in RandomZiggurat*.swift),
// `random_standard_gamma` (Marsaglia-Tsang for shape > 1, Johnk-style rejection below 1) and
// `random_beta`. Each consumes the stream exactly as NumPy does, so outputs match draw for
// draw. Transcendentals come from RandomMath (see its note), never from the platform libm.

extension RandomStream {
  /// The normal ziggurat's base-strip edge r and 1 / r.
  private static let normalR = 3.6541528853610087963519472518
  private static let normalInverseR = 0.27366123732975827203338247596
  /// The exponential ziggurat's base-strip edge.
  private static let exponentialR = 7.6971174701310497140446280481

  /// A standard normal draw (NumPy's `standard_normal`): one 64-bit draw gives the layer
  /// (8 bits), the sign (1 bit) and a 52-bit magnitude; 99.3% of draws return at once.
  public mutating func standardNormal() -> Double {
    ZigguratNormal.k.withUnsafeBufferPointer { k in
      ZigguratNormal.w.withUnsafeBufferPointer { w in standardNormal(k, w) }
    }
  }

  /// `standardNormal()` with the tables' storage passed in, so fill loops look them up once.
  @inline(__always)
  mutating func standardNormal(
    _ k: UnsafeBufferPointer<UInt64>, _ w: UnsafeBufferPointer<Double>
  ) -> Double {
    while true {
      var r = nextUInt64()
      let layer = Int(r & 0xff)
      r >>= 8
      let negative = r & 1 == 1
      let magnitude = (r >> 1) & 0x000f_ffff_ffff_ffff
      var x = Double(Int64(bitPattern: magnitude)) * w[layer]
      if negative { x = -x }
      if magnitude < k[layer] { return x }
      if let value = normalSlowPath(layer: layer, magnitude: magnitude, x: x) { return value }
    }
  }

  /// The tail (layer 0) and wedge tests of the normal ziggurat; nil means draw again.
  private mutating func normalSlowPath(layer: Int, magnitude: UInt64, x: Double) -> Double? {
    if layer == 0 {
      while true {
        // 1 - U avoids log(0) (NumPy gh-13361).
        let xx = -Self.normalInverseR * RandomMath.log1p(-random())
        let yy = -RandomMath.log1p(-random())
        if yy + yy > xx * xx {
          return (magnitude >> 8) & 1 == 1 ? -(Self.normalR + xx) : Self.normalR + xx
        }
      }
    }
    let f = ZigguratNormal.f
    let y = (f[layer - 1] - f[layer]) * random() + f[layer]
    return RandomMath.isLess(y, thanExpOf: -0.5 * x * x) ? x : nil
  }

  /// `mean + std * standardNormal()` (NumPy's `normal`). Throws unless `mean` is finite and
  /// `std` is finite and non-negative.
  public mutating func normal(mean: Double, std: Double) throws -> Double {
    try Self.checkNormal(mean: mean, std: std)
    return mean + std * standardNormal()
  }

  static func checkNormal(mean: Double, std: Double) throws {
    guard mean.isFinite else {
      throw RandomError.notFinite(function: "normal", argument: "mean", mean)
    }
    guard std.isFinite else {
      throw RandomError.notFinite(function: "normal", argument: "std", std)
    }
    guard std >= 0 else { throw RandomError.negative(function: "normal", argument: "std", std) }
  }

  /// A standard exponential draw (NumPy's `standard_exponential`, ziggurat method).
  public mutating func standardExponential() -> Double {
    ZigguratExponential.k.withUnsafeBufferPointer { k in
      ZigguratExponential.w.withUnsafeBufferPointer { w in standardExponential(k, w) }
    }
  }

  /// `standardExponential()` with the tables' storage passed in.
  @inline(__always)
  mutating func standardExponential(
    _ k: UnsafeBufferPointer<UInt64>, _ w: UnsafeBufferPointer<Double>
  ) -> Double {
    while true {
      var r = nextUInt64() >> 3
      let layer = Int(r & 0xff)
      r >>= 8
      let x = Double(Int64(bitPattern: r)) * w[layer]
      if r < k[layer] { return x }
      if layer == 0 { return Self.exponentialR - RandomMath.log1p(-random()) }
      let f = ZigguratExponential.f
      if RandomMath.isLess((f[layer - 1] - f[layer]) * random() + f[layer], thanExpOf: -x) {
        return x
      }
    }
  }

  /// A standard gamma draw with the given shape (NumPy's `standard_gamma`). Throws unless
  /// `shape` is finite and non-negative; shape 0 gives 0.
  public mutating func standardGamma(shape: Double) throws -> Double {
    guard shape.isFinite else {
      throw RandomError.notFinite(function: "standard_gamma", argument: "shape", shape)
    }
    guard shape >= 0 else {
      throw RandomError.negative(function: "standard_gamma", argument: "shape", shape)
    }
    return gamma(shape)
  }

  /// `random_standard_gamma` for a valid shape.
  mutating func gamma(_ shape: Double) -> Double {
    if shape == 1 { return standardExponential() }
    if shape == 0 { return 0 }
    if shape < 1 {
      while true {
        let u = random()
        let v = standardExponential()
        if u <= 1 - shape {
          let x = RandomMath.pow(u, 1 / shape)
          if x <= v { return x }
        } else {
          let y = -RandomMath.log((1 - u) / shape)
          let x = RandomMath.pow(1 - shape + shape * y, 1 / shape)
          if x <= v + y { return x }
        }
      }
    }
    let b = shape - 1.0 / 3.0
    let c = 1 / (9 * b).squareRoot()
    while true {
      var x: Double
      var v: Double
      repeat {
        x = standardNormal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = random()
      if u < 1 - 0.0331 * (x * x) * (x * x) { return b * v }
      if RandomMath.gammaAccepts(u: u, x: x, b: b, v: v) { return b * v }
    }
  }

  /// A beta(a, b) draw (NumPy's `beta`). Throws unless `a` and `b` are finite and positive.
  public mutating func beta(a: Double, b: Double) throws -> Double {
    for (name, value) in [("a", a), ("b", b)] {
      guard value.isFinite else {
        throw RandomError.notFinite(function: "beta", argument: name, value)
      }
      guard value > 0 else {
        throw RandomError.notPositive(function: "beta", argument: name, value)
      }
    }
    return betaDraw(a, b)
  }

  /// `random_beta`: Johnk's algorithm when both shapes are <= 1, else a ratio of gammas.
  mutating func betaDraw(_ a: Double, _ b: Double) -> Double {
    if a > 1 || b > 1 {
      let ga = gamma(a)
      let gb = gamma(b)
      return ga / (ga + gb)
    }
    while true {
      let u = random()
      let v = random()
      let x = RandomMath.pow(u, 1 / a)
      let y = RandomMath.pow(v, 1 / b)
      let sum = x + y
      guard sum <= 1, u + v > 0 else { continue }
      if sum > 0 { return x / sum }
      // Both powers underflowed: compare in logs.
      var logX = RandomMath.log(u) / a
      var logY = RandomMath.log(v) / b
      let logM = max(logX, logY)
      logX -= logM
      logY -= logM
      return RandomMath.exp(logX - RandomMath.log(RandomMath.exp(logX) + RandomMath.exp(logY)))
    }
  }
}

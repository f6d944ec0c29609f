// RandomStream: FSL's specified random generator (NumPy's SeedSequence + PCG64 + Generator).
//
// Design note. Goals, in priority order: (1) the same seed gives the same numbers on every
// platform, forever; (2) those numbers are NumPy's, so `RandomStream(seed: s)` reproduces
// `np.random.default_rng(s)` draw for draw and FSL users can cross-check against NumPy;
// (3) speed (a 10M-element `randn` is one tight loop).
//
// The core is integer arithmetic and IEEE-754 basic operations only, which are exact and
// identical everywhere: PCG64 (128-bit LCG, XSL-RR output) seeded through NumPy's SeedSequence
// hash, doubles as `(next >> 11) * 2^-53`, Lemire's bounded integers, and the ziggurat fast
// paths. The few transcendental functions the rarer branches need (log1p, exp, log, pow) come
// from `RandomMath`, written here in Swift, never from the platform libm. docs/random.md states
// the algorithms and exactly where FSL can differ from NumPy (in the last bit of a rare draw).
//
// Invariants: `hasBufferedUInt32` mirrors NumPy's `has_uint32`. Like NumPy, `nextUInt32` hands
// out the low then the high half of one 64-bit draw, and the spare half survives until the
// next 32-bit request even if 64-bit draws happen in between.

/// A reproducible stream of random numbers (value type: a copy continues independently
/// from the same point, so `var b = a` forks the stream).
///
/// `RandomStream(seed: s)` produces exactly the numbers of NumPy's `np.random.default_rng(s)`
/// for the same calls (see docs/random.md for the list and the rare exceptions).
public struct RandomStream: Sendable, Equatable {
  // The 128-bit LCG state and increment, as high and low words.
  private var stateHigh: UInt64
  private var stateLow: UInt64
  private var incrementHigh: UInt64
  private var incrementLow: UInt64
  private var hasBufferedUInt32 = false
  private var bufferedUInt32: UInt32 = 0

  /// PCG's default 128-bit multiplier, 0x2360ED051FC65DA4_4385DF649FCCF645.
  private static let multiplierHigh: UInt64 = 0x2360_ED05_1FC6_5DA4
  private static let multiplierLow: UInt64 = 0x4385_DF64_9FCC_F645

  /// The stream of `np.random.default_rng(seed)`: the seed's 32-bit words (low first) go
  /// through NumPy's SeedSequence, whose four 64-bit output words seed PCG64.
  public init(seed: UInt64) {
    self.init(entropy: RandomSeedSequence.words(of: seed))
  }

  /// The stream of `np.random.default_rng(np.random.SeedSequence(entropy))` for entropy given
  /// as 32-bit words, least significant first (a Python int `n` is the words of `n`).
  public init(entropy: [UInt32]) {
    let words = RandomSeedSequence.generateState(entropy: entropy, count: 8)
    var u = [UInt64](repeating: 0, count: 4)
    for i in 0..<4 { u[i] = UInt64(words[2 * i]) | (UInt64(words[2 * i + 1]) << 32) }
    self.init(initState: (u[0], u[1]), initSequence: (u[2], u[3]))
  }

  /// PCG's `srandom_r`: inc = (seq << 1) | 1; state = 0; step; state += initState; step.
  private init(initState: (UInt64, UInt64), initSequence: (UInt64, UInt64)) {
    incrementHigh = (initSequence.0 << 1) | (initSequence.1 >> 63)
    incrementLow = (initSequence.1 << 1) | 1
    stateHigh = 0
    stateLow = 0
    step()
    let (low, carry) = stateLow.addingReportingOverflow(initState.1)
    stateLow = low
    stateHigh = stateHigh &+ initState.0 &+ (carry ? 1 : 0)
    step()
  }

  /// The raw 128-bit state and increment, high word first (NumPy's `bit_generator.state`).
  public var pcgState: (state: (UInt64, UInt64), increment: (UInt64, UInt64)) {
    ((stateHigh, stateLow), (incrementHigh, incrementLow))
  }

  /// state = state * multiplier + increment (mod 2^128).
  @inline(__always)
  private mutating func step() {
    let (carryWord, low) = stateLow.multipliedFullWidth(by: Self.multiplierLow)
    let high =
      carryWord &+ stateHigh &* Self.multiplierLow &+ stateLow &* Self.multiplierHigh
    let (sum, carry) = low.addingReportingOverflow(incrementLow)
    stateLow = sum
    stateHigh = high &+ incrementHigh &+ (carry ? 1 : 0)
  }

  /// The next 64 random bits (NumPy's `random_raw`): step, then XSL-RR of the new state.
  @inline(__always)
  public mutating func nextUInt64() -> UInt64 {
    step()
    let rotation = stateHigh >> 58
    let folded = stateHigh ^ stateLow
    return (folded >> rotation) | (folded << ((64 &- rotation) & 63))
  }

  /// The next 32 random bits: the low half of a fresh 64-bit draw, then its high half.
  @inline(__always)
  public mutating func nextUInt32() -> UInt32 {
    if hasBufferedUInt32 {
      hasBufferedUInt32 = false
      return bufferedUInt32
    }
    let next = nextUInt64()
    hasBufferedUInt32 = true
    bufferedUInt32 = UInt32(truncatingIfNeeded: next >> 32)
    return UInt32(truncatingIfNeeded: next)
  }

  /// A uniform double in [0, 1) with 53 random bits: `(nextUInt64() >> 11) * 2^-53`.
  @inline(__always)
  public mutating func random() -> Double {
    Double(Int64(bitPattern: nextUInt64() >> 11)) * 0x1p-53  // < 2^53: a signed convert is exact
  }

  /// A uniform integer in `lo..<hi` (NumPy's `integers(lo, hi)` with the default int64 dtype).
  /// Throws `RandomError.emptyRange` unless `lo < hi`.
  public mutating func integers(lo: Int64, hi: Int64) throws -> Int64 {
    guard lo < hi else { throw RandomError.emptyRange(function: "integers", lo: lo, hi: hi) }
    return lo &+ Int64(bitPattern: bounded(UInt64(bitPattern: hi &- lo) &- 1))
  }

  /// A uniform double in [lo, hi): `lo + (hi - lo) * random()`, as NumPy's `uniform`.
  /// Throws unless both bounds are finite and `hi - lo` is finite and non-negative.
  public mutating func uniform(lo: Double, hi: Double) throws -> Double {
    let width = try Self.uniformWidth(lo: lo, hi: hi)
    return lo + width * random()
  }

  /// `hi - lo`, checked for `uniform`.
  static func uniformWidth(lo: Double, hi: Double) throws -> Double {
    guard lo.isFinite else { throw RandomError.notFinite(function: "uniform", argument: "lo", lo) }
    guard hi.isFinite else { throw RandomError.notFinite(function: "uniform", argument: "hi", hi) }
    let width = hi - lo
    guard width.isFinite, width >= 0 else {
      throw RandomError.invalidBounds(function: "uniform", lo: lo, hi: hi)
    }
    return width
  }

  // MARK: Bounded integers (numpy/random/src/distributions/distributions.c)

  /// A uniform integer in `0...range` (NumPy's `random_bounded_uint64` without masking):
  /// Lemire's multiply-shift with rejection, on 32-bit draws when `range` fits in 32 bits.
  @inline(__always)
  mutating func bounded(_ range: UInt64) -> UInt64 {
    if range == 0 { return 0 }
    if range <= 0xFFFF_FFFF {
      if range == 0xFFFF_FFFF { return UInt64(nextUInt32()) }
      return UInt64(lemire32(UInt32(truncatingIfNeeded: range)))
    }
    if range == .max { return nextUInt64() }
    return lemire64(range)
  }

  /// Lemire's method on 32-bit draws for `0...range`, `range < 2^32 - 1`.
  @inline(__always)
  private mutating func lemire32(_ range: UInt32) -> UInt32 {
    let exclusive = UInt64(range) + 1
    var m = UInt64(nextUInt32()) * exclusive
    var leftover = m & 0xFFFF_FFFF
    if leftover < exclusive {
      let threshold = (UInt64(UInt32.max) - UInt64(range)) % exclusive
      while leftover < threshold {
        m = UInt64(nextUInt32()) * exclusive
        leftover = m & 0xFFFF_FFFF
      }
    }
    return UInt32(truncatingIfNeeded: m >> 32)
  }

  /// Lemire's method on 64-bit draws for `0...range`, `range < 2^64 - 1`.
  @inline(__always)
  private mutating func lemire64(_ range: UInt64) -> UInt64 {
    let exclusive = range + 1
    var (high, leftover) = nextUInt64().multipliedFullWidth(by: exclusive)
    if leftover < exclusive {
      let threshold = (UInt64.max - range) % exclusive
      while leftover < threshold {
        (high, leftover) = nextUInt64().multipliedFullWidth(by: exclusive)
      }
    }
    return high
  }

  /// A uniform integer in `0...max` by masked rejection (NumPy's `random_interval`, which
  /// `shuffle` and `permutation` use).
  @inline(__always)
  mutating func interval(_ max: UInt64) -> UInt64 {
    if max == 0 { return 0 }
    var mask = max
    mask |= mask >> 1
    mask |= mask >> 2
    mask |= mask >> 4
    mask |= mask >> 8
    mask |= mask >> 16
    mask |= mask >> 32
    if max <= 0xFFFF_FFFF {
      while true {
        let value = UInt64(nextUInt32()) & mask
        if value <= max { return value }
      }
    }
    while true {
      let value = nextUInt64() & mask
      if value <= max { return value }
    }
  }
}

// RandomMath: the transcendental functions RandomStream needs, in portable Swift.
//
// Why not the platform libm: its exp/log/pow/log1p differ between systems (glibc, Apple,
// musl) and even between CPUs (glibc picks an FMA build at run time), so results built on
// them would not be the same everywhere. These use only IEEE-754 basic operations and fused
// multiply-add, which are exactly specified, so they give identical bits on every platform.
//
// - `log1p` follows glibc's FMA build step for step (sysdeps/ieee754/dbl-64/s_log1p.c, from
//   fdlibm, as compiled for x86-64 with FMA), which is what NumPy calls on such machines;
//   RandomMathTests compares it with values NumPy's platform produced.
// - `exp`, `log` and `pow` evaluate in double-double arithmetic (about 2^-85 relative error)
//   and round once, so they are correctly rounded except in extremely rare near-halfway
//   cases. glibc's own results are within 0.52 ulp, so the two agree on nearly every input.

/// Deterministic `log1p`, `exp`, `log` and `pow` for the random generators.
enum RandomMath {
  // MARK: log1p (fdlibm algorithm, glibc FMA evaluation order)

  private static let ln2Hi = 0x1.62e42fee00000p-1
  private static let ln2Lo = 0x1.a39ef35793c76p-33
  private static let lp1 = 0x1.5555555555593p-1
  private static let lp2 = 0x1.999999997fa04p-2
  private static let lp3 = 0x1.2492494229359p-2
  private static let lp4 = 0x1.c71c51d8e78afp-3
  private static let lp5 = 0x1.7466496cb03dep-3
  private static let lp6 = 0x1.39a09d078c69fp-3
  private static let lp7 = 0x1.2f112df3e5244p-3

  @inline(__always)
  private static func highWord(_ x: Double) -> Int32 {
    Int32(truncatingIfNeeded: x.bitPattern >> 32)
  }

  @inline(__always)
  private static func withHighWord(_ x: Double, _ high: Int32) -> Double {
    let low = x.bitPattern & 0xFFFF_FFFF
    return Double(bitPattern: (UInt64(UInt32(bitPattern: high)) << 32) | low)
  }

  /// log(1 + x), bit-identical to glibc's FMA build (`a.addingProduct(b, c)` is the fused
  /// a + b * c at exactly the places GCC fused them).
  static func log1p(_ x: Double) -> Double {
    let hx = highWord(x)
    let ax = hx & 0x7fff_ffff
    var k: Int32 = 1
    var f = 0.0
    var c = 0.0
    var hu: Int32 = 0
    if hx < 0x3fda_827a {  // x < 0.41422
      if ax >= 0x3ff0_0000 { return x == -1 ? -.infinity : .nan }  // x <= -1
      if ax < 0x3e20_0000 {  // |x| < 2^-29
        if ax < 0x3c90_0000 { return x }
        return x.addingProduct(-(x * x), 0.5)
      }
      if hx > 0 || hx <= Int32(bitPattern: 0xbfd2_bec3) {  // -0.2929 < x < 0.41422
        k = 0
        f = x
        hu = 1
      }
    } else if hx >= 0x7ff0_0000 {
      return x + x
    }
    if k != 0 {
      var u: Double
      if hx < 0x4340_0000 {
        u = 1.0 + x
        hu = highWord(u)
        k = (hu >> 20) - 1023
        c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0)  // the rounding error of 1 + x
        c /= u
      } else {
        u = x
        hu = highWord(u)
        k = (hu >> 20) - 1023
        c = 0
      }
      hu &= 0x000f_ffff
      if hu < 0x6a09e {
        u = withHighWord(u, hu | 0x3ff0_0000)  // normalize u
      } else {
        k += 1
        u = withHighWord(u, hu | 0x3fe0_0000)  // normalize u / 2
        hu = (0x0010_0000 - hu) >> 2
      }
      f = u - 1.0
    }
    let hfsq = 0.5 * f * f
    let dk = Double(k)
    if hu == 0 {  // |f| < 2^-20
      if f == 0 {
        if k == 0 { return 0 }
        return c.addingProduct(dk, ln2Lo).addingProduct(dk, ln2Hi)
      }
      let r = 1.0.addingProduct(-f, 0.66666666666666666) * hfsq
      if k == 0 { return f - r }
      return (-((r - c.addingProduct(dk, ln2Lo)) - f)).addingProduct(dk, ln2Hi)
    }
    let s = f / (2.0 + f)
    let z = s * s
    let z2 = z * z
    let z4 = z2 * z2
    let z6 = z2 * z4
    let r2 = lp2.addingProduct(z, lp3)
    let r3 = lp4.addingProduct(z, lp5)
    let r4 = lp6.addingProduct(z, lp7)
    let r = (z2 * r2).addingProduct(z, lp1).addingProduct(z4, r3).addingProduct(z6, r4)
    let t = (r + hfsq) * s
    if k == 0 { return f - (hfsq - t) }
    return (-((hfsq - (c.addingProduct(dk, ln2Lo) + t)) - f)).addingProduct(dk, ln2Hi)
  }

  // MARK: Fast approximations (fdlibm e_exp.c / e_log.c, error < 1 ulp) for comparisons

  private static let expP1 = 0x1.555555555553ep-3
  private static let expP2 = -0x1.6c16c16bebd93p-9
  private static let expP3 = 0x1.1566aaf25de2cp-14
  private static let expP4 = -0x1.bbd41c5d26bf1p-20
  private static let expP5 = 0x1.6376972bea4d0p-25
  private static let inverseLn2 = 0x1.71547652b82fep0

  /// e^x within 1 ulp, for finite x in (-708, 709) (fdlibm's rational approximation).
  @inline(__always)
  private static func fastExp(_ x: Double) -> Double {
    let k = Int(inverseLn2 * x + (x < 0 ? -0.5 : 0.5))
    let t = Double(k)
    let hi = x - t * ln2Hi
    let lo = t * ln2Lo
    let r = hi - lo
    let rr = r * r
    let c = r - rr * (expP1 + rr * (expP2 + rr * (expP3 + rr * (expP4 + rr * expP5))))
    let y = 1 - ((lo - (r * c) / (2 - c)) - hi)
    return Double(sign: .plus, exponent: k, significand: y)
  }

  /// log(x) within 1 ulp, for finite x > 0 (fdlibm's log(1 + f) = 2s + s R(s^2)).
  @inline(__always)
  private static func fastLog(_ x: Double) -> Double {
    var m = x.significand
    var e = Double(x.exponent)
    if m > 0x1.6a09e667f3bcdp0 {
      m *= 0.5
      e += 1
    }
    let f = m - 1
    let s = f / (2 + f)
    let z = s * s
    let w = z * z
    let t1 = w * (lp2 + w * (lp4 + w * lp6))
    let t2 = z * (lp1 + w * (lp3 + w * (lp5 + w * lp7)))
    let hfsq = 0.5 * f * f
    return e * ln2Hi - ((hfsq - (s * (hfsq + t1 + t2) + e * ln2Lo)) - f)
  }

  /// Whether `a < exp(x)` for the correctly rounded exp: decided by `fastExp` unless `a` is
  /// within 2^-48 of it, then by `exp`. (Ziggurat wedge tests.)
  static func isLess(_ a: Double, thanExpOf x: Double) -> Bool {
    guard x > -700, x < 700 else { return a < exp(x) }
    let e = fastExp(x)
    let margin = e * 0x1p-48
    if a < e - margin { return true }
    if a > e + margin { return false }
    return a < exp(x)
  }

  /// Marsaglia-Tsang's acceptance test `log(u) < 0.5 x^2 + b (1 - v + log(v))` with correctly
  /// rounded logs, decided by `fastLog` when the two sides are not within 2^-46 relative.
  static func gammaAccepts(u: Double, x: Double, b: Double, v: Double) -> Bool {
    guard u > 0, v > 0, u.isFinite, v.isFinite else {
      return log(u) < 0.5 * x * x + b * (1 - v + log(v))
    }
    let logU = fastLog(u)
    let logV = fastLog(v)
    let right = 0.5 * x * x + b * (1 - v + logV)
    let scale = abs(logU) + 0.5 * x * x + abs(b) * (abs(1 - v) + abs(logV) + 1) + abs(right)
    let margin = scale * 0x1p-46
    if logU < right - margin { return true }
    if logU > right + margin { return false }
    return log(u) < 0.5 * x * x + b * (1 - v + log(v))
  }

  // MARK: Double-double exp, log, pow (correctly rounded results)

  /// hi + lo with |lo| <= ulp(hi) / 2 (so `hi` is the value rounded to a double).
  private struct Pair {
    var hi: Double
    var lo: Double
  }

  /// ln 2 to about 2^-106.
  private static let ln2 = Pair(hi: 0x1.62e42fefa39efp-1, lo: 0x1.abc9e3b39803fp-56)

  @inline(__always)
  private static func twoSum(_ a: Double, _ b: Double) -> Pair {
    let s = a + b
    let bb = s - a
    return Pair(hi: s, lo: (a - (s - bb)) + (b - bb))
  }

  @inline(__always)
  private static func fastTwoSum(_ a: Double, _ b: Double) -> Pair {  // needs |a| >= |b|
    let s = a + b
    return Pair(hi: s, lo: b - (s - a))
  }

  /// a = hi + lo with 26-bit halves (Dekker), so products of halves are exact.
  @inline(__always)
  private static func split(_ a: Double) -> Pair {
    let c = 134_217_729.0 * a
    let hi = c - (c - a)
    return Pair(hi: hi, lo: a - hi)
  }

  /// The exact product a b as a pair (Dekker; no fused multiply-add needed).
  @inline(__always)
  private static func twoProduct(_ a: Double, _ b: Double) -> Pair {
    let p = a * b
    let (x, y) = (split(a), split(b))
    let error = ((x.hi * y.hi - p) + x.hi * y.lo + x.lo * y.hi) + x.lo * y.lo
    return Pair(hi: p, lo: error)
  }

  @inline(__always)
  private static func add(_ a: Pair, _ b: Pair) -> Pair {
    var s = twoSum(a.hi, b.hi)
    let t = twoSum(a.lo, b.lo)
    s.lo += t.hi
    s = fastTwoSum(s.hi, s.lo)
    s.lo += t.lo
    return fastTwoSum(s.hi, s.lo)
  }

  @inline(__always)
  private static func multiply(_ a: Pair, _ b: Pair) -> Pair {
    var p = twoProduct(a.hi, b.hi)
    p.lo += a.hi * b.lo + a.lo * b.hi
    return fastTwoSum(p.hi, p.lo)
  }

  @inline(__always)
  private static func multiply(_ a: Pair, _ b: Double) -> Pair {
    var p = twoProduct(a.hi, b)
    p.lo += a.lo * b
    return fastTwoSum(p.hi, p.lo)
  }

  private static func negated(_ a: Pair) -> Pair { Pair(hi: -a.hi, lo: -a.lo) }

  private static func divide(_ a: Pair, _ b: Pair) -> Pair {
    let q1 = a.hi / b.hi
    var r = add(a, negated(multiply(b, q1)))
    let q2 = r.hi / b.hi
    r = add(r, negated(multiply(b, q2)))
    let q3 = r.hi / b.hi
    return add(fastTwoSum(q1, q2), Pair(hi: q3, lo: 0))
  }

  /// 1 / d as a pair (d an integer below 2^53, so exact).
  private static func reciprocal(_ d: Double) -> Pair {
    let hi = 1 / d
    let r = add(Pair(hi: 1, lo: 0), negated(twoProduct(hi, d)))
    return Pair(hi: hi, lo: r.hi / d)
  }

  /// 1/(2j + 3): pairs for j = 0...5 (low first), doubles for j = 6...16.
  private static let atanhHead = (0...5).map { reciprocal(Double(2 * $0 + 3)) }
  private static let atanhTail = (6...16).map { 1 / Double(2 * $0 + 3) }
  /// 1/n!: pairs for n = 0...8, doubles for n = 9...20 (n! is exact in a double up to 22!).
  private static let expHead = (0...8).map { reciprocal(factorial($0)) }
  private static let expTail = (9...20).map { 1 / factorial($0) }

  private static func factorial(_ n: Int) -> Double {
    (1...max(n, 1)).reduce(1.0) { $0 * Double($1) }
  }

  /// log(x) for finite x > 0 to about 2^-85: x = m 2^e with m in [sqrt(1/2), sqrt(2)), and
  /// log m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...) with s = (m - 1) / (m + 1), |s| < 0.1716.
  private static func logPair(_ x: Double) -> Pair {
    var m = x.significand
    var e = Double(x.exponent)
    if m > 0x1.6a09e667f3bcdp0 {
      m *= 0.5
      e += 1
    }
    let s = divide(Pair(hi: m - 1, lo: 0), twoSum(m, 1))  // m - 1 is exact
    let z = multiply(s, s)
    var tail = 0.0  // the terms j >= 6 are below 2^-34 of the sum: plain doubles suffice
    for c in atanhTail.reversed() { tail = tail * z.hi + c }
    var series = Pair(hi: tail, lo: 0)
    for c in atanhHead.reversed() { series = add(multiply(series, z), c) }
    let half = add(s, multiply(multiply(s, z), series))  // atanh(s)
    let logM = Pair(hi: 2 * half.hi, lo: 2 * half.lo)
    let eLn2 = add(twoProduct(e, ln2.hi), Pair(hi: e * ln2.lo, lo: 0))
    return add(eLn2, logM)
  }

  /// exp(t) rounded, for a pair t with -746 < t.hi < 710: t = k ln2 + r with |r| <= ln2 / 2,
  /// and exp(r) by its Taylor series (terms from r^9/9! on in plain doubles).
  private static func expPair(_ t: Pair) -> Double {
    let k = Int(t.hi * inverseLn2 + (t.hi < 0 ? -0.5 : 0.5))
    let kf = Double(k)
    var r = add(t, negated(twoProduct(kf, ln2.hi)))
    r = add(r, Pair(hi: -kf * ln2.lo, lo: 0))
    var tail = 0.0
    for c in expTail.reversed() { tail = tail * r.hi + c }
    var series = Pair(hi: tail, lo: 0)
    for c in expHead.reversed() { series = add(multiply(series, r), c) }
    return Double(sign: .plus, exponent: k, significand: series.hi)
  }

  /// e^x, correctly rounded except in rare near-halfway cases.
  static func exp(_ x: Double) -> Double {
    if x.isNaN { return x }
    if x > 710 { return .infinity }
    if x < -746 { return 0 }
    return expPair(Pair(hi: x, lo: 0))
  }

  /// Natural log, correctly rounded except in rare near-halfway cases.
  static func log(_ x: Double) -> Double {
    if x.isNaN || x < 0 { return .nan }
    if x == 0 { return -.infinity }
    if x == .infinity { return x }
    return logPair(x).hi
  }

  /// x^y for x >= 0, as exp(y log x) in double-double; correctly rounded except in rare
  /// near-halfway cases (and possibly by one unit for subnormal results).
  static func pow(_ x: Double, _ y: Double) -> Double {
    if x.isNaN || y.isNaN || x < 0 { return .nan }
    if y == 0 || x == 1 { return 1 }
    if x == 0 { return y > 0 ? 0 : .infinity }
    if x == .infinity { return y > 0 ? .infinity : 0 }
    let l = logPair(x)
    let estimate = l.hi * y
    if estimate.isNaN || estimate < -746 { return 0 }
    if estimate > 710 { return .infinity }
    return expPair(multiply(l, y))
  }
}

// read_csv's column typing, straight from the parsed bytes (no `String` per numeric cell):
// every cell an integer → i64; numbers and missing cells (empty, NA, NaN, nan, null) → f64 with
// NaN (so a column with no values is all NaN, and an empty column is f64); every cell
// true/false → bool; anything else → str, as pandas infers int64, float64, bool and object.
// Strings are interned through a per-column hash table of byte ranges (`hashBytes`), so only
// distinct strings become `String`s.
//
// Numbers: a decimal with at most 15 significant digits and a power of ten within ±22 is
// Clinger's fast path (one exact multiply or divide, so correctly rounded); anything else goes
// to `Double(String)` (strtod), which also accepts `inf`, `1e400` and hex as before.
import Foundation
import Interp
import Tensor

extension CSV {
  /// Powers of ten exactly representable as doubles (10^0 … 10^22), kept for the process.
  static let exactPowersPointer: UnsafeBufferPointer<Double> = {
    let p = UnsafeMutableBufferPointer<Double>.allocate(capacity: 23)
    var v = 1.0
    for i in 0..<23 {
      p[i] = v
      v *= 10
    }
    return UnsafeBufferPointer(p)
  }()

  /// Reads the decimal digits at `p[i..<end]` into `mantissa` (wrapping: callers accept at most
  /// 18 digits), moves `i` past them and returns how many there were.
  @inline(__always)
  static func scanDigits(
    _ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int, _ mantissa: inout UInt64
  ) -> Int {
    let start = i
    while i < end {
      let c = p[i] &- 48
      if c > 9 { break }
      mantissa = mantissa &* 10 &+ UInt64(c)
      i += 1
    }
    return i - start
  }

  /// The parsed number in `p[lo..<hi]` (already trimmed, not missing): its value and, when it
  /// is an integer literal of at most 18 digits, that integer. `powers` is `exactPowers`.
  @inline(__always)
  static func number(
    _ p: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int, _ powers: UnsafeBufferPointer<Double>
  ) -> (Double, Int64?)? {
    guard let base = p.baseAddress else { return nil }
    var i = lo
    let negative = p[i] == UInt8(ascii: "-")
    if negative || p[i] == UInt8(ascii: "+") { i += 1 }
    var mantissa: UInt64 = 0
    var digits = scanDigits(base, &i, hi, &mantissa)
    var fraction = 0
    var dot = false
    if i < hi && p[i] == UInt8(ascii: ".") {
      dot = true
      i += 1
      fraction = scanDigits(base, &i, hi, &mantissa)
      digits += fraction
    }
    // 18 digits (leading zeros included) cannot overflow; more take the careful path.
    guard digits > 0, digits <= 18 else { return slowNumber(p, lo, hi) }
    var exponent = 0
    if i < hi {
      guard p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") else {
        return slowNumber(p, lo, hi)
      }
      i += 1
      var expNegative = false
      if i < hi && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
        expNegative = p[i] == UInt8(ascii: "-")
        i += 1
      }
      guard i < hi, hi - i <= 4 else { return slowNumber(p, lo, hi) }
      while i < hi {
        let c = p[i] &- 48
        guard c <= 9 else { return slowNumber(p, lo, hi) }
        exponent = exponent * 10 + Int(c)
        i += 1
      }
      if expNegative { exponent = -exponent }
    } else if !dot {
      let integer = negative ? -Int64(mantissa) : Int64(mantissa)
      return (Double(integer), integer)
    }
    // Clinger's fast path: an exact mantissa times or over an exact power of ten.
    let power = exponent - fraction
    guard mantissa <= 1 << 53, power >= -22, power <= 22 else { return slowNumber(p, lo, hi) }
    let m = Double(mantissa)
    let v = power >= 0 ? m * powers[power] : m / powers[-power]
    return (negative ? -v : v, nil)
  }

  static func slowNumber(_ p: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> (
    Double, Int64?
  )? {
    guard let d = Double(String(decoding: UnsafeBufferPointer(rebasing: p[lo..<hi]), as: UTF8.self))
    else { return nil }
    return (d, nil)
  }

  /// Whether `p[lo..<hi]` is a missing number: empty, `NA`, `NaN`, `nan`, `null`.
  @inline(__always)
  static func missing(_ p: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Bool {
    let n = hi - lo
    if n == 0 { return true }
    if n > 4 || (p[lo] != UInt8(ascii: "N") && p[lo] != UInt8(ascii: "n")) { return false }
    return isMissing(String(decoding: UnsafeBufferPointer(rebasing: p[lo..<hi]), as: UTF8.self))
  }

  /// `p[lo..<hi]` without leading and trailing ASCII whitespace.
  @inline(__always)
  static func trim(_ p: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> (Int, Int) {
    var a = lo
    var b = hi
    while a < b && (p[a] == 32 || p[a] == 9) { a += 1 }
    while b > a && (p[b - 1] == 32 || p[b - 1] == 9) { b -= 1 }
    return (a, b)
  }

  /// A column from the cells `first, first + step, …` of `rows` (see the file comment).
  static func typedColumn(_ rows: Rows, first: Int, step: Int) -> Value {
    let count = max(0, (rows.fieldEnds.count - first + step - 1) / step)
    return rows.data.withUnsafeBufferPointer { p in
      rows.fieldEnds.withUnsafeBufferPointer { ends in
        let (origin, gap) = (rows.first, rows.gap)
        func range(_ k: Int) -> (Int, Int) { (k == 0 ? origin : ends[k - 1] + gap, ends[k]) }
        // Integers go straight into an i64 tensor; the first other number moves what was read
        // into an f64 tensor, where the rest go (NaN for missing cells).
        let ints = Tensor(uninitializedShape: [count], dtype: .i64)
        let ip = ints.buffer.raw.assumingMemoryBound(to: Int64.self)
        var floats: Tensor?
        var fp: UnsafeMutablePointer<Double>?
        var numeric = true
        var k = first
        let powers = exactPowersPointer
        for r in 0..<count {
          let (lo0, hi0) = range(k)
          k += step
          let (lo, hi) = trim(p, lo0, hi0)
          let isMissing = missing(p, lo, hi)
          var value = Double.nan
          if !isMissing {
            guard let (d, i) = number(p, lo, hi, powers) else {
              numeric = false
              break
            }
            if let i, fp == nil {
              ip[r] = i
              continue
            }
            value = d
          }
          if fp == nil {
            let f = Tensor(uninitializedShape: [count], dtype: .f64)
            let q = f.buffer.raw.assumingMemoryBound(to: Double.self)
            for j in 0..<r { q[j] = Double(ip[j]) }
            floats = f
            fp = q
          }
          fp?[r] = value
        }
        if numeric {
          return .tensor(floats ?? (count == 0 ? Tensor(shape: [0], f64: []) : ints))
        }
        if let bools = boolColumn(p, count, first, step, range) {
          return .tensor(Tensor(shape: [count], bool: bools))
        }
        return .tensor(stringColumn(p, count, first, step, range))
      }
    }
  }

  static func boolColumn(
    _ p: UnsafeBufferPointer<UInt8>, _ count: Int, _ first: Int, _ step: Int,
    _ range: (Int) -> (Int, Int)
  ) -> [Bool]? {
    guard count > 0 else { return nil }
    var out = [Bool](repeating: false, count: count)
    for r in 0..<count {
      let (lo, hi) = range(first + r * step)
      switch String(decoding: UnsafeBufferPointer(rebasing: p[lo..<hi]), as: UTF8.self) {
      case "true", "True", "TRUE": out[r] = true
      case "false", "False", "FALSE": out[r] = false
      default: return nil
      }
    }
    return out
  }

  /// A hash of `base[lo..<hi]` for the interning tables, eight bytes at a time (the low bits
  /// pick the slot, so each step folds the high half of the product down).
  @inline(__always)
  static func hashBytes(_ base: UnsafePointer<UInt8>, _ lo: Int, _ hi: Int) -> UInt64 {
    let raw = UnsafeRawPointer(base)
    var h = UInt64(hi - lo) &* 0x9E37_79B9_7F4A_7C15
    var i = lo
    while i + 8 <= hi {
      h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
      h ^= h >> 32
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < hi {
      tail |= UInt64(base[i]) << shift
      shift += 8
      i += 1
    }
    h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    return h ^ (h >> 29)
  }
  /// Doubles an open-addressing table of string ids (linear probing on `hashes`, −1 empty)
  /// and re-inserts every id; the interning tables of both CSV readers grow this way.
  static func grow(_ slots: inout [Int32], _ mask: inout Int, _ hashes: [UInt64]) {
    mask = mask * 2 + 1
    slots = [Int32](repeating: -1, count: mask + 1)
    for (j, h) in hashes.enumerated() {
      var s = Int(truncatingIfNeeded: h) & mask
      while slots[s] >= 0 { s = (s + 1) & mask }
      slots[s] = Int32(j)
    }
  }

  /// A str tensor of the cells, each distinct byte string made a `String` and interned once.
  static func stringColumn(
    _ p: UnsafeBufferPointer<UInt8>, _ count: Int, _ first: Int, _ step: Int,
    _ range: (Int) -> (Int, Int)
  ) -> Tensor {
    var slots = [Int32](repeating: -1, count: 64)
    var mask = 63
    var starts: [Int] = []
    var ends: [Int] = []
    var hashes: [UInt64] = []
    var local = [Int32](repeating: 0, count: count)
    func same(_ j: Int, _ lo: Int, _ hi: Int) -> Bool {
      let (a, b) = (starts[j], ends[j])
      guard b - a == hi - lo else { return false }
      guard hi > lo, let base = p.baseAddress else { return true }
      return memcmp(base + a, base + lo, hi - lo) == 0
    }
    for r in 0..<count {
      let (lo, hi) = range(first + r * step)
      guard let base = p.baseAddress else { break }
      let h = hashBytes(base, lo, hi)
      var s = Int(truncatingIfNeeded: h) & mask
      while true {
        let j = slots[s]
        if j < 0 {
          slots[s] = Int32(starts.count)
          local[r] = Int32(starts.count)
          starts.append(lo)
          ends.append(hi)
          hashes.append(h)
          break
        }
        if hashes[Int(j)] == h && same(Int(j), lo, hi) {
          local[r] = j
          break
        }
        s = (s + 1) & mask
      }
      if starts.count * 2 > mask { grow(&slots, &mask, hashes) }
    }
    let distinct = (0..<starts.count).map { j in
      String(decoding: UnsafeBufferPointer(rebasing: p[starts[j]..<ends[j]]), as: UTF8.self)
    }
    let codes = StringPool.shared.codes(distinct)
    return Tensor(shape: [count], codes: local.map { codes[Int($0)] })
  }
}

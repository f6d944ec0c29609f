// Seeded mutations of byte strings: bit flips, interesting integers, chunk insertion, deletion,
// duplication and splicing with another seed, plus FSL tokens for source text.

/// xorshift64*: small, fast and reproducible from a seed.
struct FuzzRNG {
  var state: UInt64
  init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
  mutating func next() -> UInt64 {
    state ^= state >> 12
    state ^= state << 25
    state ^= state >> 27
    return state &* 0x2545_F491_4F6C_DD1D
  }
  /// Uniform in 0..<n (n > 0).
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
  mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
}

struct Mutator {
  var rng: FuzzRNG
  /// Extra fragments to insert (tokens for source text, magic strings for formats).
  var dictionary: [[UInt8]]
  /// Inputs grow at most to this size.
  var maxSize: Int

  static let interestingBytes: [UInt8] = [0, 1, 0x7F, 0x80, 0xFF, 0x20, 0x0A, 0x22, 0x5C, 0x7B]
  static let interestingInts: [UInt64] = [
    0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 0x7FFF_FFFF, 0x8000_0000,
    0xFFFF_FFFF, 0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, UInt64.max,
    UInt64.max - 1, 1 << 40, 1 << 53,
  ]

  /// One to eight mutations of `input`, sometimes spliced with `other`.
  mutating func mutate(_ input: [UInt8], other: [UInt8]) -> [UInt8] {
    var b = input
    for _ in 0..<(1 + rng.below(8)) { step(&b, other: other) }
    if b.count > maxSize { b.removeLast(b.count - maxSize) }
    return b
  }

  private mutating func step(_ b: inout [UInt8], other: [UInt8]) {
    switch rng.below(10) {
    case 0 where !b.isEmpty:  // flip a bit
      let i = rng.below(b.count)
      b[i] ^= UInt8(1) << UInt8(rng.below(8))
    case 1 where !b.isEmpty:  // an interesting byte
      b[rng.below(b.count)] = Mutator.interestingBytes[rng.below(Mutator.interestingBytes.count)]
    case 2 where b.count >= 8:  // an interesting little- or big-endian integer
      let v = Mutator.interestingInts[rng.below(Mutator.interestingInts.count)]
      let width = [1, 2, 4, 8][rng.below(4)]
      let at = rng.below(b.count - width + 1)
      let big = rng.chance(0.3)
      for k in 0..<width {
        let shift = UInt64(8 * (big ? width - 1 - k : k))
        b[at + k] = UInt8(truncatingIfNeeded: v >> shift)
      }
    case 3 where !b.isEmpty:  // delete a range
      let at = rng.below(b.count)
      let n = min(b.count - at, 1 + rng.below(rng.chance(0.8) ? 4 : 64))
      b.removeSubrange(at..<(at + n))
    case 4 where !b.isEmpty:  // duplicate a range
      let at = rng.below(b.count)
      let n = min(b.count - at, 1 + rng.below(32))
      let chunk = Array(b[at..<(at + n)])
      b.insert(contentsOf: chunk, at: rng.below(b.count + 1))
    case 5 where !dictionary.isEmpty:  // insert a token
      let t = dictionary[rng.below(dictionary.count)]
      b.insert(contentsOf: t, at: rng.below(b.count + 1))
    case 6 where !dictionary.isEmpty && !b.isEmpty:  // overwrite with a token
      let t = dictionary[rng.below(dictionary.count)]
      let at = rng.below(b.count)
      for (k, x) in t.enumerated() where at + k < b.count { b[at + k] = x }
    case 7 where !other.isEmpty:  // splice: our head, the other input's tail
      let cut = rng.below(b.count + 1)
      let from = rng.below(other.count)
      b = Array(b[..<cut]) + Array(other[from...].prefix(512))
    case 8 where b.count > 1:  // truncate
      b.removeLast(1 + rng.below(b.count - 1))
    default:  // a random byte somewhere
      b.insert(UInt8(truncatingIfNeeded: rng.next()), at: rng.below(b.count + 1))
    }
  }

  /// Fragments of FSL source worth inserting into scripts.
  static let fslTokens: [String] = [
    "(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "+=", "==", "..", "\n", " end\n", "end",
    "fn", "fn(x) x end", "if ", " then ", "else", "elif ", "while ", "for ", " in ", "return ",
    "break", "continue", "global ", "import ", "try ", "catch e ", "and", "or", "not", "nil",
    "true", "\"", "\"\\", "f\"{", "}\"", "{{", "#", "'", "@", "^", "**", "%", "//", "-", "1e308",
    "1e999", "0x", "9223372036854775808", "-0.0", "nan", "inf", "...", "a, b = ", "[:, ", "::-1]",
    "x[0][0]", "((((", "))))", "[[[[", "\u{00e9}", "\u{1F600}", "\t", "\r\n", "\\",
  ]
}

// NumPy's SeedSequence (numpy/random/bit_generator.pyx): seed words -> well-mixed state words.

/// The entropy-mixing hash of NumPy's `SeedSequence` with its default pool of four 32-bit
/// words, no spawn key and no extra entropy; every operation is on `UInt32` modulo 2^32.
enum RandomSeedSequence {
  private static let initA: UInt32 = 0x43b0_d7e5
  private static let multA: UInt32 = 0x931e_8875
  private static let initB: UInt32 = 0x8b51_f9dd
  private static let multB: UInt32 = 0x58f3_8ded
  private static let mixMultL: UInt32 = 0xca01_f9dd
  private static let mixMultR: UInt32 = 0x4973_f715
  private static let poolSize = 4

  /// The 32-bit words of `seed`, least significant first; zero is `[0]` (NumPy's
  /// `_int_to_uint32_array`), so seeds below 2^32 are one word.
  static func words(of seed: UInt64) -> [UInt32] {
    if seed == 0 { return [0] }
    var words: [UInt32] = []
    var rest = seed
    while rest > 0 {
      words.append(UInt32(truncatingIfNeeded: rest))
      rest >>= 32
    }
    return words
  }

  /// `SeedSequence(entropy).generate_state(count, np.uint32)`.
  static func generateState(entropy: [UInt32], count: Int) -> [UInt32] {
    let pool = mixedPool(entropy)
    var hashConst = initB
    var out: [UInt32] = []
    out.reserveCapacity(count)
    for i in 0..<count {
      var value = pool[i % poolSize] ^ hashConst
      hashConst = hashConst &* multB
      value = value &* hashConst
      value ^= value >> 16
      out.append(value)
    }
    return out
  }

  /// SeedSequence's `mix_entropy`: hash the entropy into the pool, then mix every pool word
  /// into every other, then fold in any entropy words beyond the pool size.
  private static func mixedPool(_ entropy: [UInt32]) -> [UInt32] {
    var hashConst = initA
    func hashmix(_ input: UInt32) -> UInt32 {
      var value = input ^ hashConst
      hashConst = hashConst &* multA
      value = value &* hashConst
      return value ^ (value >> 16)
    }
    func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
      let result = mixMultL &* x &- mixMultR &* y
      return result ^ (result >> 16)
    }
    var pool = [UInt32](repeating: 0, count: poolSize)
    for i in 0..<poolSize { pool[i] = hashmix(i < entropy.count ? entropy[i] : 0) }
    for source in 0..<poolSize {
      for target in 0..<poolSize where source != target {
        pool[target] = mix(pool[target], hashmix(pool[source]))
      }
    }
    for source in poolSize..<max(poolSize, entropy.count) {
      for target in 0..<poolSize { pool[target] = mix(pool[target], hashmix(entropy[source])) }
    }
    return pool
  }
}

// Fuzz tests for every reader in Sources/Tensor/IO: 10,000 random mutations of a valid file
// each, parsed from memory; every outcome must be a value or a FormatError, never a crash.

import Foundation
import XCTest

@testable import Tensor

/// SplitMix64: a tiny deterministic generator, so a failing mutation can be replayed.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Random damage to a valid file: bit flips, random bytes, truncation, insertion, deletion and
/// length-field corruption (1, 2, 4 or 8 bytes overwritten with boundary values, often at the
/// format's own length fields, `hotspots`).
enum Mutator {
  static func mutate(_ input: [UInt8], hotspots: [Int], _ rng: inout SplitMix64) -> [UInt8] {
    var bytes = input
    for _ in 0..<Int.random(in: 1...3, using: &rng) {
      let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
      switch Int.random(in: 0..<6, using: &rng) {
      case 0:
        if !bytes.isEmpty { bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &rng) }
      case 1:
        if !bytes.isEmpty { bytes[position] = UInt8.random(in: 0...255, using: &rng) }
      case 2:
        bytes.removeLast(bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng))
      case 3:
        let insert = (0..<Int.random(in: 1...16, using: &rng)).map { _ in
          UInt8.random(in: 0...255, using: &rng)
        }
        bytes.insert(contentsOf: insert, at: position)
      case 4:
        let count = min(bytes.count - position, Int.random(in: 1...16, using: &rng))
        bytes.removeSubrange(position..<position + count)
      default:
        corruptLength(&bytes, hotspots: hotspots, &rng)
      }
    }
    return bytes
  }

  /// Overwrites a little-endian integer field with a boundary value.
  private static func corruptLength(
    _ bytes: inout [UInt8], hotspots: [Int], _ rng: inout SplitMix64
  ) {
    let width = [1, 2, 4, 8].randomElement(using: &rng) ?? 8
    guard bytes.count >= width else { return }
    let hot = hotspots.filter { $0 + width <= bytes.count }
    let at =
      !hot.isEmpty && Bool.random(using: &rng)
      ? hot.randomElement(using: &rng) ?? 0 : Int.random(in: 0...(bytes.count - width), using: &rng)
    let n = UInt64(bytes.count)
    let values: [UInt64] = [
      0, 1, 2, 7, 8, 31, 32, 64, 255, 256, 0xffff, 0x7fff_ffff, 0xffff_ffff, 0x8000_0000,
      0x7fff_ffff_ffff_ffff, 0x8000_0000_0000_0000, .max, n, n - 1, n + 1, n * 2,
      UInt64.random(in: 0...UInt64.max, using: &rng), UInt64.random(in: 0...4096, using: &rng),
    ]
    let value = values.randomElement(using: &rng) ?? 0
    withUnsafeBytes(of: value.littleEndian) { raw in
      for i in 0..<width { bytes[at + i] = raw[i] }
    }
  }
}

final class IOFuzzTests: XCTestCase {
  /// Parses `iterations` mutations of `valid` with `parse`; fails on any error that is not a
  /// `FormatError` (a crash or trap would end the test run, which fails it too).
  private func fuzz(
    _ valid: [UInt8], seed: UInt64, hotspots: [Int], iterations: Int = 10_000,
    _ parse: ([UInt8]) throws -> Void
  ) throws {
    XCTAssertNoThrow(try parse(valid), "the unmutated file must parse")
    // FSL_IO_FUZZ_SCALE=100 runs a longer campaign by hand; FSL_IO_FUZZ_SEED varies the seed.
    let environment = ProcessInfo.processInfo.environment
    let iterations = iterations * (environment["FSL_IO_FUZZ_SCALE"].flatMap { Int($0) } ?? 1)
    let seed = seed &+ (environment["FSL_IO_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0) &* 1000
    var rng = SplitMix64(state: seed)
    var rejected = 0
    for i in 0..<iterations {
      let input = Mutator.mutate(valid, hotspots: hotspots, &rng)
      do {
        try parse(input)
      } catch let error as FormatError {
        rejected += 1
        XCTAssertFalse(error.expected.isEmpty)
      } catch {
        XCTFail("mutation \(i) (seed \(seed)): not a FormatError: \(error)")
        return
      }
    }
    // Most mutations must be caught; otherwise the readers are not checking much.
    XCTAssertGreaterThan(rejected, iterations / 3)
  }

  func testNpy() throws {
    for (i, name) in ["f8.npy", "fortran_i4.npy", "f2_be.npy"].enumerated() {
      try fuzz(
        try IOFixtures.bytes(name), seed: UInt64(i + 1), hotspots: [6, 8, 9], iterations: 3_334
      ) {
        _ = try Npy.read(bytes: $0, name: "fuzz.npy")
      }
    }
  }

  func testNpz() throws {
    let stored = try Npz.encode([
      ("a", sampleTensor(.f64, [2, 3])), ("b", sampleTensor(.bool, [4])),
      ("c", sampleTensor(.i64, [])),
    ])
    let compressed = try IOFixtures.bytes("compressed.npz")
    for (seed, file) in [(11, stored), (12, compressed)] {
      let end = file.count - 22
      let hot = [end + 8, end + 10, end + 12, end + 16, 14, 18, 22, 26, 28]
      try fuzz(file, seed: UInt64(seed), hotspots: hot, iterations: 5_000) {
        _ = try Npz.read(bytes: $0, name: "fuzz.npz")
      }
    }
  }

  func testSafetensors() throws {
    try fuzz(try IOFixtures.bytes("mixed.safetensors"), seed: 21, hotspots: [0, 4]) {
      _ = try Safetensors.read(bytes: $0, name: "fuzz.safetensors")
    }
  }

  func testGGUF() throws {
    let valid = try IOFixtures.bytes("model.gguf")
    let file = try GGUF.read(bytes: valid)
    // Counts, the first key's length, and each tensor info's name length, dims and offset.
    var hot = [4, 8, 16, 24]
    for info in file.tensorInfos {
      let dims = info.infoOffset + 8 + info.name.utf8.count + 4
      hot += [info.infoOffset, dims - 4, dims, dims + 8 * info.shape.count + 4]
    }
    try fuzz(valid, seed: 31, hotspots: hot) {
      _ = try GGUF.read(bytes: $0, name: "fuzz.gguf").tensors()
    }
  }
}

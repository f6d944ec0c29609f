// Fuzz: 10,000 random mutations each of a valid JSON document and a valid CSV file must parse
// or fail with an IOError/TypeError — never crash or hang (issue 4's corrupt-input rule).
import Interp
import XCTest

@testable import Builtins

final class TextFormatFuzzTests: XCTestCase {
  struct Rng {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(max(n, 1)))
    }
  }

  func mutate(_ bytes: [UInt8], _ rng: inout Rng) -> [UInt8] {
    var b = bytes
    for _ in 0...rng.next(4) {
      guard !b.isEmpty else { break }
      let i = rng.next(b.count)
      switch rng.next(5) {
      case 0: b[i] ^= UInt8(1 << rng.next(8))
      case 1: b.removeSubrange(i..<min(b.count, i + 1 + rng.next(8)))
      case 2: b.insert(UInt8(rng.next(256)), at: i)
      case 3: b = Array(b.prefix(i))
      default: b.insert(contentsOf: Array("\"{[,:\n".utf8).shuffled().prefix(2), at: i)
      }
    }
    return b
  }

  func testMutatedJSONNeverCrashes() {
    let valid = Array(
      #"{"a": [1, 2.5, -3e-2], "b": {"c": "x\u00e9\n", "d": [true, false, null]}, "e": []}"#.utf8)
    var rng = Rng(state: 11)
    var parsed = 0
    for _ in 0..<10_000 {
      do {
        _ = try JSONCodec.decode(mutate(valid, &rng), file: "fuzz.json")
        parsed += 1
      } catch let e as RuntimeError {
        XCTAssertTrue(["IOError", "TypeError", "ShapeError"].contains(e.kind), e.message)
      } catch {
        XCTFail("unexpected error type: \(error)")
      }
    }
    XCTAssertGreaterThan(parsed, 0)
  }

  func testMutatedCSVNeverCrashes() {
    let valid = Array("name,score,group\n\"Smith, J\",91.5,a\nLee,,b\n\"Q \"\"x\"\"\",77,a\n".utf8)
    var rng = Rng(state: 12)
    var parsed = 0
    for _ in 0..<10_000 {
      do {
        let text = String(decoding: mutate(valid, &rng), as: UTF8.self)
        _ = try CSV.table(try CSV.parse(text, file: "fuzz.csv"), file: "fuzz.csv")
        parsed += 1
      } catch let e as RuntimeError {
        XCTAssertTrue(["IOError", "ShapeError", "TypeError"].contains(e.kind), e.message)
      } catch {
        XCTFail("unexpected error type: \(error)")
      }
    }
    XCTAssertGreaterThan(parsed, 0)
  }
}

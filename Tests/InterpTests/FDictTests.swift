// FDict (Sources/Interp/FDict.swift): order, removal, compaction, the small and indexed forms,
// and copy-on-write.
import XCTest

@testable import Interp

final class FDictTests: XCTestCase {
  func pairs(_ d: FDict) -> [String] { d.map { "\($0.key)=\(number($0.value))" } }

  func number(_ v: Value) -> Int {
    if case .number(let x) = v { return Int(x) }
    return -1
  }

  func dict(_ keys: [String]) -> FDict {
    var d = FDict()
    for (i, k) in keys.enumerated() { d[k] = .number(Double(i)) }
    return d
  }

  /// The storage invariants (FDict.swift): tombstones never outnumber live entries, the last
  /// slot and slot `head` are live, and the index maps each live key to `base +` its slot.
  func assertCompact(_ d: FDict, file: StaticString = #filePath, line: UInt = #line) {
    let s = d.storage
    XCTAssertLessThanOrEqual(s.slots.count, 2 * d.count + 1, file: file, line: line)
    XCTAssertEqual(s.slots.filter { $0.key != nil }.count, d.count, file: file, line: line)
    if let last = s.slots.last { XCTAssertNotNil(last.key, file: file, line: line) }
    XCTAssertEqual(s.head, s.slots.firstIndex { $0.key != nil } ?? 0, file: file, line: line)
    if !s.index.isEmpty {
      XCTAssertEqual(s.index.count, d.count, file: file, line: line)
      for (k, i) in s.index {
        let slot = i - s.base
        guard s.slots.indices.contains(slot) else { return XCTFail("\(k) → \(i)") }
        XCTAssertEqual(s.slots[slot].key, k, file: file, line: line)
      }
    }
  }

  func testAssigningAnExistingKeyKeepsItsPlace() {
    var d = dict(["b", "a", "c"])
    d["a"] = .number(9)
    XCTAssertEqual(pairs(d), ["b=0", "a=9", "c=2"])
    XCTAssertEqual(d.keys, ["b", "a", "c"])
    XCTAssertEqual(d.values.map(number), [0, 9, 2])
  }

  func testRemoveReturnsTheValueAndAReinsertedKeyGoesLast() {
    var d = dict(["a", "b", "c", "d"])
    XCTAssertEqual(d.removeValue(forKey: "b").map(number), 1)
    XCTAssertNil(d.removeValue(forKey: "b"))
    XCTAssertNil(d.removeValue(forKey: "zz"))
    XCTAssertNil(d["b"])
    XCTAssertEqual(d.count, 3)
    d["b"] = .number(7)
    XCTAssertEqual(pairs(d), ["a=0", "c=2", "d=3", "b=7"])
    d["c"] = nil
    XCTAssertEqual(pairs(d), ["a=0", "d=3", "b=7"])
    assertCompact(d)
  }

  func testRemovingTheNewestEntriesLeavesNoTombstones() {
    var d = dict((0..<40).map { "k\($0)" })
    for i in stride(from: 39, through: 10, by: -1) {
      d.removeValue(forKey: "k\(i)")
      XCTAssertEqual(d.storage.slots.count, i)
    }
    XCTAssertEqual(d.keys, (0..<10).map { "k\($0)" })
  }

  func testCompactionKeepsOrderAndLookups() {
    for n in [10, 16, 17, 100] {
      var d = dict((0..<n).map { "k\($0)" })
      // Front first, so tombstones pile up ahead of the live entries.
      for i in 0..<n where i % 3 != 2 {
        d.removeValue(forKey: "k\(i)")
        assertCompact(d)
      }
      let left = (0..<n).filter { $0 % 3 == 2 }
      XCTAssertEqual(pairs(d), left.map { "k\($0)=\($0)" }, "n = \(n)")
      for i in 0..<n { XCTAssertEqual(d["k\(i)"].map(number), i % 3 == 2 ? i : nil) }
    }
  }

  func testRemovingTheOldestEntriesFirst() {
    var d = dict((0..<100).map { "k\($0)" })
    for i in 0..<80 {
      d.removeValue(forKey: "k\(i)")
      assertCompact(d)
    }
    // The leading tombstones went with one memmove; `base` absorbed the shift.
    XCTAssertGreaterThan(d.storage.base, 0)
    for i in 100..<130 { d["k\(i)"] = .number(Double(i)) }
    for i in stride(from: 81, to: 130, by: 2) {
      d.removeValue(forKey: "k\(i)")
      assertCompact(d)
    }
    let left = Array(stride(from: 80, to: 130, by: 2))
    XCTAssertEqual(pairs(d), left.map { "k\($0)=\($0)" })
    for i in 0..<130 { XCTAssertEqual(d["k\(i)"].map(number), left.contains(i) ? i : nil) }
  }

  func testRemovingEverythingEmptiesTheStorage() {
    var d = dict((0..<50).map { "k\($0)" })
    for i in [25, 0, 49, 1, 48] + Array(2..<25) + Array(26..<48) {
      XCTAssertEqual(d.removeValue(forKey: "k\(i)").map(number), i)
    }
    XCTAssertEqual(d.count, 0)
    XCTAssertTrue(d.storage.slots.isEmpty)
    XCTAssertTrue(d.storage.index.isEmpty)
    XCTAssertEqual(pairs(d), [])
    d["x"] = .number(1)
    XCTAssertEqual(pairs(d), ["x=1"])
  }

  /// Random sets and removals, in both the small and the indexed form, against a model.
  func testMatchesAnOrderedModel() {
    var seed: UInt64 = 42
    func next(_ n: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((seed >> 33) % UInt64(n))
    }
    for keySpace in [5, 20, 200] {
      var d = FDict()
      var model: [(String, Int)] = []
      for step in 0..<3000 {
        let k = "k\(next(keySpace))"
        if next(3) == 0 {
          let want = model.firstIndex { $0.0 == k }.map { model.remove(at: $0).1 }
          XCTAssertEqual(d.removeValue(forKey: k).map(number), want)
        } else if let i = model.firstIndex(where: { $0.0 == k }) {
          model[i].1 = step
          d[k] = .number(Double(step))
        } else {
          model.append((k, step))
          d[k] = .number(Double(step))
        }
        XCTAssertEqual(d.count, model.count)
        if step % 97 == 0 {
          XCTAssertEqual(pairs(d), model.map { "\($0.0)=\($0.1)" }, "key space \(keySpace)")
          assertCompact(d)
        }
      }
      for (k, v) in model { XCTAssertEqual(d[k].map(number), v) }
    }
  }

  func testACopyDoesNotSeeTheOtherMutations() {
    for n in [3, 30] {
      let a = dict((0..<n).map { "k\($0)" })
      var b = a
      b["k0"] = .number(100)
      b.removeValue(forKey: "k1")
      b["new"] = .number(5)
      _ = b.modify("k2") { $0 = .number(200) }
      XCTAssertEqual(pairs(a), (0..<n).map { "k\($0)=\($0)" })
      XCTAssertEqual(b["k0"].map(number), 100)
      XCTAssertNil(b["k1"])
      XCTAssertEqual(b["k2"].map(number), 200)

      var c = b
      c.removeValue(forKey: "new")
      XCTAssertEqual(b["new"].map(number), 5)
      XCTAssertEqual(a.mapValues { _ in .null }.count, n)
      XCTAssertEqual(pairs(a.mapValues { .number(Double(number($0) + 1)) }).first, "k0=1")
      XCTAssertEqual(a["k0"].map(number), 0)
    }
  }

  func testModifyChangesAUniqueDictInPlace() {
    var d = dict(["a", "b"])
    d["xs"] = .list([.number(1)])
    let box = ObjectIdentifier(d.storage)
    let found = d.modify("xs") { v -> Bool in
      guard case .list(var xs) = v else { return false }
      v = .null
      xs.append(.number(2))
      v = .list(xs)
      return true
    }
    XCTAssertEqual(found, true)
    XCTAssertEqual(ObjectIdentifier(d.storage), box)
    XCTAssertNil(d.modify("missing") { _ in true })
    guard case .list(let xs)? = d["xs"] else { return XCTFail("xs is not a list") }
    XCTAssertEqual(xs.count, 2)

    let shared = d
    _ = d.modify("a") { $0 = .number(5) }
    XCTAssertNotEqual(ObjectIdentifier(d.storage), ObjectIdentifier(shared.storage))
    XCTAssertEqual(shared["a"].map(number), 0)
  }
}

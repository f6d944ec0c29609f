// Reading a Swift array's items where they lie. `withUnsafeBufferPointer` on an array held in a
// variable, a list `Value` or a class's field retains and releases the array's buffer around
// the read (two runtime calls on every `xs[i]`, `xs[i].k` and `d.k`); these reads instead take
// the items' address from the buffer directly.

/// An array's items and count, read from the array's native layout: the array is one
/// reference to its buffer, which holds the count at byte 16 and the items from byte 32. `valid`
/// checks that layout once (for the two item types read this way); every caller also has a
/// path that does not rely on it. Only for reading: a write must first make the buffer unique.
enum RawArray {
  static let countOffset = 16
  static let itemsOffset = 32

  /// The items of the array stored at `a` and their number; valid while the array is not
  /// changed or released.
  @inline(__always)
  static func items<T>(_ a: UnsafeMutableRawPointer, of: T.Type) -> (UnsafeMutablePointer<T>, Int) {
    let buffer = a.load(as: UnsafeMutableRawPointer.self)
    let n = buffer.load(fromByteOffset: countOffset, as: Int.self)
    return ((buffer + itemsOffset).assumingMemoryBound(to: T.self), n)
  }

  /// The address of item `i` (negatives count from the end) of the list stored at `p`, which
  /// must hold a list, or nil when `i` is out of range.
  @inline(__always)
  static func listItem(_ p: UnsafeMutablePointer<Value>, _ i: Int) -> UnsafeMutablePointer<Value>? {
    let (items, n) = RawArray.items(p, of: Value.self)
    let j = i < 0 ? i + n : i
    return j >= 0 && j < n ? items + j : nil
  }

  /// Whether the array stored at `a` is certainly its buffer's only reference, read from the
  /// buffer's reference count without a call: the strong count above one (bits 33–62) and the
  /// side-table flag (bit 63) are all zero. False is always safe (the caller takes the path
  /// that makes the array unique); `uniqueValid` checks once that true means unique.
  @inline(__always)
  static func isUnique(_ a: UnsafeMutableRawPointer) -> Bool {
    isUniqueObject(a.load(as: UnsafeRawPointer.self))
  }

  /// `isUnique` for any native Swift object (an array's buffer, a class instance).
  @inline(__always)
  static func isUniqueObject(_ object: UnsafeRawPointer) -> Bool {
    object.load(fromByteOffset: 8, as: UInt64.self) & 0xFFFF_FFFE_0000_0000 == 0
  }

  /// Whether `isUnique` agrees with `isKnownUniquelyReferenced` on a unique, a shared and the
  /// empty array.
  static let uniqueValid: Bool = {
    guard valid else { return false }
    var xs: [Value] = (0..<4).map { .number(Double($0)) }
    func inline(_ xs: inout [Value]) -> Bool {
      withUnsafeMutablePointer(to: &xs) { isUnique(UnsafeMutableRawPointer($0)) }
    }
    guard inline(&xs) else { return false }
    let shared = opaqueCopy(xs)
    guard !inline(&xs) else { return false }
    var empty: [Value] = []
    guard !inline(&empty) else { return false }
    return shared.count == 4 && empty.isEmpty
  }()

  /// Whether `items` finds what `withUnsafeBufferPointer` finds, for lists and dict slots.
  static let valid: Bool = {
    func check<T>(_ xs: inout [T]) -> Bool {
      let expected = xs.withUnsafeBufferPointer { ($0.baseAddress, $0.count) }
      return withUnsafeMutablePointer(to: &xs) { p in
        let (base, n) = items(UnsafeMutableRawPointer(p), of: T.self)
        return n == expected.1 && (n == 0 || UnsafePointer(base) == expected.0)
      }
    }
    func check<T>(_ xs: inout ContiguousArray<T>) -> Bool {
      let expected = xs.withUnsafeBufferPointer { ($0.baseAddress, $0.count) }
      return withUnsafeMutablePointer(to: &xs) { p in
        let (base, n) = items(UnsafeMutableRawPointer(p), of: T.self)
        return n == expected.1 && (n == 0 || UnsafePointer(base) == expected.0)
      }
    }
    guard MemoryLayout<[Value]>.size == 8, MemoryLayout<ContiguousArray<FDict.Slot>>.size == 8
    else { return false }
    var lists: [[Value]] = [[], [.number(1)], (0..<100).map { .number(Double($0)) }]
    var grown: [Value] = [.null]
    grown.append(contentsOf: [.string("a"), .bool(true)])
    lists.append(grown)
    for i in lists.indices where !check(&lists[i]) { return false }
    var slots: [ContiguousArray<FDict.Slot>] = [
      [], [FDict.Slot(key: "x", value: .number(2)), FDict.Slot(key: nil, value: .null)],
    ]
    for i in slots.indices where !check(&slots[i]) { return false }
    return true
  }()
}

/// `xs`, through a call the optimizer cannot see into, so the caller really holds a second
/// reference (`RawArray.uniqueValid`; an optimized copy can be elided).
@inline(never) @_optimize(none)
func opaqueCopy(_ xs: [Value]) -> [Value] { xs }

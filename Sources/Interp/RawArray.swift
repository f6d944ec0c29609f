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

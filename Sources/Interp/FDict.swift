// FDict: FSL's dict, string keys in insertion order, with O(1) lookup, insertion and removal.
//
// Design. `Storage` keeps the entries in insertion order in `slots`. Removing a key leaves a
// tombstone (a slot with no key, holding `.null`) instead of shifting the later entries, as
// `OrderedDictionary` does, so `pop(d, k)` no longer costs O(n). Tombstones are reclaimed:
// - at the end of `slots` at once, so removing the newest entries (stack order) leaves none;
// - everywhere by `compact()` as soon as they outnumber the live entries: one O(slots) pass,
//   paid for by the more than slots / 2 removals since the last one, so removal is amortised
//   O(1) and `slots` never holds more than twice (plus one) the live count. `index` stores
//   `base + slot`, so when every tombstone leads (oldest removed first, a queue) compacting
//   is a single memmove and `base` absorbs the shift instead of rewriting the index;
// - all at once when the last entry goes.
// Lookup: a small dict (never more than `scanLimit` slots) compares the keys one by one, which
// is faster than hashing a string (SipHash) and is what `OrderedDictionary` does below 16
// entries; reading `d.k` is on the interpreter's hot path. The first append past `scanLimit`
// builds `index` (live key → base + slot), which is kept until the dict is empty.
// Iteration walks `slots` from `head` and skips tombstones. Assigning an existing key keeps its
// position; a removed key assigned again goes to the end (as in Python).
//
// Invariants: `live` counts the slots with a key; a tombstone has key nil and value `.null`, so
// it keeps nothing alive; the last slot and slot `head` are live (all zero when empty);
// `index` is either empty (the small form: `slots` has not grown past `scanLimit` since the
// dict was last empty) or maps exactly the live keys k to `base + i` where `slots[i].key == k`.
//
// Copy-on-write: an `FDict` is one reference to its `Storage` (so `Value` stays small). Every
// mutation first calls `ensureUnique`, which gives a shared dict its own `Storage`; the new
// box shares the arrays' buffers, which Swift copies on their first write. A uniquely held dict
// is therefore changed in place, and `modify` hands out its slot's value `inout` in place.

/// An ordered string-keyed dictionary with value semantics (copy-on-write).
public struct FDict {
  @usableFromInline struct Slot {
    /// nil marks a tombstone.
    @usableFromInline var key: String?
    @usableFromInline var value: Value
  }

  @usableFromInline final class Storage {
    /// Live keys to `base +` their slot; empty while the dict is small (see `scanLimit`).
    var index: [String: Int] = [:]
    @usableFromInline var slots: ContiguousArray<Slot> = []
    /// The number of live slots.
    @usableFromInline var live = 0
    /// The number of tombstones before the first live slot.
    @usableFromInline var head = 0
    /// Added to slot numbers in `index`, so dropping the leading tombstones rewrites no entry.
    var base = 0

    init() {}

    /// A box with the same contents; the arrays are shared until either box writes.
    func copy() -> Storage {
      let s = Storage()
      s.index = index
      s.slots = slots
      s.live = live
      s.head = head
      s.base = base
      return s
    }

    /// The slot of `key`, if it is live.
    @inline(__always) func find(_ key: String) -> Int? {
      if !index.isEmpty { return index[key].map { $0 - base } }
      for i in slots.indices where slots[i].key == key { return i }
      return nil
    }

    func set(_ key: String, _ value: consuming Value) {
      if let i = find(key) {
        slots[i].value = value
        return
      }
      if !index.isEmpty { index[key] = base + slots.count }
      slots.append(Slot(key: key, value: value))
      live += 1
      if index.isEmpty && slots.count > FDict.scanLimit {
        index.reserveCapacity(live)
        for i in head..<slots.count { if let k = slots[i].key { index[k] = base + i } }
      }
    }

    @discardableResult func remove(_ key: String) -> Value? {
      let found = index.isEmpty ? find(key) : index.removeValue(forKey: key).map { $0 - base }
      guard let i = found else { return nil }
      let value = slots[i].value
      slots[i] = Slot(key: nil, value: .null)
      live -= 1
      if live == 0 {
        slots.removeAll(keepingCapacity: slots.count <= FDict.scanLimit)
        head = 0
        base = 0
      } else if i == slots.count - 1 {
        while let last = slots.indices.last, slots[last].key == nil { slots.removeLast() }
      } else {
        if i == head {
          while slots[head].key == nil { head += 1 }
        }
        if slots.count - live > live { compact() }
      }
      return value
    }

    /// Drops the tombstones, keeping the live entries in order. When all of them lead (the
    /// oldest entries were removed first) this is one memmove with no index update.
    func compact() {
      if head == slots.count - live {
        slots.removeFirst(head)
        base += head
        head = 0
        return
      }
      var j = head
      for i in head..<slots.count {
        guard let key = slots[i].key else { continue }
        if i != j {
          slots.swapAt(i, j)
          if !index.isEmpty { index[key] = base + j }
        }
        j += 1
      }
      slots.removeLast(slots.count - j)
      slots.removeFirst(head)
      base += head
      head = 0
    }
  }

  /// Up to this many slots a lookup compares keys one by one, which beats hashing a string.
  static let scanLimit = 16

  @usableFromInline var storage: Storage

  init(storage: Storage) { self.storage = storage }
  public init() { storage = Storage() }
  public init(_ pairs: [(String, Value)]) {
    storage = Storage()
    storage.slots.reserveCapacity(pairs.count)
    for (k, v) in pairs { storage.set(k, v) }
  }

  /// The number of entries.
  @inlinable public var count: Int { storage.live }
  /// The keys in insertion order.
  public var keys: [String] {
    let slots = storage.slots
    var out: [String] = []
    out.reserveCapacity(count)
    for i in storage.head..<slots.count { if let k = slots[i].key { out.append(k) } }
    return out
  }
  /// The values in insertion order.
  public var values: [Value] {
    let slots = storage.slots
    var out: [Value] = []
    out.reserveCapacity(count)
    for i in storage.head..<slots.count where slots[i].key != nil { out.append(slots[i].value) }
    return out
  }

  /// The value under `key`; assigning nil removes the key.
  public subscript(key: String) -> Value? {
    get {
      guard let i = storage.find(key) else { return nil }
      return storage.slots[i].value
    }
    set {
      ensureUnique()
      // `consume`: the value moves into its slot instead of being copied and released.
      if let v = consume newValue { storage.set(key, v) } else { storage.remove(key) }
    }
  }

  /// The slot of `key`, trying `hint` first (a site's inline cache: the slot where its key was
  /// found last time, one comparison when the dicts it sees share a shape) and updating it.
  @inline(__always) func slot(of key: String, hint: inout Int) -> Int? {
    if hint < storage.slots.count, storage.slots[hint].key == key { return hint }
    guard let i = storage.find(key) else { return nil }
    hint = i
    return i
  }

  /// The value under `key`, found through `hint` (see `slot(of:hint:)`).
  @inline(__always)
  public func value(forKey key: String, hint: inout Int) -> Value? {
    guard let i = slot(of: key, hint: &hint) else { return nil }
    return storage.slots[i].value
  }

  /// `value(forKey:hint:)` of the dict stored at `d`, read without retaining its storage or
  /// its slots (`RawArray`, which the caller checks is `valid`); a number is rebuilt from its
  /// bits (copying a `Value` goes through an outlined function).
  @inline(__always)
  static func value(at d: UnsafeMutablePointer<FDict>, forKey key: String, hint: inout Int)
    -> Value?
  {
    let raw = UnsafeRawPointer(d).load(as: UnsafeRawPointer.self)
    return Unmanaged<Storage>.fromOpaque(raw)._withUnsafeGuaranteedRef { s in
      let (slots, n) = withUnsafeMutablePointer(to: &s.slots) { RawArray.items($0, of: Slot.self) }
      var i = hint
      if !(i < n && slots[i].key == key) {
        guard let j = s.find(key) else { return nil }
        (hint, i) = (j, j)
      }
      if case .number(let x) = slots[i].value { return .number(x) }
      return slots[i].value
    }
  }

  /// The value under `key` in the dict stored at `d`, for writing a number over the number it
  /// holds in place: nil unless the dict's storage and slots are both unshared
  /// (`RawArray.isUnique`, which the caller checks is `uniqueValid`), `hint` is the key's slot
  /// and the value is a number. No call, no reference counting.
  @inline(__always)
  static func numberInPlace(
    at d: UnsafeMutablePointer<FDict>, forKey key: String, hint: Int, valueOffset: Int
  ) -> UnsafeMutablePointer<Value>? {
    let raw = UnsafeRawPointer(d).load(as: UnsafeRawPointer.self)
    guard RawArray.isUniqueObject(raw) else { return nil }
    return Unmanaged<Storage>.fromOpaque(raw)._withUnsafeGuaranteedRef { s in
      withUnsafeMutablePointer(to: &s.slots) { sp -> UnsafeMutablePointer<Value>? in
        guard RawArray.isUnique(sp) else { return nil }
        let (slots, n) = RawArray.items(sp, of: Slot.self)
        guard hint >= 0, hint < n, slots[hint].key == key, case .number = slots[hint].value else {
          return nil
        }
        return (UnsafeMutableRawPointer(slots + hint) + valueOffset).assumingMemoryBound(
          to: Value.self)
      }
    }
  }

  /// Where a slot keeps its value (for `numberInPlace`).
  static let slotValueOffset = MemoryLayout<Slot>.offset(of: \Slot.value)

  /// `self[key] = value`, found through `hint` (see `slot(of:hint:)`).
  public mutating func set(_ key: String, _ value: consuming Value, hint: inout Int) {
    ensureUnique()
    if let i = slot(of: key, hint: &hint) {
      storage.slots[i].value = value
    } else {
      storage.set(key, value)
    }
  }

  /// `modify(key, body)`, found through `hint` (see `slot(of:hint:)`).
  public mutating func modify<T>(
    _ key: String, hint: inout Int, _ body: (inout Value) throws -> T
  ) rethrows -> T? {
    ensureUnique()
    guard let i = slot(of: key, hint: &hint) else { return nil }
    return try body(&storage.slots[i].value)
  }

  /// Copies the storage when it is shared, so the next mutation is invisible to other holders.
  public mutating func ensureUnique() {
    if !isKnownUniquelyReferenced(&storage) {
      storage = storage.copy()
    }
  }

  /// Mutates the value under `key` in place; returns nil (and does nothing) if it is absent.
  public mutating func modify<T>(_ key: String, _ body: (inout Value) throws -> T) rethrows -> T? {
    var hint = 0
    return try modify(key, hint: &hint, body)
  }

  /// Removes `key` and returns its value, or nil if it is absent. Amortised O(1).
  @discardableResult public mutating func removeValue(forKey key: String) -> Value? {
    ensureUnique()
    return storage.remove(key)
  }

  /// The same keys in the same order, each value passed through `transform`.
  public func mapValues(_ transform: (Value) throws -> Value) rethrows -> FDict {
    let out = storage.copy()
    for i in out.slots.indices where out.slots[i].key != nil {
      out.slots[i].value = try transform(out.slots[i].value)
    }
    return FDict(storage: out)
  }
}

// Inlinable (with the storage it reads marked @usableFromInline) so that `for`, `map` and
// `contains` in other modules (Builtins) loop over the slots without a call per entry.
extension FDict: Sequence {
  /// Walks the live entries in insertion order.
  public struct Iterator: IteratorProtocol {
    @usableFromInline let slots: ContiguousArray<Slot>
    @usableFromInline var i: Int

    @inlinable init(slots: ContiguousArray<Slot>, i: Int) {
      self.slots = slots
      self.i = i
    }

    @inlinable public mutating func next() -> (key: String, value: Value)? {
      while i < slots.count {
        let j = i
        i += 1
        if let k = slots[j].key { return (k, slots[j].value) }
      }
      return nil
    }
  }

  @inlinable public func makeIterator() -> Iterator {
    Iterator(slots: storage.slots, i: storage.head)
  }
  @inlinable public var underestimatedCount: Int { count }
}

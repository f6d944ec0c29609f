// FDict: FSL's dict, string keys in insertion order, with O(1) lookup, insertion and removal.
//
// Design. `Storage` keeps the entries in insertion order in `slots`. Removing a key leaves a
// tombstone (a slot with no key, holding `.null`) instead of shifting the later entries, as
// `OrderedDictionary` does, so `pop(d, k)` no longer costs O(n). Tombstones are reclaimed two
// ways:
// - at the end of `slots` at once, so removing the newest entries (stack order) leaves none;
// - everywhere by `compact()` as soon as they outnumber the live entries: one O(slots) pass,
//   paid for by the more than slots / 2 removals since the last one, so removal is amortised
//   O(1) and `slots` never holds more than twice (plus one) the live count.
// Lookup: a small dict (never more than `scanLimit` slots) compares the keys one by one, which
// is faster than hashing a string (SipHash) and is what `OrderedDictionary` does below 16
// entries; reading `d.k` is on the interpreter's hot path. The first append past `scanLimit`
// builds `index` (live key → slot), which is kept from then on.
// Iteration walks `slots` and skips tombstones. Assigning an existing key keeps its position;
// a removed key assigned again goes to the end (as in Python).
//
// Invariants: `live` counts the slots with a key; a tombstone has key nil and value `.null`, so
// it keeps nothing alive; the last slot, if any, is live; `index` is either empty (the small
// form: then `slots` has never grown past `scanLimit` since it was last empty) or maps exactly
// the live keys to their slots.
//
// Copy-on-write: an `FDict` is one reference to its `Storage` (so `Value` stays small). Every
// mutation first calls `ensureUnique`, which gives a shared dict its own `Storage`; the new
// box shares the arrays' buffers, which Swift copies on their first write. A uniquely held dict
// is therefore changed in place, and `modify` hands out its slot's value `inout` in place.
import Collections

/// An ordered string-keyed dictionary with value semantics (copy-on-write).
public struct FDict {
  struct Slot {
    /// nil marks a tombstone.
    var key: String?
    var value: Value
  }

  final class Storage {
    /// Live keys to slots; empty while the dict is small (see `scanLimit`).
    var index: [String: Int]
    var slots: ContiguousArray<Slot>
    /// The number of live slots.
    var live: Int

    init(index: [String: Int] = [:], slots: ContiguousArray<Slot> = [], live: Int = 0) {
      self.index = index
      self.slots = slots
      self.live = live
    }

    /// The slot of `key`, if it is live.
    @inline(__always) func find(_ key: String) -> Int? {
      if !index.isEmpty { return index[key] }
      for i in slots.indices where slots[i].key == key { return i }
      return nil
    }

    func set(_ key: String, _ value: consuming Value) {
      if let i = find(key) {
        slots[i].value = value
        return
      }
      if !index.isEmpty { index[key] = slots.count }
      slots.append(Slot(key: key, value: value))
      live += 1
      if index.isEmpty && slots.count > FDict.scanLimit {
        index.reserveCapacity(live)
        for (i, s) in slots.enumerated() { if let k = s.key { index[k] = i } }
      }
    }

    @discardableResult func remove(_ key: String) -> Value? {
      guard let i = index.isEmpty ? find(key) : index.removeValue(forKey: key) else {
        return nil
      }
      let value = slots[i].value
      slots[i] = Slot(key: nil, value: .null)
      live -= 1
      if i == slots.count - 1 {
        while let last = slots.indices.last, slots[last].key == nil { slots.removeLast() }
      } else if slots.count - live > live {
        compact()
      }
      return value
    }

    /// Moves the live entries to the front, in order, and drops the tombstones.
    func compact() {
      var j = 0
      for i in slots.indices {
        guard let key = slots[i].key else { continue }
        if i != j {
          slots.swapAt(i, j)
          if !index.isEmpty { index[key] = j }
        }
        j += 1
      }
      slots.removeLast(slots.count - j)
    }
  }

  /// Up to this many slots a lookup compares keys one by one, which beats hashing a string.
  static let scanLimit = 16

  var storage: Storage

  init(storage: Storage) { self.storage = storage }
  public init() { storage = Storage() }
  public init(_ pairs: [(String, Value)]) {
    storage = Storage()
    storage.slots.reserveCapacity(pairs.count)
    for (k, v) in pairs { storage.set(k, v) }
  }
  /// A dict with the entries of `entries`, in its order.
  public init(_ entries: OrderedDictionary<String, Value>) {
    self.init(entries.map { ($0.key, $0.value) })
  }

  /// The number of entries.
  public var count: Int { storage.live }
  /// The keys in insertion order.
  public var keys: [String] { map { $0.key } }
  /// The values in insertion order.
  public var values: [Value] { map { $0.value } }
  /// A copy as an `OrderedDictionary` (O(n) each time; iterate the dict itself instead).
  public var entries: OrderedDictionary<String, Value> {
    OrderedDictionary(uniqueKeysWithValues: self)
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

  /// Copies the storage when it is shared, so the next mutation is invisible to other holders.
  public mutating func ensureUnique() {
    if !isKnownUniquelyReferenced(&storage) {
      storage = Storage(index: storage.index, slots: storage.slots, live: storage.live)
    }
  }

  /// Mutates the value under `key` in place; returns nil (and does nothing) if it is absent.
  public mutating func modify<T>(_ key: String, _ body: (inout Value) throws -> T) rethrows -> T? {
    ensureUnique()
    guard let i = storage.find(key) else { return nil }
    return try body(&storage.slots[i].value)
  }

  /// Removes `key` and returns its value, or nil if it is absent. Amortised O(1).
  @discardableResult public mutating func removeValue(forKey key: String) -> Value? {
    ensureUnique()
    return storage.remove(key)
  }

  /// The same keys in the same order, each value passed through `transform`.
  public func mapValues(_ transform: (Value) throws -> Value) rethrows -> FDict {
    var slots = ContiguousArray<Slot>()
    slots.reserveCapacity(storage.slots.count)
    for s in storage.slots {
      slots.append(Slot(key: s.key, value: s.key == nil ? .null : try transform(s.value)))
    }
    return FDict(storage: Storage(index: storage.index, slots: slots, live: storage.live))
  }
}

extension FDict: Sequence {
  /// Walks the live entries in insertion order.
  public struct Iterator: IteratorProtocol {
    let slots: ContiguousArray<Slot>
    var i = 0

    public mutating func next() -> (key: String, value: Value)? {
      while i < slots.count {
        let s = slots[i]
        i += 1
        if let k = s.key { return (k, s.value) }
      }
      return nil
    }
  }

  public func makeIterator() -> Iterator { Iterator(slots: storage.slots) }
  public var underestimatedCount: Int { count }
}

// Compiling multiple assignment: stores into targets, patterns that unpack, `a, b = b, a`.
//
// Every value on the right is evaluated before any target is assigned; targets are then
// assigned left to right (their index expressions evaluated as they are reached), as in Python.
// `a, b = b, a` and other two- or three-value lists keep their values in locals, not an array.
import Lang

/// A compiled store of a value into an assignment target.
struct CompiledStore {
  let run: (Frame, Value) throws -> Void
  init(_ run: @escaping (Frame, Value) throws -> Void) { self.run = run }
}

extension Compiler {
  /// The store for a name, field or index target.
  func compileStore(_ target: Expr) -> CompiledStore {
    let file = self.file
    switch target.kind {
    case .name(let n): return CompiledStore(store(n, target.span))
    case .field(let base, let name, let nameSpan):
      let place = compilePlace(base)
      let cache = FieldCache()
      return CompiledStore { f, x in
        try Compiler.setField(place, f, name, x, nameSpan, file, cache)
      }
    case .index(let base, let items):
      let place = compilePlace(base)
      let its = compileItems(items)
      let span = target.span
      return CompiledStore { f, x in try Compiler.setIndex(place, its, f, x, span, file) }
    default:
      preconditionFailure("internal: parser accepted an invalid assignment target")
    }
  }

  /// The store for a pattern; a sequence reports a wrong length or type at `span` (its own
  /// span when nil).
  func compilePattern(_ p: Pattern, at span: SourceSpan? = nil) -> CompiledStore {
    switch p {
    case .target(let e): return compileStore(e)
    case .sequence(let parts, let own):
      let stores = parts.map { compilePattern($0) }
      let (span, file) = (span ?? own, self.file)
      return CompiledStore { f, v in
        let items: [Value]
        do { items = try Compiler.unpack(v, into: stores.count) } catch let e as RuntimeError {
          throw e.located(span, file)
        }
        for (s, x) in zip(stores, items) { try s.run(f, x) }
      }
    }
  }

  /// `target = values`: a list of values is matched to the parts of `target` one to one; a
  /// single value is unpacked. Length errors point at the whole statement.
  func compileUnpack(_ target: Pattern, _ values: [Expr], _ span: SourceSpan) -> CompiledBlock {
    let vs = values.map(compileExpr)
    guard vs.count > 1, case .sequence(let parts, _) = target else {
      let store = compilePattern(target, at: span)
      return CompiledBlock { f in
        try store.run(f, try vs[0].run(f))
        return .normal
      }
    }
    let file = self.file
    guard parts.count == vs.count else {
      let message = Compiler.lengthMismatch(vs.count, parts.count)
      return CompiledBlock { f in
        for v in vs { _ = try v.run(f) }
        throw RuntimeError("ValueError", message, span: span, file: file)
      }
    }
    let stores = parts.map { compilePattern($0) }
    switch vs.count {
    case 2:
      let (v0, v1, s0, s1) = (vs[0], vs[1], stores[0], stores[1])
      if case .target(let a) = parts[0], case .name(let na) = a.kind,
        case .target(let b) = parts[1], case .name(let nb) = b.kind,
        case .frame(let i)? = slotRef(na), case .frame(let j)? = slotRef(nb)
      {
        return CompiledBlock { f in
          let (x, y) = (try v0.run(f), try v1.run(f))
          f[i] = x
          f[j] = y
          return .normal
        }
      }
      return CompiledBlock { f in
        let (x, y) = (try v0.run(f), try v1.run(f))
        try s0.run(f, x)
        try s1.run(f, y)
        return .normal
      }
    case 3:
      let (v0, v1, v2) = (vs[0], vs[1], vs[2])
      let (s0, s1, s2) = (stores[0], stores[1], stores[2])
      return CompiledBlock { f in
        let (x, y, z) = (try v0.run(f), try v1.run(f), try v2.run(f))
        try s0.run(f, x)
        try s1.run(f, y)
        try s2.run(f, z)
        return .normal
      }
    default:
      return CompiledBlock { f in
        let xs = try vs.map { try $0.run(f) }
        for (s, x) in zip(stores, xs) { try s.run(f, x) }
        return .normal
      }
    }
  }

  /// The parts of `v` for a pattern of `count` targets: what `for` iterates (list items,
  /// characters, dict keys, tensor rows), exactly `count` of them.
  static func unpack(_ v: Value, into count: Int) throws -> [Value] {
    let items: [Value]
    switch v {
    case .list(let xs): items = xs
    case .string, .dict: items = try iterate(v)
    case .tensor(let t) where t.rank > 0: items = try iterate(v)
    case .object(let o as TracedValue):
      guard case .tensor(let t) = o.primal, t.rank > 0 else { throw rankZero(count) }
      items = try iterate(v)
    case .tensor: throw rankZero(count)
    default:
      throw RuntimeError.type("cannot unpack '\(v.typeName)' value into \(targets(count))")
    }
    guard items.count == count else {
      throw RuntimeError.value(lengthMismatch(items.count, count))
    }
    return items
  }

  static func rankZero(_ count: Int) -> RuntimeError {
    RuntimeError.type("cannot unpack a rank-0 tensor into \(targets(count))")
  }

  /// `cannot unpack 3 values into 2 targets`
  static func lengthMismatch(_ got: Int, _ count: Int) -> String {
    "cannot unpack \(got) value\(got == 1 ? "" : "s") into \(targets(count))"
  }

  static func targets(_ n: Int) -> String { "\(n) target\(n == 1 ? "" : "s")" }

  /// `base.name = x`
  @inline(__always)
  static func setField(
    _ place: CompiledPlace, _ f: Frame, _ name: String, _ x: Value, _ span: SourceSpan,
    _ file: SourceFile, _ cache: FieldCache
  ) throws {
    do {
      try place.modify(f) { bv in
        if let t = bv.asTable {
          // `t.col = values`: adds or replaces a column (of the table's length).
          bv = .table(try t.setting(name, x))
          return
        }
        guard case .dict(var d) = bv else {
          throw RuntimeError.type("cannot set field '\(name)' on a \(bv.typeName)")
        }
        bv = .null
        d.set(name, x, hint: &cache.slot)
        bv = .dict(d)
      }
    } catch let e as RuntimeError { throw e.located(span, file) }
  }

  /// `base[items] = x`; the index values are evaluated after `x`.
  @inline(__always)
  static func setIndex(
    _ place: CompiledPlace, _ items: [CompiledItem], _ f: Frame, _ x: Value, _ span: SourceSpan,
    _ file: SourceFile
  ) throws {
    let iv = try Compiler.evalItems(items, f)
    do {
      try place.modify(f) { bv in try Indexing.write(&bv, iv, x) }
    } catch let e as RuntimeError { throw e.located(span, file) }
  }
}

// Field access fast paths: `d.k` reads and `d.k = v` / `d.k += v` writes with a constant key.
// Each site keeps an inline cache, the slot where its key was found last time, so a dict of
// the usual shape answers with one key comparison instead of a search (FDict.swift). Reads of
// `name.k` and `name[i].k` look at the dict where it is stored, without copying it.
import Lang

/// A field access site's guess of its key's slot in the dicts it sees.
final class FieldCache {
  var slot = 0
}

extension Compiler {
  /// `base.name` read.
  func compileFieldRead(_ base: Expr, _ name: String, _ nameSpan: SourceSpan) -> CompiledExpr {
    let b = compileExpr(base)
    let file = self.file
    let cache = FieldCache()
    let generic = CompiledExpr { f in
      let bv = try b.run(f)
      if case .dict(let d) = bv, let v = d.value(forKey: name, hint: &cache.slot) { return v }
      do { return try Compiler.field(bv, name) } catch let e as RuntimeError {
        throw e.located(nameSpan, file)
      }
    }
    guard Compiler.inPlaceLayout, Compiler.dictInPlace else { return generic }
    switch base.kind {
    case .name(let n):
      guard let slot = variableSlot(n) else { return generic }
      return CompiledExpr { f in
        if let v = Compiler.field(at: slot.pointer(f), name, cache) { return v }
        return try generic.run(f)
      }
    case .index(let listExpr, let items):
      // `name[i].k` with a side-effect-free `i`: the dict is read inside the list.
      guard items.count == 1, case .expr(let ie) = items[0],
        isName(ie) || compileNumeric(ie) != nil,
        case .name(let n) = listExpr.kind, let slot = variableSlot(n)
      else { return generic }
      let ic = compileExpr(ie)
      return CompiledExpr { f in
        let p = slot.pointer(f)
        if case .list = p.pointee, case .number(let d) = try ic.run(f), let i = exactInt(d) {
          let xs = UnsafeMutableRawPointer(p).assumingMemoryBound(to: [Value].self)
          let n = xs.pointee.count
          let j = i < 0 ? i + n : i
          if j >= 0 && j < n,
            let v = xs.pointee.withUnsafeBufferPointer({ buf -> Value? in
              guard let e = buf.baseAddress else { return nil }
              return Compiler.field(at: UnsafeMutablePointer(mutating: e + j), name, cache)
            })
          {
            return v
          }
        }
        return try generic.run(f)
      }
    default:
      return generic
    }
  }

  /// Field `name` of the dict stored at `p`, or nil (not a dict, or no such key).
  @inline(__always)
  static func field(at p: UnsafeMutablePointer<Value>, _ name: String, _ cache: FieldCache)
    -> Value?
  {
    guard case .dict = p.pointee else { return nil }
    let d = UnsafeMutableRawPointer(p).assumingMemoryBound(to: FDict.self)
    return d.pointee.value(forKey: name, hint: &cache.slot)
  }

  /// Whether a `.dict` value keeps its `FDict` (one reference) in its first word, so a
  /// variable's dict can be read where it is stored. Checked once, like `inPlaceLayout`.
  static let dictInPlace: Bool = {
    let p = UnsafeMutablePointer<Value>.allocate(capacity: 1)
    defer {
      p.deinitialize(count: 1)
      p.deallocate()
    }
    p.initialize(to: .dict(FDict([("a", .number(1)), ("b", .number(7))])))
    guard MemoryLayout<FDict>.size == MemoryLayout<Int>.size else { return false }
    let d = UnsafeRawPointer(p).assumingMemoryBound(to: FDict.self).pointee
    if case .number(7)? = d["b"] { return true }
    return false
  }()
}

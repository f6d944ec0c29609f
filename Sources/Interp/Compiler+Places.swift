// Places: the assignable locations `x`, `x.k`, `x[i]` (nested freely). A place runs a body on
// the stored value in place, so `x[i] = v`, `x.k += 1` and `xs.push(v)` mutate uniquely held
// storage without copying (the value is moved out of its parent while being changed).
import Lang

/// An assignable location.
struct CompiledPlace {
  let modify: (Frame, (inout Value) throws -> Void) throws -> Void
}

extension Compiler {
  /// The place for `e`; expressions that are not places (calls, literals) get a temporary.
  func compilePlace(_ e: Expr) -> CompiledPlace {
    switch e.kind {
    case .name(let n):
      switch slotRef(n) {
      case .frame(let s)?: return CompiledPlace { f, body in try body(&f[s]) }
      case .global(let p)?:
        let (span, file) = (e.span, self.file)
        return CompiledPlace { _, body in
          if case .cell = p.pointee { throw Compiler.unassigned(n, span, file) }
          try body(&p.pointee)
        }
      case .cell(let s)?:
        return CompiledPlace { f, body in
          if case .cell(let c) = f[s] { try body(&c.value) } else { try body(&f[s]) }
        }
      case nil: return temporaryPlace(e)
      }
    case .field(let base, let name, _):
      let parent = compilePlace(base)
      let cache = FieldCache()
      return CompiledPlace { f, body in
        try parent.modify(f) { bv in
          // `if case`, not `switch`: a switch keeps a copy of its subject alive, and the
          // dict would no longer be uniquely referenced while it is changed.
          if case .dict(var d) = bv {
            bv = .null
            defer { bv = .dict(d) }
            if try d.modify(name, hint: &cache.slot, body) == nil {
              throw Indexing.keyError(name, d)
            }
          } else {
            var v = try Compiler.field(bv, name)
            try body(&v)
          }
        }
      }
    case .index(let base, let items):
      let parent = compilePlace(base)
      let its = compileItems(items)
      if its.count == 1, case .single(let ic) = its[0] {
        return CompiledPlace { f, body in
          let iv = try ic.run(f)
          try parent.modify(f) { bv in
            if case .number(let d) = iv, let i = exactInt(d), case .list(var xs) = bv {
              let j = i < 0 ? i + xs.count : i
              if j >= 0 && j < xs.count {
                bv = .null
                defer { bv = .list(xs) }
                return try body(&xs[j])
              }
            }
            try Indexing.modify(&bv, [.value(iv)], body)
          }
        }
      }
      return CompiledPlace { f, body in
        let iv = try Compiler.evalItems(its, f)
        try parent.modify(f) { bv in try Indexing.modify(&bv, iv, body) }
      }
    default:
      return temporaryPlace(e)
    }
  }

  /// Evaluates `e` and lets the body change a copy that is then dropped.
  func temporaryPlace(_ e: Expr) -> CompiledPlace {
    let c = compileExpr(e)
    return CompiledPlace { f, body in
      var v = try c.run(f)
      try body(&v)
    }
  }

  /// True when `e` names a variable or a part of one (so a mutating builtin writes it back).
  func isPlace(_ e: Expr) -> Bool {
    switch e.kind {
    case .name(let n): return slotRef(n) != nil
    case .field(let b, _, _), .index(let b, _): return isPlace(b)
    default: return false
    }
  }
}

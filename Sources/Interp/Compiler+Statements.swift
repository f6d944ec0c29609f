// Compiling statements: blocks, assignment, control flow, try/catch and import.
import Foundation
import Lang

extension Compiler {
  func compileBlock(_ stmts: [Stmt]) -> CompiledBlock {
    let cs = stmts.map(compileStmt)
    guard cs.count > 48 else { return Compiler.sequence(cs[...]) }
    // A long block (a big script) runs as a loop over chunks, so chaining stays shallow.
    let chunks = stride(from: 0, to: cs.count, by: 48).map {
      Compiler.sequence(cs[$0..<min($0 + 48, cs.count)])
    }
    return CompiledBlock { f in
      for c in chunks {
        let r = try c.run(f)
        if case .normal = r { continue }
        return r
      }
      return .normal
    }
  }

  /// Runs `cs` in order until one does not finish normally. Statements are held in fields, up
  /// to three per node and the rest chained: one loaded from an array would be retained and
  /// released around its call.
  static func sequence(_ cs: ArraySlice<CompiledBlock>) -> CompiledBlock {
    let i = cs.startIndex
    switch cs.count {
    case 0: return CompiledBlock { _ in .normal }
    case 1: return cs[i]
    case 2: return CompiledBlock(node: Sequence2Node(cs[i].node, cs[i + 1].node))
    case 3: return CompiledBlock(node: Sequence3Node(cs[i].node, cs[i + 1].node, cs[i + 2].node))
    default:
      let rest = sequence(cs.dropFirst(3)).node
      return CompiledBlock(
        node: SequenceMoreNode(cs[i].node, cs[i + 1].node, cs[i + 2].node, rest: rest))
    }
  }

  func compileStmt(_ s: Stmt) -> CompiledBlock {
    switch s.kind {
    case .expr(let e):
      return CompiledBlock(node: ExprStatementNode(compileExpr(e).node))
    case .assign(let target, let value): return compileAssign(target, value)
    case .unpack(let target, let values): return compileUnpack(target, values, s.span)
    case .compound(let op, let target, let value): return compileCompound(op, target, value, s.span)
    case .ifStmt(let branches, let elseBody):
      let conds = branches.map { (compileCondition($0.cond), compileBlock($0.body)) }
      let other = elseBody.map(compileBlock)
      if conds.count == 1 {
        let (c, body) = conds[0]
        guard let other = other else { return CompiledBlock(node: IfNode(c.node, body.node)) }
        return CompiledBlock(node: IfElseNode(c.node, body.node, other.node))
      }
      if conds.count >= Compiler.chainThreshold {
        // A long `elif` chain runs as a loop: nested closures would recurse once per branch.
        return CompiledBlock { f in
          for (c, body) in conds {
            if try c.run(f) { return try body.run(f) }
          }
          return try other?.run(f) ?? .normal
        }
      }
      // `elif` chains nest, each test and body held in captured constants (see `sequence`).
      var next = other ?? CompiledBlock { _ in .normal }
      for (c, body) in conds.reversed() {
        let rest = next
        next = CompiledBlock { f in try c.run(f) ? try body.run(f) : try rest.run(f) }
      }
      return next
    case .forIn(let target, let iterable, let body): return compileFor(target, iterable, body)
    case .whileStmt(let cond, let body):
      let c = compileCondition(cond)
      let b = compileBlock(body)
      let site = CallSite(cond.span, file)  // Ctrl-C is reported at the loop's condition
      return CompiledBlock(node: WhileNode(c.node, b.node, interp, site))
    case .breakStmt: return CompiledBlock { _ in .breakLoop }
    case .continueStmt: return CompiledBlock { _ in .continueLoop }
    case .returnStmt(let e):
      let interp = self.interp
      guard let e = e else {
        return CompiledBlock { _ in
          interp.returnValue = .null
          return .returned
        }
      }
      return CompiledBlock(node: ReturnNode(interp, compileExpr(e).node))
    case .function(let decl):
      let make = compileFunction(decl)
      let put = store(decl.name ?? "", decl.nameSpan)
      return CompiledBlock { f in
        put(f, try make.run(f))
        return .normal
      }
    case .tryCatch(let body, let name, let nameSpan, let handler):
      let b = compileBlock(body)
      let h = compileBlock(handler)
      let put = name.map { store($0, nameSpan ?? s.span) }
      return CompiledBlock { f in
        do {
          return try b.run(f)
        } catch let e as RuntimeError {
          put?(f, e.asValue)
          return try h.run(f)
        }
      }
    case .global: return CompiledBlock { _ in .normal }
    case .importStmt(let path, let alias, let aliasSpan, let library):
      let put = store(alias, aliasSpan)
      let (interp, file, span) = (self.interp, self.file, s.span)
      return CompiledBlock { f in
        do {
          put(f, .module(try interp.importModule(path, from: file, library: library)))
        } catch let e
          as RuntimeError
        {
          throw e.located(span, file)
        }
        return .normal
      }
    }
  }

  // MARK: - Assignment

  func compileAssign(_ target: Expr, _ value: Expr) -> CompiledBlock {
    let v = compileExpr(value)
    let file = self.file
    switch target.kind {
    case .name(let n):
      if let slot = variableSlot(n) {
        if let e = v.node as? SlotIndexNode {
          return CompiledBlock(node: AssignSlotIndexNode(slot, e))
        }
        if let e = v.node as? LoadLocalNode {
          return CompiledBlock(node: AssignLocalNode(slot, e.slot))
        }
        return CompiledBlock(node: AssignNode(slot, v.node))
      }
      let put = store(n, target.span)
      return CompiledBlock { f in
        put(f, try v.run(f))
        return .normal
      }
    case .field(let base, let name, let nameSpan):
      let place = compilePlace(base)
      let cache = FieldCache()
      if let (slot, index) = listItem(base) {
        // `xs[i].k = x`: the dict is changed inside the list.
        return CompiledBlock(
          node: ItemFieldUpdateNode(slot, index, name, cache, nil, v.node) { f, x in
            try Compiler.setField(place, f, name, x, nameSpan, file, cache)
          })
      }
      if case .name(let n) = base.kind, let slot = variableSlot(n), Compiler.dictInPlace {
        // `d.k = x` on a variable: the dict is changed where it is stored.
        return CompiledBlock { f in
          let x = try v.run(f)
          let p = slot.pointer(f)
          if case .dict = p.pointee {
            let d = UnsafeMutableRawPointer(p).assumingMemoryBound(to: FDict.self)
            d.pointee.set(name, x, hint: &cache.slot)
            return .normal
          }
          try Compiler.setField(place, f, name, x, nameSpan, file, cache)
          return .normal
        }
      }
      return CompiledBlock { f in
        try Compiler.setField(place, f, name, try v.run(f), nameSpan, file, cache)
        return .normal
      }
    case .index(let base, let items):
      let place = compilePlace(base)
      let its = compileItems(items)
      let span = target.span
      if its.count == 1, case .single(let ic) = its[0], case .name(let n) = base.kind,
        case .expr(let ie) = items[0], let slot = variableSlot(n)
      {
        var constant: Double? = nil
        if case .number(let c) = ie.kind { constant = c }
        return compileStoreIndex1(
          slot, v, ic, index: numericVariable(ie), constant: constant, generic: place, span)
      }
      return CompiledBlock { f in
        try Compiler.setIndex(place, its, f, try v.run(f), span, file)
        return .normal
      }
    default:
      preconditionFailure("internal: parser accepted an invalid assignment target")
    }
  }

  func compileCompound(_ op: BinaryOp, _ target: Expr, _ value: Expr, _ span: SourceSpan)
    -> CompiledBlock
  {
    let generic = compileCompoundGeneric(op, target, value, span)
    guard case .name(let n) = target.kind, op != .matmul, let fast = compileNumeric(value) else {
      return generic
    }
    // Number slot op= pure arithmetic: no Value is built for the right side.
    guard let slot = variableSlot(n) else { return generic }
    if op == .add || op == .sub, case .number(let c) = value.kind {
      // `i += 1`: x - c is x + (-c) in IEEE arithmetic.
      return CompiledBlock(node: StepNumberNode(slot, op == .add ? c : -c, generic: generic.node))
    }
    return CompiledBlock(node: CompoundNumberNode(op, slot, fast, generic: generic.node))
  }

  func compileCompoundGeneric(
    _ op: BinaryOp, _ target: Expr, _ value: Expr, _ span: SourceSpan
  ) -> CompiledBlock {
    let v = compileExpr(value)
    let file = self.file
    func apply(_ cur: inout Value, _ y: Value) throws {
      if case .number(let p) = cur, case .number(let q) = y, op != .matmul {
        cur = .number(arith(op, p, q))
        return
      }
      do { cur = try Operators.binary(op, cur, y) } catch let e as RuntimeError {
        throw e.located(span, file)
      }
    }
    if case .name(let n) = target.kind, let slot = variableSlot(n), op != .matmul {
      return CompiledBlock(node: CompoundVariableNode(op, slot, v.node, slow: apply))
    }
    let place = compilePlace(target)
    if case .field(let base, let name, _) = target.kind, let (slot, index) = listItem(base),
      op != .matmul
    {
      // `xs[i].k += x`: numbers are updated inside the dict inside the list.
      return CompiledBlock(
        node: ItemFieldUpdateNode(slot, index, name, FieldCache(), op, v.node) { f, y in
          do { try place.modify(f) { cur in try apply(&cur, y) } } catch let e as RuntimeError {
            throw e.located(span, file)
          }
        })
    }
    return CompiledBlock { f in
      let y = try v.run(f)
      do { try place.modify(f) { cur in try apply(&cur, y) } } catch let e as RuntimeError {
        throw e.located(span, file)
      }
      return .normal
    }
  }
}

extension Interpreter {
  @inline(never) static func interrupted() -> RuntimeError {
    RuntimeError("Interrupted", "interrupted")
  }
}

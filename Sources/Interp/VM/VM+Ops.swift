// The VM's larger instructions, out of line: the dispatch loop stays small, so the compiler
// keeps its state in registers.
import Lang

extension Interpreter {
  /// `call`: a closure called with the arguments moved from R[c…] to the stack top.
  @inline(never)
  func callInstruction(_ code: CodeObject, _ i: Instr, _ f: Frame, _ pc: Int) throws {
    let cp = i.b >= 0 ? f + Int(i.b) : code.globalBuffer[Int(~i.b)]
    guard case .function = cp.pointee, code.payloadIsFirstWord else {
      try callSlow(code, i, cp, f, pc)
      return
    }
    let raw = UnsafeRawPointer(cp).load(as: UnsafeRawPointer.self)
    let n = Int(i.x)
    let base = sp
    ensureStack(base + n + 1)
    let args = f + Int(i.c)
    // Slots at and above `sp` hold nil: the arguments are moved over them.
    for j in 0..<n { (stack + base + j).initialize(to: VM.take(args + j)) }
    sp = base + n
    let r: Value
    do {
      r = try Unmanaged<Closure>.fromOpaque(raw)._withUnsafeGuaranteedRef { c in
        try callClosure(c, base: base, argc: n, site: code.callSites[pc])
      }
    } catch {
      sp = base
      throw error
    }
    sp = base
    if i.b >= code.firstTemp { cp.pointee = .null }
    Compiler.assign(f + Int(i.a), r)
  }

  /// `setField`: a dict in a variable changed in place, or the generic place update.
  @inline(never)
  func setFieldInstruction(_ code: CodeObject, _ i: Instr, _ f: Frame, _ pc: Int) throws {
    let p = i.a >= 0 ? f + Int(i.a) : code.globalBuffer[Int(~i.a)]
    let xp = VM.operand(i.c, f, code)
    let x = i.x & Consume.c != 0 ? VM.take(xp) : VM.copy(xp)
    let site = code.fields[Int(i.b)]
    if code.dictInPlace, case .dict = p.pointee {
      let d = UnsafeMutableRawPointer(p).assumingMemoryBound(to: FDict.self)
      d.pointee.set(site.name, x, hint: &site.cache.slot)
    } else if let place = code.places[pc] {
      try Compiler.setField(place, f, site.name, x, code.spans[pc], code.file, site.cache)
    }
  }
}

extension VM {
  /// `newList`: a bracket literal of the registers R[b…].
  @inline(never)
  static func newList(_ i: Instr, _ f: Frame) {
    let start = f + Int(i.b)
    var items: [Value] = []
    items.reserveCapacity(Int(i.x))
    for j in 0..<Int(i.x) { items.append(take(start + j)) }
    Compiler.assign(f + Int(i.a), Value.bracketLiteral(items))
  }

  /// `stmt`: runs a closure-compiled statement; returns where to jump (its break or continue
  /// target), nil to go on, -1 to return, or a negative `flow` code when the statement breaks
  /// out of a loop the VM does not own.
  @inline(never)
  static func statement(_ code: CodeObject, _ i: Instr, _ f: Frame) throws -> Int? {
    switch try code.blockBuffer[Int(i.a)]._withUnsafeGuaranteedRef({ try $0.block.run(f) }) {
    case .normal: return nil
    case .returned: return -1
    case .breakLoop: return i.b >= 0 ? Int(i.b) : -2
    case .continueLoop: return i.c >= 0 ? Int(i.c) : -3
    }
  }

  static func flow(_ code: Int) -> Flow { code == -2 ? .breakLoop : .continueLoop }
}

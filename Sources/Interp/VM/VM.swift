// VM: the one dispatch loop over a code object's instructions (Bytecode.swift).
//
// Registers are frame slots (`f`), constants are read where they are stored, and numbers are
// computed inline; everything else (strings, tensors, traced values, errors) goes to the same
// runtime functions the closure compiler calls, out of line, so behaviour is shared. An error
// without a location gets the span of the instruction that raised it.
import CInterrupt
import Lang

extension Interpreter {
  /// Runs `code` on frame `f`; `sp` is above the frame's registers.
  func execute(_ code: CodeObject, _ f: Frame) throws -> Flow {
    let ins = code.codeBuffer
    let k = code.constantBuffer
    let globals = code.globalBuffer
    let (inPlace, f64Tag, dictInPlace) = (code.inPlace, code.f64Tag, code.dictInPlace)
    @inline(__always) func reg(_ r: Int32) -> UnsafeMutablePointer<Value> {
      if r >= 0 { return f + Int(r) }
      return r >= Operand.firstGlobal ? k + Int(~r) : globals[Operand.globalIndex(r)]
    }
    @inline(__always) func put(_ r: Int32, _ v: consuming Value) {
      Compiler.assign(f + Int(r), v)
    }
    var pc = 0
    do {
      while true {
        let i = ins[pc]
        pc += 1
        switch i.op {
        case .move:
          let src = f + Int(i.b)
          put(i.a, i.x & Consume.b != 0 ? VM.take(src) : VM.copy(src))
        case .loadK: put(i.a, VM.copy(k + Int(~i.b)))
        case .getGlobal:
          let p = globals[Int(i.b)]
          if case .number(let d) = p.pointee {
            put(i.a, .number(d))
          } else {
            if case .cell = p.pointee { throw VM.unassigned(code, i.b, pc - 1) }
            put(i.a, p.pointee)
          }
        case .setGlobal:
          let x = reg(i.c)
          Compiler.assign(globals[Int(i.a)], i.x & Consume.c != 0 ? VM.take(x) : VM.copy(x))
        case .add:
          if case .number(let p) = reg(i.b).pointee, case .number(let q) = reg(i.c).pointee {
            put(i.a, .number(p + q))
          } else {
            try binarySlow(.add, i, f, code)
          }
        case .sub:
          if case .number(let p) = reg(i.b).pointee, case .number(let q) = reg(i.c).pointee {
            put(i.a, .number(p - q))
          } else {
            try binarySlow(.sub, i, f, code)
          }
        case .mul:
          if case .number(let p) = reg(i.b).pointee, case .number(let q) = reg(i.c).pointee {
            put(i.a, .number(p * q))
          } else {
            try binarySlow(.mul, i, f, code)
          }
        case .div:
          if case .number(let p) = reg(i.b).pointee, case .number(let q) = reg(i.c).pointee {
            put(i.a, .number(p / q))
          } else {
            try binarySlow(.div, i, f, code)
          }
        case .mod:
          if case .number(let p) = reg(i.b).pointee, case .number(let q) = reg(i.c).pointee {
            put(i.a, .number(pyMod(p, q)))
          } else {
            try binarySlow(.mod, i, f, code)
          }
        case .modK:
          if case .number(let p) = reg(i.b).pointee, case .number(let q) = k[Int(~i.c)],
            case .number(let inv) = k[Int(~i.c) + 1]
          {
            put(i.a, .number(pyModByConstant(p, q, inv)))
          } else {
            try binarySlow(.mod, i, f, code)
          }
        case .floorDiv, .pow:
          let op: BinaryOp = i.op == .pow ? .pow : .floorDiv
          if case .number(let p) = reg(i.b).pointee, case .number(let q) = reg(i.c).pointee {
            put(i.a, .number(arith(op, p, q)))
          } else {
            try binarySlow(op, i, f, code)
          }
        case .matmul: try binarySlow(.matmul, i, f, code)
        case .eq, .ne, .lt, .le, .gt, .ge:
          let op = VM.comparison(i.op)
          if case .number(let p) = reg(i.b).pointee, case .number(let q) = reg(i.c).pointee {
            put(i.a, .bool(compareNumbers(op, p, q)))
          } else {
            try binarySlow(op, i, f, code)
          }
        case .neg:
          if case .number(let d) = reg(i.b).pointee {
            put(i.a, .number(-d))
          } else {
            try unarySlow(.neg, i, f, code)
          }
        case .not:
          if case .bool(let b) = reg(i.b).pointee {
            put(i.a, .bool(!b))
          } else {
            try unarySlow(.not, i, f, code)
          }
        case .jump: pc = Int(i.a)
        case .loop:
          if fsl_interrupt_pending() != 0 { throw Interpreter.interrupted() }
          pc = Int(i.a)
        case .jumpIfFalse:
          let x = reg(i.b)
          let t: Bool
          if case .bool(let b) = x.pointee { t = b } else { t = try x.pointee.truth() }
          if i.x & Consume.b != 0 { x.pointee = .null }
          if !t { pc = Int(i.a) }
        case .jumpUnlessLt:
          if case .number(let p) = reg(i.b).pointee, case .number(let q) = reg(i.c).pointee {
            if !(p < q) { pc = Int(i.a) }
          } else if try !compareSlow(.lt, i, f, code) {
            pc = Int(i.a)
          }
        case .jumpUnlessEq, .jumpUnlessNe, .jumpUnlessLe, .jumpUnlessGt, .jumpUnlessGe:
          let op = VM.comparison(i.op)
          if case .number(let p) = reg(i.b).pointee, case .number(let q) = reg(i.c).pointee {
            if !compareNumbers(op, p, q) { pc = Int(i.a) }
          } else if try !compareSlow(op, i, f, code) {
            pc = Int(i.a)
          }
        case .forPrep, .forLoop:
          let r = f + Int(i.a)
          if i.op == .forPrep { try VM.prepareRange(r, Int(i.x)) }
          guard case .number(let n) = r[3], case .number(let count) = r[1],
            case .number(let start) = r[0], case .number(let step) = r[2], n < count
          else {
            if i.op == .forPrep { pc = Int(i.c) }
            continue
          }
          Compiler.assign(
            i.b >= 0 ? f + Int(i.b) : globals[Int(~i.b)], .number(start + n * step))
          (r + 3).initialize(to: .number(n + 1))  // over a number: nothing to destroy
          if fsl_interrupt_pending() != 0 { throw Interpreter.interrupted() }
          if i.op == .forLoop { pc = Int(i.c) }
        case .call:
          let cp = i.b >= 0 ? f + Int(i.b) : globals[Int(~i.b)]
          guard case .function = cp.pointee, code.payloadIsFirstWord else {
            try callSlow(code, i, cp, f, pc - 1)
            continue
          }
          let raw = UnsafeRawPointer(cp).load(as: UnsafeRawPointer.self)
          let n = Int(i.x)
          let base = sp
          ensureStack(base + n + 1)
          let args = f + Int(i.c)
          // Slots at and above `sp` hold nil: the arguments are moved over them.
          (stack + base).moveInitialize(from: args, count: n)
          args.initialize(repeating: .null, count: n)
          sp = base + n
          let r: Value
          do {
            r = try Unmanaged<Closure>.fromOpaque(raw)._withUnsafeGuaranteedRef { c in
              try callClosure(c, base: base, argc: n, site: code.callSites[pc - 1])
            }
          } catch {
            sp = base
            throw error
          }
          sp = base
          if i.b >= code.firstTemp { cp.pointee = .null }
          put(i.a, r)
        case .callBuiltin: put(i.a, try callBuiltin(code, i, f, pc - 1))
        case .callScalar:
          let x = reg(i.c)
          let site = code.plans[Int(i.b)]
          if case .number(let d) = x.pointee, let s = site.builtin.scalar {
            put(i.a, .number(s(d)))
          } else {
            let v = i.x & Consume.c != 0 ? VM.take(x) : VM.copy(x)
            put(
              i.a,
              try Compiler.runBound(site.builtin, [v], self, code.spans[pc - 1], code.file))
          }
        case .getIndex:
          let b = reg(i.b)
          if case .number(let d) = reg(i.c).pointee,
            let v = Compiler.element(b, d, inPlace, f64Tag)
          {
            if i.x & Consume.b != 0 { b.pointee = .null }
            put(i.a, v)
          } else {
            put(i.a, try VM.readIndex(code, i, f))
          }
        case .setIndex:
          let p = i.a >= 0 ? f + Int(i.a) : globals[Int(~i.a)]
          let xp = reg(i.c)
          let x = i.x & Consume.c != 0 ? VM.take(xp) : VM.copy(xp)
          if case .number(let d) = reg(i.b).pointee, let j = Int(exactly: d),
            Compiler.storeElement(p, j, x, inPlace, f64Tag)
          {
            continue
          }
          try VM.writeIndex(code, i, f, x, pc - 1)
        case .getField:
          let b = reg(i.b)
          let site = code.fields[Int(i.c)]
          if dictInPlace, let v = Compiler.field(at: b, site.name, site.cache) {
            if i.x & Consume.b != 0 { b.pointee = .null }
            put(i.a, v)
          } else {
            let v = try Compiler.field(b.pointee, site.name)
            if i.x & Consume.b != 0 { b.pointee = .null }
            put(i.a, v)
          }
        case .setField:
          let p = i.a >= 0 ? f + Int(i.a) : globals[Int(~i.a)]
          let xp = reg(i.c)
          let x = i.x & Consume.c != 0 ? VM.take(xp) : VM.copy(xp)
          let site = code.fields[Int(i.b)]
          if dictInPlace, case .dict = p.pointee {
            let d = UnsafeMutableRawPointer(p).assumingMemoryBound(to: FDict.self)
            d.pointee.set(site.name, x, hint: &site.cache.slot)
          } else if let place = code.places[pc - 1] {
            try Compiler.setField(
              place, f, site.name, x, code.spans[pc - 1], code.file, site.cache)
          }
        case .newList:
          let start = f + Int(i.b)
          var items: [Value] = []
          items.reserveCapacity(Int(i.x))
          for j in 0..<Int(i.x) { items.append(VM.take(start + j)) }
          put(i.a, Value.bracketLiteral(items))
        case .expr: put(i.a, try code.exprs[Int(i.b)].run(f))
        case .stmt:
          switch try code.blocks[Int(i.a)].run(f) {
          case .normal: break
          case .returned: return .returned
          case .breakLoop:
            guard i.b >= 0 else { return .breakLoop }
            pc = Int(i.b)
          case .continueLoop:
            guard i.c >= 0 else { return .continueLoop }
            pc = Int(i.c)
          }
        case .ret:
          let p = reg(i.a)
          returnValue = i.x & Consume.b != 0 ? VM.take(p) : VM.copy(p)
          return .returned
        case .returnNil:
          returnValue = .null
          return .returned
        case .end: return .normal
        }
      }
    } catch let e as RuntimeError {
      throw e.located(code.spans[pc - 1], code.file)
    }
  }
}

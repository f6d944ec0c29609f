// Emitter: resolved AST → register bytecode (Bytecode.swift), statements and control flow.
//
// Registers: a function's variables keep the frame slots the resolver gave them; temporaries
// are allocated above them like a stack (`nextTemp`), freed when the expression that used them
// is emitted. An instruction that reads a temporary for the last time consumes it (flags in
// `x`), so no register keeps a second reference to a list or dict, which would make the next
// in-place mutation copy it. Constructs without an instruction are compiled by the closure
// compiler and run through `expr`/`stmt` on the same frame.
import Lang

/// Consumption flags in `Instr.x` for operations whose `x` is otherwise unused.
enum Consume {
  static let b: UInt16 = 1
  static let c: UInt16 = 2
}

final class Emitter {
  let compiler: Compiler
  let code: CodeObject
  var nextTemp: Int32
  var maxRegister: Int32
  /// Open loops: the jumps (and fallback statements) to patch when the loop ends.
  var loops: [LoopJumps] = []
  var constantIndex: [Double: Int32] = [:]

  init(_ compiler: Compiler, name: String, variables: Int) {
    self.compiler = compiler
    code = CodeObject(name: name, file: compiler.file)
    nextTemp = Int32(variables)
    maxRegister = Int32(variables)
    code.firstTemp = Int32(variables)
  }

  var interp: Interpreter { compiler.interp }

  /// Emits `stmts` followed by `end`, and seals the code object.
  func finish(_ stmts: [Stmt], returning last: Expr? = nil) -> CodeObject {
    block(stmts)
    if let last = last {
      let r = operand(last)
      emit(Instr(op: .ret, x: consumeFlag(r, Consume.b), a: r), last.span)
    } else {
      emit(Instr(op: .end), SourceSpan(0, 0))
    }
    code.registerCount = Int(maxRegister)
    code.finish()
    interp.codeLog?(code)
    return code
  }

  // MARK: - Emission helpers

  @discardableResult func emit(_ i: Instr, _ span: SourceSpan) -> Int {
    code.code.append(i)
    code.spans.append(span)
    return code.code.count - 1
  }

  var here: Int { code.code.count }

  /// Points the jump at `pc` (its `a`) to `target`.
  func patch(_ pc: Int, to target: Int) { code.code[pc].a = Int32(target) }

  func temp() -> Int32 {
    let r = nextTemp
    nextTemp += 1
    maxRegister = max(maxRegister, nextTemp)
    return r
  }

  func isTemp(_ r: Int32) -> Bool { r >= code.firstTemp }

  /// The flag that consumes operand `r` (in field `which`) when `r` is a temporary.
  func consumeFlag(_ r: Int32, _ which: UInt16) -> UInt16 { isTemp(r) ? which : 0 }

  func constant(_ v: Value) -> Int32 {
    if case .number(let d) = v, let k = constantIndex[d], d != 0 || d.sign == .plus {
      return k
    }
    code.constants.append(v)
    let k = ~Int32(code.constants.count - 1)
    if case .number(let d) = v { constantIndex[d] = k }
    return k
  }

  func global(_ p: UnsafeMutablePointer<Value>, _ name: String) -> Int32 {
    if let i = code.globals.firstIndex(of: p) { return Int32(i) }
    code.globals.append(p)
    code.globalNames.append(name)
    return Int32(code.globals.count - 1)
  }

  /// Where a variable lives: a register, a global (index), or neither (a captured cell).
  enum Variable {
    case register(Int32)
    case global(Int32)
  }

  func variable(_ name: String) -> Variable? {
    switch compiler.slotRef(name) {
    case .frame(let s)?: return .register(Int32(s))
    case .global(let p)?: return .global(global(p, name))
    default: return nil
    }
  }

  /// Runs statement `s` through the closure compiler.
  func fallback(_ s: Stmt) {
    code.blocks.append(compiler.compileStmt(s))
    let pc = emit(Instr(op: .stmt, a: Int32(code.blocks.count - 1), b: -1, c: -1), s.span)
    if !loops.isEmpty {
      loops[loops.count - 1].breaks.append(pc)
      loops[loops.count - 1].continues.append(pc)
    }
  }

  // MARK: - Statements

  func block(_ stmts: [Stmt]) {
    for s in stmts {
      let mark = nextTemp
      statement(s)
      nextTemp = mark
    }
  }

  func statement(_ s: Stmt) {
    switch s.kind {
    case .expr(let e):
      let t = temp()
      into(e, t)
      emit(Instr(op: .loadK, a: t, b: constant(.null)), e.span)
    case .assign(let target, let value): assign(s, target, value)
    case .compound(let op, let target, let value): compound(s, op, target, value)
    case .ifStmt(let branches, let elseBody):
      var ends: [Int] = []
      for (cond, body) in branches {
        let skips = jumpUnless(cond)
        block(body)
        ends.append(emit(Instr(op: .jump), cond.span))
        for j in skips { patch(j, to: here) }
      }
      if let e = elseBody { block(e) }
      for j in ends { patch(j, to: here) }
    case .whileStmt(let cond, let body):
      let top = here
      let exits = jumpUnless(cond)
      loops.append(LoopJumps())
      block(body)
      // Ctrl-C is polled at the backward jump and reported at the condition.
      emit(Instr(op: .loop, a: Int32(top)), cond.span)
      closeLoop(exits: exits, continueAt: top)
    case .forIn(let target, let iterable, let body):
      if !rangeLoop(target, iterable, body) { fallback(s) }
    case .breakStmt:
      guard !loops.isEmpty else { return fallback(s) }
      loops[loops.count - 1].breaks.append(emit(Instr(op: .jump), s.span))
    case .continueStmt:
      guard !loops.isEmpty else { return fallback(s) }
      // A `loop` instruction: `while true … continue … end` must still stop on Ctrl-C.
      loops[loops.count - 1].continues.append(emit(Instr(op: .loop), s.span))
    case .returnStmt(let e):
      guard let e = e else {
        emit(Instr(op: .returnNil), s.span)
        return
      }
      let r = operand(e)
      emit(Instr(op: .ret, x: consumeFlag(r, Consume.b), a: r), e.span)
    case .function, .tryCatch, .global, .importStmt, .unpack: fallback(s)
    }
  }

  /// Ends the innermost loop here: its `break`s and `exits` jump here, its `continue`s to
  /// `continueAt`. A fallback statement's break target is its `b`, its continue target `c`.
  func closeLoop(exits: [Int], continueAt: Int) {
    guard let loop = loops.popLast() else { return }
    for j in exits { patch(j, to: here) }
    for j in loop.breaks {
      if code.code[j].op == .stmt { code.code[j].b = Int32(here) } else { patch(j, to: here) }
    }
    for j in loop.continues {
      if code.code[j].op == .stmt {
        code.code[j].c = Int32(continueAt)
      } else {
        patch(j, to: continueAt)
      }
    }
  }

  /// `for v in range(a[, b[, c]])` on a variable that is not captured.
  func rangeLoop(_ target: Pattern, _ iterable: Expr, _ body: [Stmt]) -> Bool {
    guard case .target(let t) = target, case .name(let name) = t.kind,
      case .call(let callee, let args) = iterable.kind, case .name("range") = callee.kind,
      compiler.binding("range") == .builtin("range"), (1...3).contains(args.count),
      args.allSatisfy({ $0.label == nil }), let v = variable(name)
    else { return false }
    let base = temp()
    for _ in 1...3 { _ = temp() }
    for (k, a) in args.enumerated() { into(a.value, base + Int32(k)) }
    let slot: Int32
    switch v {
    case .register(let r): slot = r
    case .global(let g): slot = ~g
    }
    let prep = emit(
      Instr(op: .forPrep, x: UInt16(args.count), a: base, b: slot, c: -1), iterable.span)
    let start = here
    loops.append(LoopJumps())
    block(body)
    let bottom = emit(Instr(op: .forLoop, a: base, b: slot, c: Int32(start)), iterable.span)
    code.code[prep].c = Int32(here)
    closeLoop(exits: [], continueAt: bottom)
    return true
  }

  /// Jumps taken when `e` is false (to patch with the false target).
  func jumpUnless(_ e: Expr) -> [Int] {
    if case .binary(let op, let l, let r) = e.kind, op.isComparison, !Compiler.isLongChain(e) {
      let mark = nextTemp
      let x = operand(l, globals: Emitter.isPure(r))
      let y = operand(r, globals: true)
      nextTemp = mark
      let jop: Op
      switch op {
      case .eq: jop = .jumpUnlessEq
      case .ne: jop = .jumpUnlessNe
      case .lt: jop = .jumpUnlessLt
      case .le: jop = .jumpUnlessLe
      case .gt: jop = .jumpUnlessGt
      default: jop = .jumpUnlessGe
      }
      let flags = consumeFlag(x, Consume.b) | consumeFlag(y, Consume.c)
      return [emit(Instr(op: jop, x: flags, a: -1, b: x, c: y), e.span)]
    }
    let mark = nextTemp
    let x = operand(e)
    nextTemp = mark
    return [emit(Instr(op: .jumpIfFalse, x: consumeFlag(x, Consume.b), a: -1, b: x), e.span)]
  }
}

/// The jumps out of an open loop, patched when it ends.
struct LoopJumps {
  var breaks: [Int] = []
  var continues: [Int] = []
}

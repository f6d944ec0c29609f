// Statement nodes (see `CompiledBlock` in Compiler.swift): expression statements, `if`,
// `while`, `return`, sequences and assignments to variables.
import Lang

/// An expression statement.
final class ExprStatementNode: BlockNode {
  let e: ExprNode
  init(_ e: ExprNode) { self.e = e }
  override func run(_ f: Frame) throws -> Flow {
    _ = try e.run(f)
    return .normal
  }
}

/// `if c body end` (one test, no else). The branches of `if`/`else` and of sequences are
/// separate classes rather than optional fields: calling through an optional class reference
/// retains and releases it around the call.
final class IfNode: BlockNode {
  let c: ConditionNode
  let body: BlockNode
  init(_ c: ConditionNode, _ body: BlockNode) {
    self.c = c
    self.body = body
  }
  override func run(_ f: Frame) throws -> Flow {
    if try c.run(f) { return try body.run(f) }
    return .normal
  }
}

/// `if c body else other end` (one test).
final class IfElseNode: BlockNode {
  let c: ConditionNode
  let body: BlockNode
  let other: BlockNode
  init(_ c: ConditionNode, _ body: BlockNode, _ other: BlockNode) {
    self.c = c
    self.body = body
    self.other = other
  }
  override func run(_ f: Frame) throws -> Flow {
    if try c.run(f) { return try body.run(f) }
    return try other.run(f)
  }
}

/// `return e`: the value goes to the interpreter's return register.
final class ReturnNode: BlockNode {
  let interp: Interpreter
  let e: ExprNode
  init(_ interp: Interpreter, _ e: ExprNode) {
    self.interp = interp
    self.e = e
  }
  override func run(_ f: Frame) throws -> Flow {
    interp.returnValue = try e.run(f)
    return .returned
  }
}

/// Two statements in order.
final class Sequence2Node: BlockNode {
  let a: BlockNode
  let b: BlockNode
  init(_ a: BlockNode, _ b: BlockNode) {
    self.a = a
    self.b = b
  }
  override func run(_ f: Frame) throws -> Flow {
    let r = try a.run(f)
    if case .normal = r { return try b.run(f) }
    return r
  }
}

/// Three statements in order.
final class Sequence3Node: BlockNode {
  let a: BlockNode
  let b: BlockNode
  let c: BlockNode
  init(_ a: BlockNode, _ b: BlockNode, _ c: BlockNode) {
    self.a = a
    self.b = b
    self.c = c
  }
  override func run(_ f: Frame) throws -> Flow {
    var r = try a.run(f)
    guard case .normal = r else { return r }
    r = try b.run(f)
    guard case .normal = r else { return r }
    return try c.run(f)
  }
}

/// Three statements in order, then the rest of a longer block.
final class SequenceMoreNode: BlockNode {
  let a: BlockNode
  let b: BlockNode
  let c: BlockNode
  let rest: BlockNode
  init(_ a: BlockNode, _ b: BlockNode, _ c: BlockNode, rest: BlockNode) {
    self.a = a
    self.b = b
    self.c = c
    self.rest = rest
  }
  override func run(_ f: Frame) throws -> Flow {
    var r = try a.run(f)
    guard case .normal = r else { return r }
    r = try b.run(f)
    guard case .normal = r else { return r }
    r = try c.run(f)
    guard case .normal = r else { return r }
    return try rest.run(f)
  }
}

/// `while c body end`, polling Ctrl-C once per iteration.
final class WhileNode: BlockNode {
  let c: ConditionNode
  let body: BlockNode
  let interp: Interpreter
  let site: CallSite
  init(_ c: ConditionNode, _ body: BlockNode, _ interp: Interpreter, _ site: CallSite) {
    self.c = c
    self.body = body
    self.interp = interp
    self.site = site
  }
  override func run(_ f: Frame) throws -> Flow {
    while try c.run(f) {
      if interp.interruptRequested { throw Interpreter.interrupted(at: site) }
      if let exit = try body.run(f).loopExit { return exit }
    }
    return .normal
  }
}

/// `x = e` on a frame slot or global.
final class AssignNode: BlockNode {
  let slot: VariableSlot
  let e: ExprNode
  init(_ slot: VariableSlot, _ e: ExprNode) {
    self.slot = slot
    self.e = e
  }
  override func run(_ f: Frame) throws -> Flow {
    Compiler.assign(slot.pointer(f), try e.run(f))
    return .normal
  }
}

/// `x = y` with `y` a local variable, read without a call.
final class AssignLocalNode: BlockNode {
  let slot: VariableSlot
  let source: Int
  init(_ slot: VariableSlot, _ source: Int) {
    self.slot = slot
    self.source = source
  }
  override func run(_ f: Frame) throws -> Flow {
    // A number is copied by its bits (copying a `Value` goes through an outlined function).
    if case .number(let d) = f[source] {
      Compiler.assign(slot.pointer(f), .number(d))
    } else {
      Compiler.assign(slot.pointer(f), f[source])
    }
    return .normal
  }
}

/// `x = name[i]` (a `SlotIndexNode` on the right, called directly rather than through the
/// class's table of methods).
final class AssignSlotIndexNode: BlockNode {
  let slot: VariableSlot
  let e: SlotIndexNode
  init(_ slot: VariableSlot, _ e: SlotIndexNode) {
    self.slot = slot
    self.e = e
  }
  override func run(_ f: Frame) throws -> Flow {
    let p = slot.pointer(f)
    // A number into a variable that holds no object: no call at all.
    if let item = e.listItem(f), case .number(let x) = item.pointee, Compiler.isPlain(p) {
      p.initialize(to: .number(x))
      return .normal
    }
    Compiler.assign(p, try e.read(f))
    return .normal
  }
}

/// `x += c` or `x -= c` with a number literal `c` (`step`, negated for `-=`); anything but a
/// number in `x` runs `generic`.
final class StepNumberNode: BlockNode {
  let slot: VariableSlot
  let step: Double
  let generic: BlockNode
  init(_ slot: VariableSlot, _ step: Double, generic: BlockNode) {
    self.slot = slot
    self.step = step
    self.generic = generic
  }
  override func run(_ f: Frame) throws -> Flow {
    let p = slot.pointer(f)
    guard case .number(let x) = p.pointee else { return try generic.run(f) }
    p.initialize(to: .number(x + step))
    return .normal
  }
}

/// `x op= e` where `x` holds a number and `e` is pure arithmetic: no `Value` is built for the
/// right side; anything else runs `generic`.
final class CompoundNumberNode: BlockNode {
  let op: BinaryOp
  let slot: VariableSlot
  let fast: NumericExpr
  let generic: BlockNode
  init(_ op: BinaryOp, _ slot: VariableSlot, _ fast: NumericExpr, generic: BlockNode) {
    self.op = op
    self.slot = slot
    self.fast = fast
    self.generic = generic
  }
  override func run(_ f: Frame) throws -> Flow {
    let p = slot.pointer(f)
    if case .number(let x) = p.pointee, let y = fast.run(f) {
      p.initialize(to: .number(arith(op, x, y)))
      return .normal
    }
    return try generic.run(f)
  }
}

/// `x op= e` on a frame slot or global: numbers inline, anything else through `slow` (the
/// operator on the stored value, in place when it is uniquely held).
final class CompoundVariableNode: BlockNode {
  let op: BinaryOp
  let slot: VariableSlot
  let e: ExprNode
  let slow: (inout Value, Value) throws -> Void
  init(
    _ op: BinaryOp, _ slot: VariableSlot, _ e: ExprNode,
    slow: @escaping (inout Value, Value) throws -> Void
  ) {
    self.op = op
    self.slot = slot
    self.e = e
    self.slow = slow
  }
  override func run(_ f: Frame) throws -> Flow {
    let y = try e.run(f)
    let p = slot.pointer(f)
    if case .number(let a) = p.pointee, case .number(let b) = y {
      p.initialize(to: .number(arith(op, a, b)))
    } else {
      try slow(&p.pointee, y)
    }
    return .normal
  }
}

// Compiling `for` loops: a counting fast path for `for i in range(…)` (any builtin declaring
// the `countingRange` trait), and generic iteration
// over lists, strings (characters) and dicts (keys), with `for i, (a, b) in …` destructuring.
import Lang

extension Compiler {
  func compileFor(_ target: Pattern, _ iterable: Expr, _ body: [Stmt]) -> CompiledBlock {
    let b = compileBlock(body)
    let interp = self.interp
    let file = self.file
    if case .target(let t) = target, case .name(let name) = t.kind,
      case .call(let callee, let args) = iterable.kind,
      case .name(let fname) = callee.kind, case .builtin(let bname)? = binding(fname),
      interp.builtins[bname]?.traits.contains(.countingRange) == true,
      (1...3).contains(args.count), args.allSatisfy({ $0.label == nil }),
      slotRef(name) != nil
    {
      let cargs = args.map { compileExpr($0.value) }
      return CompiledBlock(
        node: RangeForNode(
          cargs, slot: variableSlot(name), put: store(name, t.span), body: b.node, interp,
          CallSite(iterable.span, file)))
    }
    let it = compileExpr(iterable)
    let site = CallSite(iterable.span, file)
    if case .target(let t) = target, case .name(let name) = t.kind, let slot = variableSlot(name) {
      return CompiledBlock(node: ForEachNode(it.node, slot: slot, body: b.node, interp, site))
    }
    let put = compilePattern(target)
    let span = iterable.span
    return CompiledBlock { f in
      let seq: [Value]
      do { seq = try Compiler.iterate(try it.run(f)) } catch let e as RuntimeError {
        throw e.located(span, file)
      }
      for item in seq {
        try put.run(f, item)
        if interp.interruptRequested { throw Interpreter.interrupted(at: site) }
        if let exit = try b.run(f).loopExit { return exit }
      }
      return .normal
    }
  }

  /// The items a `for` loop visits.
  static func iterate(_ v: Value) throws -> [Value] {
    switch v {
    case .list(let xs): return xs
    case .string(let s): return s.map { .string(String($0)) }
    case .dict(let d): return d.map { .string($0.key) }
    case .tensor(let t) where t.rank > 0: return t.items
    case .tensor: throw RuntimeError.type("iteration over a rank-0 tensor")
    case .object(let o as TracedValue):
      // Rows of a traced tensor, each through the tracer's indexing.
      guard case .tensor(let t) = o.primal, t.rank > 0 else {
        throw RuntimeError.type("iteration over a rank-0 tensor")
      }
      return try (0..<t.shape[0]).map { try Indexing.read(v, [.value(.number(Double($0)))]) }
    default: throw RuntimeError.type("'\(v.typeName)' value is not iterable")
    }
  }
}

/// `for x in range(…)`: counts without building the range; `range(n)` and `range(a, b)` on
/// integral numbers are read without an array. `x` is a frame slot or global (`slot`) or a
/// captured variable (`put`).
final class RangeForNode: BlockNode {
  let args: [CompiledExpr]
  let first: ExprNode
  /// The second argument; the first again for `range(n)` (then never run).
  let second: ExprNode
  let slot: VariableSlot?
  let put: (Frame, Value) -> Void
  let body: BlockNode
  let interp: Interpreter
  let site: CallSite
  init(
    _ args: [CompiledExpr], slot: VariableSlot?, put: @escaping (Frame, Value) -> Void,
    body: BlockNode, _ interp: Interpreter, _ site: CallSite
  ) {
    self.args = args
    self.first = args[0].node
    self.second = args.count > 1 ? args[1].node : args[0].node
    self.slot = slot
    self.put = put
    self.body = body
    self.interp = interp
    self.site = site
  }
  override func run(_ f: Frame) throws -> Flow {
    let nargs = args.count
    let v0 = try first.run(f)
    let v1 = nargs > 1 ? try second.run(f) : Value.null
    var (start, count, step) = (0.0, 0, 1.0)
    let (lo, hi): (Value, Value) = nargs == 1 ? (.number(0), v0) : (v0, v1)
    if nargs < 3, case .number(let x) = lo, case .number(let y) = hi, x.rounded() == x,
      y.rounded() == y, abs(x) <= 9.2e18, abs(y) <= 9.2e18
    {
      (start, count) = (x, Int(max(0, y - x)))
    } else {
      (start, count, step) = try spec(v0, v1, f)
    }
    let p = slot?.pointer(f)
    var k = 0
    while k < count {
      let v = Value.number(start + Double(k) * step)
      if let p = p { Compiler.assign(p, v) } else { put(f, v) }
      // Every iteration, not every 1024th: a body may take seconds (a matmul). One load of
      // the flag: +2 instructions per iteration (+1 % on bench/loop30m.fsl, callgrind).
      if interp.interruptRequested { throw Interpreter.interrupted(at: site) }
      if let exit = try body.run(f).loopExit { return exit }
      k += 1
    }
    return .normal
  }

  /// Start, count and step of any other `range(…)`, or its error.
  @inline(never)
  func spec(_ v0: Value, _ v1: Value, _ f: Frame) throws -> (Double, Int, Double) {
    let vals = args.count == 1 ? [v0] : args.count == 2 ? [v0, v1] : [v0, v1, try args[2].run(f)]
    do { return try RangeSpec.parse(vals) } catch let e as RuntimeError {
      throw Compiler.locatedAt(e, site)
    }
  }
}

/// `for x in e` with `x` a frame slot or global: the items of the list, string, dict or
/// tensor `e` (`Compiler.iterate`) are stored into the slot one by one.
final class ForEachNode: BlockNode {
  let iterable: ExprNode
  let slot: VariableSlot
  let body: BlockNode
  let interp: Interpreter
  let site: CallSite
  init(
    _ iterable: ExprNode, slot: VariableSlot, body: BlockNode, _ interp: Interpreter,
    _ site: CallSite
  ) {
    self.iterable = iterable
    self.slot = slot
    self.body = body
    self.interp = interp
    self.site = site
  }
  override func run(_ f: Frame) throws -> Flow {
    let items: [Value]
    do { items = try Compiler.iterate(try iterable.run(f)) } catch let e as RuntimeError {
      throw Compiler.locatedAt(e, site)
    }
    for item in items {
      Compiler.assign(slot.pointer(f), item)
      if interp.interruptRequested { throw Interpreter.interrupted(at: site) }
      if let exit = try body.run(f).loopExit { return exit }
    }
    return .normal
  }
}

/// `range(stop)`, `range(start, stop)`, `range(start, stop, step)` with integral arguments.
public enum RangeSpec {
  /// Start, number of items, and step.
  public static func parse(_ vals: [Value]) throws -> (Double, Int, Double) {
    var nums: [Double] = []
    for v in vals {
      guard let d = v.asNumber else {
        throw RuntimeError.type("range: arguments must be integers, got \(v.typeName)")
      }
      guard d.rounded() == d else {
        throw RuntimeError.type("range: arguments must be integers, got \(formatNumber(d))")
      }
      guard abs(d) <= 9.2e18 else {
        throw RuntimeError.value("range: \(formatNumber(d)) is outside the 64-bit integer range")
      }
      nums.append(d)
    }
    let (start, stop, step): (Double, Double, Double)
    switch nums.count {
    case 1: (start, stop, step) = (0, nums[0], 1)
    case 2: (start, stop, step) = (nums[0], nums[1], 1)
    case 3: (start, stop, step) = (nums[0], nums[1], nums[2])
    default: throw RuntimeError.type("range() takes 1 to 3 arguments, got \(nums.count)")
    }
    guard step != 0 else { throw RuntimeError.value("range() step must not be zero") }
    let count = Int(max(0, min(9.2e18, ((stop - start) / step).rounded(.up))))
    return (start, count, step)
  }
}

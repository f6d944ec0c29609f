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
      let ref = slotRef(name)
    {
      let cargs = args.map { compileExpr($0.value) }
      let put = store(name, t.span)
      let span = iterable.span
      let site = CallSite(span, file)  // one captured reference for the interrupt's location
      return CompiledBlock { f in
        // Arguments in order, without an array: `range(n)` and `range(a, b)` on integral
        // numbers are the common case.
        let nargs = cargs.count
        let v0 = try cargs[0].run(f)
        let v1 = nargs > 1 ? try cargs[1].run(f) : Value.null
        var (start, count, step) = (0.0, 0, 1.0)
        let (lo, hi): (Value, Value) = nargs == 1 ? (.number(0), v0) : (v0, v1)
        if nargs < 3, case .number(let x) = lo, case .number(let y) = hi, x.rounded() == x,
          y.rounded() == y, abs(x) <= 9.2e18, abs(y) <= 9.2e18
        {
          (start, count) = (x, Int(max(0, y - x)))
        } else {
          let vals = nargs == 1 ? [v0] : nargs == 2 ? [v0, v1] : [v0, v1, try cargs[2].run(f)]
          do { (start, count, step) = try RangeSpec.parse(vals) } catch let e as RuntimeError {
            throw e.located(span, file)
          }
        }
        let p: UnsafeMutablePointer<Value>?
        switch ref {
        case .frame(let s): p = f + s
        case .global(let g): p = g
        case .cell: p = nil
        }
        var k = 0
        while k < count {
          let v = Value.number(start + Double(k) * step)
          if let p = p { Compiler.assign(p, v) } else { put(f, v) }
          // Every iteration, not every 1024th: a body may take seconds (a matmul). One load of
          // the flag: +2 instructions per iteration (+1 % on bench/loop30m.fsl, callgrind).
          if interp.interruptRequested { throw Interpreter.interrupted(at: site) }
          switch try b.run(f) {
          case .normal, .continueLoop: break
          case .breakLoop: return .normal
          case .returned: return .returned
          }
          k += 1
        }
        return .normal
      }
    }
    let it = compileExpr(iterable)
    let put = compilePattern(target)
    let span = iterable.span
    let site = CallSite(span, file)
    return CompiledBlock { f in
      let seq: [Value]
      do { seq = try Compiler.iterate(try it.run(f)) } catch let e as RuntimeError {
        throw e.located(span, file)
      }
      for item in seq {
        try put.run(f, item)
        if interp.interruptRequested { throw Interpreter.interrupted(at: site) }
        switch try b.run(f) {
        case .normal, .continueLoop: continue
        case .breakLoop: return .normal
        case .returned: return .returned
        }
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

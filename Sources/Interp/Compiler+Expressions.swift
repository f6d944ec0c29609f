// Compiling expressions: literals, names, operators (with number fast paths), collections,
// f-strings, indexing and fields.
import Lang
import Tensor

extension Compiler {
  /// The list a literal of literals (`[nil, nil]`, `["a", 1]`) makes, built once: every
  /// evaluation shares its array, which is copied on the first write like any list. Nil when
  /// an item is not a literal or the literal makes a tensor (all numbers or bools).
  static func constantList(_ xs: [Expr]) -> Value? {
    var items: [Value] = []
    for x in xs {
      switch x.kind {
      case .number(let d): items.append(.number(d))
      case .string(let s): items.append(.string(s))
      case .bool(let b): items.append(.bool(b))
      case .null: items.append(.null)
      default: return nil
      }
    }
    guard case .list = Value.bracketLiteral(items) else { return nil }
    return .list(items)
  }

  func compileExpr(_ e: Expr) -> CompiledExpr {
    switch e.kind {
    case .number(let d): return CompiledExpr(node: ConstantNode(.number(d)))
    case .string(let s): return CompiledExpr(node: ConstantNode(.string(s)))
    case .bool(let b): return CompiledExpr(node: ConstantNode(.bool(b)))
    case .null: return CompiledExpr(node: ConstantNode(.null))
    case .name(let n): return load(n, e.span)
    case .fstring(let parts): return compileFString(parts)
    case .list(let xs):
      if let v = Compiler.constantList(xs) { return CompiledExpr(node: ConstantNode(v)) }
      let cs = xs.map(compileExpr)
      // Short literals (`[left, right]`) are built in one allocation.
      if cs.count == 2 { return CompiledExpr(node: ShortList2Node(cs[0].node, cs[1].node)) }
      if cs.count == 3 {
        return CompiledExpr(node: ShortList3Node(cs[0].node, cs[1].node, cs[2].node))
      }
      return CompiledExpr { f in
        var out: [Value] = []
        out.reserveCapacity(cs.count)
        for c in cs { out.append(try c.run(f)) }
        return Value.bracketLiteral(out)
      }
    case .dict(let entries):
      let cs = entries.map { ($0.key, compileExpr($0.value)) }
      return CompiledExpr { f in
        var d = FDict()
        for (k, c) in cs { d[k] = try c.run(f) }
        return .dict(d)
      }
    case .unary(let op, let x): return compileUnary(op, compileExpr(x), e.span)
    case .binary(let op, let l, let r):
      if Compiler.isLongChain(e), let chain = OperatorChain(e) { return compileChain(chain) }
      if op.isComparison || op == .matmul || isVariableArithmetic(e) {
        // `n - 1`, `x * y` take the variable fast path of `withNumericFastPath`, which needs no
        // numeric closure.
        return withNumericFastPath(
          e, compileBinary(op, l, r, e.span, compileExpr(l), compileExpr(r)), nil)
      }
      let (generic, numeric) = compileArithmetic(e)
      return withNumericFastPath(e, generic, numeric)
    case .logical(let op, let l, let r):
      if Compiler.isLongChain(e), let chain = OperatorChain(e) { return compileChain(chain) }
      let a = compileExpr(l)
      let b = compileExpr(r)
      let (span, file) = (e.span, self.file)
      let kernel: BinaryKernel = op == .and ? .and : .or
      func elementwise(_ x: Value, _ f: Frame) throws -> Value {
        do { return try Operators.tensorBinary(kernel, x, try b.run(f)) } catch let err
          as RuntimeError
        {
          throw err.located(span, file)
        }
      }
      if op == .and {
        return CompiledExpr { f in
          let x = try a.run(f)
          if case .tensor = x { return try elementwise(x, f) }
          return x.isTruthy ? try b.run(f) : x
        }
      }
      return CompiledExpr { f in
        let x = try a.run(f)
        if case .tensor = x { return try elementwise(x, f) }
        return x.isTruthy ? x : try b.run(f)
      }
    case .conditional(let cond, let then, let other):
      // The condition is tested as an `if` condition; only the chosen branch runs.
      let c = compileCondition(cond)
      let a = compileExpr(then)
      let b = compileExpr(other)
      return CompiledExpr { f in try c.run(f) ? try a.run(f) : try b.run(f) }
    case .call(let callee, let args): return compileCall(callee, args, e.span)
    case .index(let base, let items):
      let b = compileExpr(base)
      let its = compileItems(items)
      let (span, file) = (e.span, self.file)
      if its.count == 1, case .single(let ic) = its[0], case .expr(let ie) = items[0] {
        // A side-effect-free index lets a variable's container be read in place.
        if case .name(let n) = base.kind, isName(ie) || compileNumeric(ie) != nil,
          let slot = variableSlot(n)
        {
          return compileSlotIndex1(
            slot, b, ic, index: numericVariable(ie), constant: ie.numberLiteral, span)
        }
        return compileIndex1(b, ic, span)
      }
      if its.count == 2, case .single(let ic) = its[0], case .single(let jc) = its[1] {
        return compileIndex2(b, ic, jc, span)
      }
      return CompiledExpr { f in
        let bv = try b.run(f)
        let iv = try Compiler.evalItems(its, f)
        do { return try Indexing.read(bv, iv) } catch let e as RuntimeError {
          throw e.located(span, file)
        }
      }
    case .field(let base, let name, let nameSpan):
      return compileFieldRead(base, name, nameSpan)
    case .function(let decl): return compileFunction(decl)
    case .error:
      preconditionFailure("internal: compiling an expression the parser marked as an error")
    }
  }

  /// `x.name` on a dict or a module.
  static func field(_ v: Value, _ name: String) throws -> Value {
    switch v {
    case .dict(let d):
      if let x = d[name] { return x }
      throw Indexing.keyError(name, d)
    case .tensor(let t):
      switch name {
      case "shape": return .list(t.shape.map { .number(Double($0)) })
      case "ndim": return .number(Double(t.rank))
      case "size": return .number(Double(t.count))
      case "dtype": return .string(t.dtype.rawValue)
      case "T": return .tensor(try tensorCall { try t.transposed() })
      default:
        throw RuntimeError(
          "AttributeError",
          "'tensor' value has no field '\(name)' (fields: shape, ndim, size, dtype, T)")
      }
    case .object(let t as FTable): return try t.field(name)
    case .module(let m):
      if let x = m.members[name] { return x }
      var e = RuntimeError("AttributeError", "module '\(m.name)' has no member '\(name)'")
      if let s = Suggest.nearest(to: name, in: Set(m.members.keys)) {
        e.notes.append("did you mean '\(s)'?")
      }
      throw e
    case .object(let t as TracedValue):
      return try name == "T" ? t.tracer.transpose(t) : field(t.primal, name)
    default:
      throw RuntimeError("AttributeError", "'\(v.typeName)' value has no field '\(name)'")
    }
  }

  /// Compiled index items; single expressions are kept apart for the fast path.
  enum CompiledItem {
    case single(CompiledExpr)
    case slice(CompiledExpr?, CompiledExpr?, CompiledExpr?)
    case ellipsis
  }

  func compileItems(_ items: [IndexItem]) -> [CompiledItem] {
    items.map { item in
      switch item {
      case .expr(let x): return .single(compileExpr(x))
      case .slice(let a, let b, let c):
        return .slice(a.map(compileExpr), b.map(compileExpr), c.map(compileExpr))
      case .ellipsis: return .ellipsis
      }
    }
  }

  static func evalItems(_ items: [CompiledItem], _ f: Frame) throws -> [IndexValue] {
    try items.map { item in
      switch item {
      case .single(let c): return .value(try c.run(f))
      case .slice(let a, let b, let c):
        func num(_ x: CompiledExpr?) throws -> Double? {
          guard let x = x else { return nil }
          let v = try x.run(f)
          if case .null = v { return nil }
          guard let d = v.asNumber else {
            throw RuntimeError.type("slice indices must be numbers, got \(v.typeName)")
          }
          return d
        }
        return .slice(try num(a), try num(b), try num(c))
      case .ellipsis: return .ellipsis
      }
    }
  }

  func compileFString(_ parts: [FStringPart]) -> CompiledExpr {
    enum Piece {
      case text(String)
      case value(CompiledExpr, String?, SourceSpan)
    }
    let pieces: [Piece] = parts.map { p in
      switch p {
      case .literal(let s): return .text(s)
      case .expr(let e, let spec): return .value(compileExpr(e), spec, e.span)
      }
    }
    let file = self.file
    return CompiledExpr { f in
      var out = ""
      for p in pieces {
        switch p {
        case .text(let s): out += s
        case .value(let c, nil, _): out += try c.run(f).str
        case .value(let c, let spec?, let span):
          let v = try c.run(f)
          do { out += try applyFormatSpec(v.formatArg, spec) } catch let e as FormatSpecError {
            throw RuntimeError("ValueError", e.message, span: span, file: file)
          }
        }
      }
      return .string(out)
    }
  }

  /// `op a`, where `a` is the compiled operand.
  func compileUnary(_ op: UnaryOp, _ a: CompiledExpr, _ span: SourceSpan) -> CompiledExpr {
    let file = self.file
    if op == .neg {
      return CompiledExpr { f in
        let v = try a.run(f)
        if case .number(let d) = v { return .number(-d) }
        do { return try Operators.unary(op, v) } catch let e as RuntimeError {
          throw e.located(span, file)
        }
      }
    }
    return CompiledExpr { f in
      do { return try Operators.unary(op, try a.run(f)) } catch let e as RuntimeError {
        throw e.located(span, file)
      }
    }
  }

  /// A condition for `if`/`while`: comparisons of numbers skip building a bool value.
  func compileCondition(_ e: Expr) -> CompiledCondition {
    let file = self.file
    if case .bool(let b) = e.kind { return CompiledCondition(node: ConstantCondition(b)) }
    if case .binary(let op, let l, let r) = e.kind, op.isComparison,
      let nl = compileNumeric(l), let nr = compileNumeric(r)
    {
      // The comparison's value as a condition; "ambiguous" is reported at the condition.
      let generic = TruthCondition(compileExpr(e).node, e.span, file)
      // A variable against a constant or another variable: read both inline.
      if let x = numericVariable(l) {
        if case .number(let k) = r.kind {
          return CompiledCondition(node: CompareVariablesCondition(op, x, nil, k, generic: generic))
        }
        if let y = numericVariable(r) {
          return CompiledCondition(node: CompareVariablesCondition(op, x, y, 0, generic: generic))
        }
      }
      return CompiledCondition(
        node: CompareNumericCondition(op, nl.node, nr.node, generic: generic))
    }
    if case .binary(let op, let l, let r) = e.kind, op == .eq || op == .ne, case .null = r.kind {
      // `x == nil`, `x != nil`: no operator call unless `x` is a tensor or a traced value.
      let x = compileExpr(l).node
      let test = NilTestCondition(x, isEqual: op == .eq, e.span, file)
      if let item = x as? SlotIndexNode {
        return CompiledCondition(
          node: ItemNilTestCondition(item, isEqual: op == .eq, generic: test))
      }
      return CompiledCondition(node: test)
    }
    if case .binary(let op, let l, let r) = e.kind, [.lt, .le, .gt, .ge].contains(op) {
      return CompiledCondition(
        node: CompareValuesCondition(
          op, compileExpr(l).node, compileExpr(r).node, e.span, file))
    }
    return CompiledCondition(node: TruthCondition(compileExpr(e).node, e.span, file))
  }
}

/// A compiled `if`/`while` condition (see `CompiledExpr`).
struct CompiledCondition {
  let node: ConditionNode
  @inline(__always) func run(_ f: Frame) throws -> Bool { try node.run(f) }
}

extension Value {
  var formatArg: FormatArg {
    switch self {
    case .number(let d): return .number(d)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    default: return .other(repr)
    }
  }
}

extension Expr {
  /// The value of a number literal.
  var numberLiteral: Double? {
    if case .number(let d) = kind { return d }
    return nil
  }
}

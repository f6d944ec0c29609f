// Compiler: turns resolved AST into a tree of nodes over frame slots (docs/design.md
// §"Evaluator").
//
// Every expression becomes a `CompiledExpr` and every statement a `CompiledBlock` returning a
// `Flow`. Names are bound at compile time (Resolver) to a frame slot, a cell, a module global or a
// builtin, so no dictionary is consulted while running. Hot shapes (number arithmetic,
// comparisons in conditions, calls, element and field access, `+=` on a slot) are node classes
// with a number fast path and a generic fallback; the rest are closures wrapped in a node.
import Lang

/// A pointer to the current function's slots.
public typealias Frame = UnsafeMutablePointer<Value>

/// A compiled expression: a node whose `run` the parent calls. Hot shapes are node classes of
/// their own (CompilerNodes.swift), called through the class's method table; the rest wrap a
/// closure. A method call on a node costs less than a closure call: a closure with captures
/// runs through a partial-apply thunk (one more call per node), and one loaded from a property
/// has its context retained and released around the call (fib: 1.45x, docs/design.md).
struct CompiledExpr {
  let node: ExprNode
  init(_ run: @escaping (Frame) throws -> Value) { node = ClosureExprNode(run) }
  init(node: ExprNode) { self.node = node }
  @inline(__always) func run(_ f: Frame) throws -> Value { try node.run(f) }
}

/// How a statement finished.
enum Flow {
  case normal, breakLoop, continueLoop, returned

  /// After a loop body: nil to go on looping, else what the loop itself returns.
  @inline(__always) var loopExit: Flow? {
    switch self {
    case .normal, .continueLoop: return nil
    case .breakLoop: return .normal
    case .returned: return .returned
    }
  }
}

/// A compiled statement or block (see `CompiledExpr`).
struct CompiledBlock {
  let node: BlockNode
  init(_ run: @escaping (Frame) throws -> Flow) { node = ClosureBlockNode(run) }
  init(node: BlockNode) { self.node = node }
  @inline(__always) func run(_ f: Frame) throws -> Flow { try node.run(f) }
}

/// Where a variable lives, for fast loads and stores.
enum SlotRef {
  case frame(Int)
  case cell(Int)
  case global(UnsafeMutablePointer<Value>)
}

/// A variable's storage: a frame slot or a global.
struct VariableSlot {
  let global: UnsafeMutablePointer<Value>?
  let frame: Int

  @inline(__always) func pointer(_ f: Frame) -> UnsafeMutablePointer<Value> {
    global ?? f + frame
  }
}

/// Compiles one module's code; a nested `Compiler` handles each function body.
final class Compiler {
  unowned let interp: Interpreter
  let file: SourceFile
  let env: ModuleEnv
  let resolution: Resolution
  /// nil while compiling top-level code.
  let scope: FunctionScope?

  init(
    interp: Interpreter, file: SourceFile, env: ModuleEnv, resolution: Resolution,
    scope: FunctionScope? = nil
  ) {
    self.interp = interp
    self.file = file
    self.env = env
    self.resolution = resolution
    self.scope = scope
    env.prepare()
  }

  /// Compiles top-level statements; the result returns the last expression's value if wanted.
  func compileTopLevel(_ stmts: [Stmt], wantLastValue: Bool) -> (Frame) throws -> Value? {
    if wantLastValue, let last = stmts.last, case .expr(let e) = last.kind {
      let head = compileBlock(Array(stmts.dropLast()))
      let value = compileExpr(e)
      return { f in
        _ = try head.run(f)
        return try value.run(f)
      }
    }
    let body = compileBlock(stmts)
    return { f in
      _ = try body.run(f)
      return nil
    }
  }

  // MARK: - Names

  func binding(_ name: String) -> NameBinding? {
    Resolver.binding(of: name, in: scope, globals: env.table, builtins: interp.builtinNames)
  }

  func slotRef(_ name: String) -> SlotRef? {
    switch binding(name) {
    case .local(let s, let cell)?: return cell ? .cell(s) : .frame(s)
    case .global(let g)?: return .global(env.storage + g)
    default: return nil
    }
  }

  /// Where variable `n` is stored, unless it is a captured (cell) variable.
  func variableSlot(_ n: String) -> VariableSlot? {
    switch slotRef(n) {
    case .frame(let s)?: return VariableSlot(global: nil, frame: s)
    case .global(let p)?: return VariableSlot(global: p, frame: 0)
    default: return nil
    }
  }

  func load(_ name: String, _ span: SourceSpan) -> CompiledExpr {
    switch binding(name) {
    case .local(let s, false)?: return CompiledExpr(node: LoadLocalNode(s))
    case .local(let s, true)?:
      return CompiledExpr { f in
        if case .cell(let c) = f[s] { return c.value }
        return f[s]
      }
    case .global(let g)?:
      let p = env.storage + g
      let file = self.file
      return CompiledExpr { _ in
        let v = p.pointee
        if case .cell = v { throw Compiler.unassigned(name, span, file) }
        return v
      }
    case .builtin(let n)?:
      guard let b = interp.builtins[n] else { return undefinedName(name, span) }
      return CompiledExpr(node: ConstantNode(b.constant ?? Value.builtin(b)))
    case nil: return undefinedName(name, span)
    }
  }

  static func unassigned(_ name: String, _ span: SourceSpan, _ file: SourceFile) -> RuntimeError {
    RuntimeError(
      "NameError", "name '\(name)' is used before it is assigned", span: span, file: file)
  }

  func undefinedName(_ name: String, _ span: SourceSpan) -> CompiledExpr {
    let file = self.file
    return CompiledExpr { _ in
      throw RuntimeError("NameError", "undefined name '\(name)'", span: span, file: file)
    }
  }

  /// A store of `value` into `name`.
  func store(_ name: String, _ span: SourceSpan) -> (Frame, Value) -> Void {
    switch slotRef(name) {
    case .frame(let s)?: return { f, v in f[s] = v }
    case .cell(let s)?:
      return { f, v in
        if case .cell(let c) = f[s] { c.value = v } else { f[s] = v }
      }
    case .global(let p)?: return { _, v in p.pointee = v }
    case nil: preconditionFailure("internal: assignment to unresolved name '\(name)'")
    }
  }

  /// Stores `v` in a slot. A number, bool or nil in the slot needs no destroying, so it is
  /// written over (the general assignment calls the value's outlined destroy).
  /// Whether the slot holds a number, bool or nil (which need no destroying).
  @inline(__always) static func isPlain(_ p: UnsafeMutablePointer<Value>) -> Bool {
    switch p.pointee {
    case .number, .bool, .null: return true
    default: return false
    }
  }

  @inline(__always) static func assign(_ p: UnsafeMutablePointer<Value>, _ v: consuming Value) {
    switch p.pointee {
    case .number, .bool, .null: p.initialize(to: v)
    default: p.pointee = v
    }
  }

  // MARK: - Functions

  func compileFunction(_ decl: FunctionDecl) -> CompiledExpr {
    guard let fscope = resolution.scope(of: decl) else {
      preconditionFailure("internal: function without scope")
    }
    let upvalueSlots = fscope.upvalues.map(\.slot)
    let cellLocals = fscope.cellSlots.subtracting(upvalueSlots).sorted()
    let name = decl.name ?? (decl.isLambda ? "<lambda>" : "<fn>")
    let inner = Compiler(
      interp: interp, file: file, env: env, resolution: resolution, scope: fscope)
    let proto = FunctionProto(
      name: name, paramNames: decl.params.map(\.name), slotCount: max(fscope.slotCount, 1),
      doc: decl.doc, decl: decl, file: file, cellLocals: cellLocals, upvalueSlots: upvalueSlots,
      body: inner.compileBlock(decl.body))
    let defaults: [CompiledExpr?] = decl.params.map { p in p.defaultValue.map(compileExpr) }
    let parentSlots = fscope.upvalues.map(\.parentSlot)
    if parentSlots.isEmpty && defaults.allSatisfy({ $0 == nil }) {
      return CompiledExpr { _ in .function(Closure(proto: proto, defaults: [], cells: [])) }
    }
    return CompiledExpr { f in
      var ds: [Value?] = []
      for d in defaults { ds.append(try d?.run(f)) }
      var cells: [Cell] = []
      for s in parentSlots {
        if case .cell(let c) = f[s] {
          cells.append(c)
        } else {
          let c = Cell(f[s])
          f[s] = .cell(c)
          cells.append(c)
        }
      }
      return .function(Closure(proto: proto, defaults: ds, cells: cells))
    }
  }

  // MARK: - Errors

  /// Attaches this compiler's file and `span` to errors that have no location yet.
  func locate<T>(_ span: SourceSpan, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as RuntimeError {
      throw e.located(span, file)
    }
  }

  func error(_ kind: String, _ message: String, _ span: SourceSpan) -> RuntimeError {
    RuntimeError(kind, message, span: span, file: file)
  }
}

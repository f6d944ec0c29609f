// Resolver: binds every name to a frame slot, an upvalue cell, a global or a builtin before running.
//
// Scoping (docs/design.md §"Value model"): functions make scopes, blocks do not. A name assigned in
// a function is a local of that function, unless an enclosing *function* assigns it (then it is
// that variable, captured as a cell) or the function says `global name`. Top-level names are
// globals of their module. A local read before its first assignment (in source order) is a static
// error. Assignments count as happening at the end of their statement, so `x = x + 1` reads `x`
// first.

/// The globals of one module, shared across REPL inputs so that later inputs see earlier names.
public final class GlobalTable: @unchecked Sendable {
  public private(set) var names: [String] = []
  private var index: [String: Int] = [:]
  public init() {}
  public func slot(of name: String) -> Int? { index[name] }
  /// Returns the slot of `name`, adding it when new.
  @discardableResult public func define(_ name: String) -> Int {
    if let i = index[name] { return i }
    names.append(name)
    index[name] = names.count - 1
    return names.count - 1
  }
  public var count: Int { names.count }
}

/// What a name refers to, as decided at compile time.
public enum NameBinding: Equatable, Sendable {
  /// A slot of the current frame; `cell` slots hold a shared cell (captured variables).
  case local(slot: Int, cell: Bool)
  case global(Int)
  case builtin(String)
}

/// The frame layout of one function: parameters first, then locals, then captured upvalues.
public final class FunctionScope: @unchecked Sendable {
  public internal(set) var slots: [String: Int] = [:]
  public internal(set) var cellSlots: Set<Int> = []
  /// For each captured variable: the slot it comes from in the enclosing frame and its own slot.
  public internal(set) var upvalues: [(name: String, parentSlot: Int, slot: Int)] = []
  public internal(set) var globalNames: Set<String> = []
  public internal(set) var slotCount = 0
  public let paramCount: Int
  init(paramCount: Int) { self.paramCount = paramCount }

  func add(_ name: String) -> Int {
    if let s = slots[name] { return s }
    slots[name] = slotCount
    slotCount += 1
    return slotCount - 1
  }
}

/// The resolver's output: one scope per function declaration.
public final class Resolution: @unchecked Sendable {
  public internal(set) var scopes: [ObjectIdentifier: FunctionScope] = [:]
  public func scope(of decl: FunctionDecl) -> FunctionScope? { scopes[ObjectIdentifier(decl)] }
}

/// Runs the resolver over a program. See the file comment for the rules.
public struct Resolver {
  let file: SourceFile
  let globals: GlobalTable
  let builtins: Set<String>
  var resolution = Resolution()
  var diagnostics: [Diagnostic] = []
  /// Enclosing functions, innermost last; empty at top level.
  var chain: [(decl: FunctionDecl, scope: FunctionScope, firstAssign: [String: Int])] = []
  /// Top-level names known to be assigned somewhere in this input, with first assignment offset.
  var topAssigned: [String: Int] = [:]
  var preexisting: Set<String>
  var reported: Set<Int> = []

  /// Resolves `program`; new top-level names are added to `globals`.
  public static func resolve(_ program: Program, globals: GlobalTable, builtins: Set<String>)
    -> Result<Resolution, StaticErrors>
  {
    var r = Resolver(
      file: program.file, globals: globals, builtins: builtins,
      preexisting: Set(globals.names))
    r.run(program.statements)
    if r.diagnostics.isEmpty { return .success(r.resolution) }
    return .failure(StaticErrors(file: program.file, diagnostics: r.diagnostics))
  }

  mutating func run(_ body: [Stmt]) {
    var top: [String: Int] = [:]
    var globalDecls: Set<String> = []
    Resolver.collectAssignments(body, into: &top, globals: &globalDecls)
    topAssigned = top
    for name in top.keys.sorted(by: { (top[$0] ?? 0) < (top[$1] ?? 0) }) { globals.define(name) }
    // Names that functions declare `global` and assign are globals too.
    var inner: Set<String> = []
    Resolver.collectGlobalDecls(body, into: &inner)
    for name in inner.sorted() where globals.slot(of: name) == nil { globals.define(name) }
    resolveBlock(body)
  }

  // MARK: - Declarations

  /// Records the first assignment offset of each name assigned directly in `body` (not nested fns).
  static func collectAssignments(
    _ body: [Stmt], into out: inout [String: Int], globals: inout Set<String>
  ) {
    func note(_ name: String, _ at: Int) { if out[name] == nil { out[name] = at } }
    for s in body {
      switch s.kind {
      case .assign(let target, _), .compound(_, let target, _):
        if case .name(let n) = target.kind { note(n, s.span.end) }
      case .unpack(let target, _):
        for case .name(let n) in target.targets.map(\.kind) { note(n, s.span.end) }
      case .ifStmt(let branches, let elseBody):
        for b in branches { collectAssignments(b.body, into: &out, globals: &globals) }
        if let e = elseBody { collectAssignments(e, into: &out, globals: &globals) }
      case .forIn(let target, let iterable, let body):
        for case .name(let n) in target.targets.map(\.kind) { note(n, iterable.span.end) }
        collectAssignments(body, into: &out, globals: &globals)
      case .whileStmt(_, let body): collectAssignments(body, into: &out, globals: &globals)
      case .function(let decl): if let n = decl.name { note(n, s.span.start) }
      case .tryCatch(let body, let name, let nameSpan, let handler):
        collectAssignments(body, into: &out, globals: &globals)
        if let n = name { note(n, nameSpan?.start ?? s.span.start) }
        collectAssignments(handler, into: &out, globals: &globals)
      case .global(let names): for n in names { globals.insert(n.name) }
      case .importStmt(_, let alias, _, _): note(alias, s.span.start)
      case .expr, .breakStmt, .continueStmt, .returnStmt: break
      }
    }
  }

  /// Names declared `global` in any function below `body`.
  static func collectGlobalDecls(_ body: [Stmt], into out: inout Set<String>) {
    for s in body { StmtWalker.forEachFunction(in: s) { decl in collectGlobalDeclsIn(decl, &out) } }
  }

  static func collectGlobalDeclsIn(_ decl: FunctionDecl, _ out: inout Set<String>) {
    var assigned: [String: Int] = [:]
    var decls: Set<String> = []
    collectAssignments(decl.body, into: &assigned, globals: &decls)
    out.formUnion(decls)
    collectGlobalDecls(decl.body, into: &out)
  }

  // MARK: - Functions

  mutating func resolveFunction(_ decl: FunctionDecl) {
    let scope = FunctionScope(paramCount: decl.params.count)
    var first: [String: Int] = [:]
    var seen: Set<String> = []
    for p in decl.params {
      if seen.contains(p.name) {
        error("E301", "duplicate parameter '\(p.name)'", p.span)
      }
      seen.insert(p.name)
      _ = scope.add(p.name)
      first[p.name] = -1
    }
    // Defaults are evaluated where the function is defined, in the enclosing scope.
    for p in decl.params { if let d = p.defaultValue { resolveExpr(d) } }
    var assigned: [String: Int] = [:]
    var globalDecls: Set<String> = []
    Resolver.collectAssignments(decl.body, into: &assigned, globals: &globalDecls)
    scope.globalNames = globalDecls
    for (name, at) in assigned.sorted(by: { $0.value < $1.value }) {
      if globalDecls.contains(name) || scope.slots[name] != nil { continue }
      if enclosingFunctionAssigns(name) { continue }
      _ = scope.add(name)
      first[name] = at
    }
    resolution.scopes[ObjectIdentifier(decl)] = scope
    chain.append((decl, scope, first))
    resolveBlock(decl.body)
    chain.removeLast()
  }

  func enclosingFunctionAssigns(_ name: String) -> Bool {
    chain.contains { $0.scope.slots[name] != nil }
  }

  /// Finds `name` in the enclosing functions, threading an upvalue through every level between.
  mutating func capture(_ name: String, level: Int) -> Int? {
    let scope = chain[level].scope
    if let s = scope.slots[name] {
      return s
    }
    if scope.globalNames.contains(name) || level == 0 { return nil }
    guard let parentSlot = capture(name, level: level - 1) else { return nil }
    chain[level - 1].scope.cellSlots.insert(parentSlot)
    let s = scope.add(name)
    scope.cellSlots.insert(s)
    scope.upvalues.append((name, parentSlot, s))
    return s
  }

  // MARK: - Uses

  mutating func use(_ name: String, _ span: SourceSpan) {
    if let level = chain.indices.last {
      let scope = chain[level].scope
      if let slot = scope.slots[name] {
        if let at = chain[level].firstAssign[name], at > span.start, !scope.cellSlots.contains(slot)
        {
          let fname = chain[level].decl.name.map { "'\($0)'" } ?? "this function"
          error(
            "E303", "local variable '\(name)' is read before it is assigned", span,
            notes: [DiagnosticNote("'\(name)' is local to \(fname) because \(fname) assigns it")],
            hint: globals.slot(of: name) == nil
              ? nil : "add 'global \(name)' to use the top-level variable")
        }
        return
      }
      if !scope.globalNames.contains(name), level > 0, capture(name, level: level) != nil {
        return
      }
      if globals.slot(of: name) != nil || builtins.contains(name) { return }
    } else {
      if preexisting.contains(name) || builtins.contains(name) { return }
      if let at = topAssigned[name] {
        if at > span.start {
          error("E304", "name '\(name)' is used before it is assigned", span)
        }
        return
      }
      if globals.slot(of: name) != nil { return }
    }
    undefined(name, span)
  }

  mutating func undefined(_ name: String, _ span: SourceSpan) {
    var candidates = Set(builtins).union(globals.names)
    for level in chain { candidates.formUnion(level.scope.slots.keys) }
    let hint = Suggest.nearest(to: name, in: candidates).map { "did you mean '\($0)'?" }
    error("E302", "undefined name '\(name)'", span, hint: hint)
  }

  mutating func error(
    _ code: String, _ message: String, _ span: SourceSpan, notes: [DiagnosticNote] = [],
    hint: String? = nil
  ) {
    if reported.contains(span.start) { return }
    reported.insert(span.start)
    diagnostics.append(Diagnostic(code: code, message, span: span, notes: notes, hint: hint))
  }

  /// The binding of `name` for code compiled in `scope` (nil for top level).
  public static func binding(
    of name: String, in scope: FunctionScope?, globals: GlobalTable, builtins: Set<String>
  ) -> NameBinding? {
    if let scope = scope, let s = scope.slots[name] {
      return .local(slot: s, cell: scope.cellSlots.contains(s))
    }
    if let g = globals.slot(of: name) { return .global(g) }
    if builtins.contains(name) { return .builtin(name) }
    return nil
  }
}

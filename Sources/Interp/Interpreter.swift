// The interpreter: value stack, module globals, and the entry points that run source (calls
// are in Interpreter+Calls.swift).
//
// Design (docs/design.md §"Evaluator"): the AST is compiled once into a tree of node objects
// over resolved slots (see Compiler*.swift). Locals live in one preallocated value stack; a call
// moves `sp` and writes arguments in place, so calls allocate nothing. Every slot at or above
// `sp` holds nil (a frame clears its slots when it returns), which keeps stale references from
// outliving their frame. Recursion depth is a counter checked on every call, so deep recursion is
// a RecursionError and never a Swift stack overflow (the CLI also runs on a thread with a large
// native stack).
import CInterrupt
import Foundation
import Lang
import Tensor

/// The globals of one module: a name table (shared with the resolver) and value storage.
public final class ModuleEnv {
  public let name: String
  public let table = GlobalTable()
  /// Compiled code holds pointers into this storage, so it never moves: it is allocated for
  /// `capacity` globals, and slots are initialized as the table grows (`prepare`). Filling all
  /// 65,536 slots up front was 1.5 MB of page faults and retains on every start-up.
  let storage: UnsafeMutablePointer<Value>
  let capacity: Int
  /// Slots below this hold a value (or `unassigned`).
  private(set) var initialized = 0

  public init(name: String, capacity: Int = 1 << 16) {
    self.name = name
    self.capacity = capacity
    storage = .allocate(capacity: capacity)
  }

  /// Initializes the slots of names the table gained since the last call (the resolver adds
  /// them). Every `Compiler` calls it, so compiled code only ever sees initialized slots.
  func prepare() {
    let n = min(table.count, capacity)
    guard n > initialized else { return }
    (storage + initialized).initialize(repeating: ModuleEnv.unassigned, count: n - initialized)
    initialized = n
  }

  /// What a global slot holds before its first assignment; reading it is a NameError.
  /// (A `cell` never appears in a global slot otherwise.)
  static let unassigned = Value.cell(Cell(.null))

  deinit {
    storage.deinitialize(count: initialized)
    storage.deallocate()
  }

  /// The current value of a global, if defined.
  public func value(of name: String) -> Value? {
    guard let i = table.slot(of: name), i < initialized else { return nil }
    if case .cell = storage[i] { return nil }
    return storage[i]
  }

  /// Sets (defining if needed) a global.
  public func set(_ name: String, _ v: Value) {
    let i = table.define(name)
    prepare()
    if i < initialized { storage[i] = v }
  }
}

/// A call expression's location, made once at compile time and recorded in error call stacks.
public final class CallSite {
  let span: SourceSpan
  let file: SourceFile
  init(_ span: SourceSpan, _ file: SourceFile) {
    self.span = span
    self.file = file
  }
}

/// Runs FSL code. One instance per script, REPL session or golden test.
public final class Interpreter {
  public static let maxDepth = 10_000
  /// `maxDepth` as an instance constant: a static is a lazily initialised global, which costs a
  /// `swift_once` check on every access in the call path.
  let maxDepth = Interpreter.maxDepth
  let stack: UnsafeMutablePointer<Value>
  let stackCapacity = 1 << 21
  var stackInitialized = 0
  var sp = 0
  var depth = 0
  /// Set by `return`, read by the caller.
  var returnValue: Value = .null
  /// Builtin argument arrays by arity, reused across calls (Compiler+BuiltinCalls.swift).
  static let pooledArities = 8
  let argumentPool: UnsafeMutablePointer<[Value]>
  public let builtins: [String: Builtin]
  /// The file the session started with (its path and SHA-256 go into saved figures).
  public var mainFile: SourceFile?
  /// Modules made from builtins with a module name, by name.
  public let modules: [String: Module]
  public let builtinNames: Set<String>
  public var output: OutputSink
  /// Where warnings go (`warn`): standard error, or the cell's output in a notebook.
  public var warnings: OutputSink = StderrSink()
  public var scriptArgs: [String] = []
  public let main: ModuleEnv
  /// Imported modules by absolute path; a module being imported maps to nil (cycle check).
  var imported: [String: Module?] = [:]
  /// Keeps imported modules' globals alive: their functions read them through raw pointers.
  var moduleEnvs: [ModuleEnv] = []

  /// Whether a `Value` holding a class payload stores the object pointer in its first word
  /// (checked once), which lets calls read a closure from its slot without copying the Value.
  static let payloadIsFirstWord: Bool = {
    let cell = Cell(.null)
    let p = UnsafeMutablePointer<Value>.allocate(capacity: 1)
    defer {
      p.deinitialize(count: 1)
      p.deallocate()
    }
    p.initialize(to: .cell(cell))
    return UnsafeRawPointer(p).load(as: UnsafeRawPointer.self)
      == UnsafeRawPointer(Unmanaged.passUnretained(cell).toOpaque())
  }()
  /// Whether Ctrl-C was pressed: loops (every iteration), calls, every builtin's return and long
  /// builtins check it and throw `Interrupted`. It is a C `sig_atomic_t` (CInterrupt) so the
  /// SIGINT handler may set it; reading it is one volatile load. Process-wide: every interpreter
  /// sees the same flag. It stays set until the REPL finishes the input (a script exits), so a
  /// `catch` cannot swallow Ctrl-C: the handler's next check raises it again.
  public var interruptRequested: Bool {
    @inline(__always) get { fsl_interrupt_pending() != 0 }
    set { fsl_interrupt_set(newValue ? 1 : 0) }
  }

  /// Throws `Interrupted` at `span` if Ctrl-C was pressed (after a builtin returns, in a loop).
  @inline(__always) func pollInterrupt(_ span: SourceSpan, _ file: SourceFile) throws {
    if fsl_interrupt_pending() != 0 { throw Interpreter.interrupted(at: span, file) }
  }
  @inline(never) static func interrupted(at span: SourceSpan, _ file: SourceFile) -> RuntimeError {
    RuntimeError("Interrupted", "interrupted", span: span, file: file)
  }
  @inline(never) static func interrupted(at site: CallSite) -> RuntimeError {
    interrupted(at: site.span, site.file)
  }

  public let startTime = Date()
  /// The global random stream: seed 0 at the start of every run (docs/random.md); `seed(n)` resets
  /// it.
  public var random = RandomBox(seed: 0)
  /// The tracer of the innermost `grad` being evaluated, or nil (Tracing.swift).
  public var tracer: Tracer? {
    didSet { isTracing = tracer != nil }
  }
  /// `tracer != nil`, read on every builtin call without retaining the tracer.
  private(set) var isTracing = false

  public init(builtins: [Builtin], output: OutputSink = StdoutSink()) {
    var table: [String: Builtin] = [:]
    for b in builtins where b.module.isEmpty { table[b.name] = b }
    // Builtins with a module (`plot.figure`) become members of a module value bound to the
    // module's name, like a constant builtin.
    var members: [String: [(String, Value)]] = [:]
    var order: [String] = []
    for b in builtins where !b.module.isEmpty {
      if members[b.module] == nil { order.append(b.module) }
      members[b.module, default: []].append((b.name, .builtin(b)))
    }
    var modules: [String: Module] = [:]
    for name in order {
      let m = Module(
        name: name, members: .init(members[name] ?? [], uniquingKeysWith: { a, _ in a }))
      modules[name] = m
      table[name] = Builtin(
        constant: name, .module(m), summary: "The \(name) module.",
        example: "type(\(name))  # -> \"module\"")
    }
    self.modules = modules
    self.builtins = table
    builtinNames = Set(table.keys)
    self.output = output
    main = ModuleEnv(name: "<main>")
    stack = .allocate(capacity: stackCapacity)
    argumentPool = .allocate(capacity: Interpreter.pooledArities)
    argumentPool.initialize(repeating: [], count: Interpreter.pooledArities)
    // Slots are initialized as calls reach them (`ensureStack`): a first touch of each page
    // faults, and 4,096 slots up front (96 KiB) cost about 1 ms of every start-up.
    ensureStack(256)
  }

  deinit {
    argumentPool.deinitialize(count: Interpreter.pooledArities)
    argumentPool.deallocate()
    stack.deinitialize(count: stackInitialized)
    stack.deallocate()
  }

  /// Makes sure slots below `n` are initialized (they start as nil).
  @inline(__always) func ensureStack(_ n: Int) {
    if n > stackInitialized { growStack(n) }
  }

  func growStack(_ n: Int) {
    let target = min(stackCapacity, max(n, stackInitialized * 2))
    (stack + stackInitialized).initialize(repeating: .null, count: target - stackInitialized)
    stackInitialized = target
  }

  public func write(_ s: String) { output.write(s) }

  /// Reports `warning: message` on the warnings sink without stopping the program (a plot that
  /// skipped NaNs, a metric that divided by zero).
  public func warn(_ message: String) { warnings.write("warning: \(message)\n") }

  // MARK: - Running source

  /// What running an input produced.
  public enum Outcome {
    /// The value of a final expression statement, if the input ended with one.
    case value(Value?)
  }

  /// Parses, resolves, compiles and runs `file` in module `env` (the main module by default).
  /// Throws `StaticErrors` or `RuntimeError`. Returns the final expression's value when
  /// `wantLastValue` is set and the input ends with an expression statement.
  @discardableResult
  public func run(_ file: SourceFile, in env: ModuleEnv? = nil, wantLastValue: Bool = false) throws
    -> Value?
  {
    let env = env ?? main
    if env === main && mainFile == nil { mainFile = file }
    return try run(try Interpreter.parse(file), in: env, wantLastValue: wantLastValue)
  }

  /// `file` parsed as a whole program (not an interactive input): StaticErrors if it is not.
  static func parse(_ file: SourceFile) throws -> Program {
    switch Parser.parse(file, interactive: false) {
    case .success(let p): return p
    case .failure(let ds): throw StaticErrors(file: file, diagnostics: ds)
    case .needsMoreInput:
      throw StaticErrors(
        file: file,
        diagnostics: [
          Diagnostic(
            code: "E299", "unexpected end of file",
            span: SourceSpan(file.bytes.count, file.bytes.count))
        ])
    }
  }

  /// Resolves, compiles and runs an already parsed program.
  @discardableResult
  public func run(_ program: Program, in env: ModuleEnv? = nil, wantLastValue: Bool = false) throws
    -> Value?
  {
    try prepare(program, in: env, wantLastValue: wantLastValue)()
  }

  /// Resolves and compiles `program` once and returns a function that runs it (again and
  /// again: the REPL's `%timeit` times only the running).
  public func prepare(_ program: Program, in env: ModuleEnv? = nil, wantLastValue: Bool = false)
    throws -> () throws -> Value?
  {
    let env = env ?? main
    let resolution: Resolution
    switch Resolver.resolve(program, globals: env.table, builtins: builtinNames) {
    case .success(let r): resolution = r
    case .failure(let e): throw e
    }
    if env.table.count > env.capacity {
      throw RuntimeError("MemoryError", "too many global names (limit \(env.capacity))")
    }
    let compiler = Compiler(interp: self, file: program.file, env: env, resolution: resolution)
    let code = compiler.compileTopLevel(program.statements, wantLastValue: wantLastValue)
    return { [unowned self] in
      let base = self.sp
      defer { self.sp = base }
      return try code(self.stack + self.sp)
    }
  }
}

// Bytecode: the register VM's instructions and code objects (issue 11; Lua 5.4's lvm.c is the
// model). A function body or a top-level input compiles to one `CodeObject`: fixed-size
// instructions over registers, which are the function's frame slots (variables first, then
// temporaries), constants per code object, and a source span per instruction for diagnostics.
// Constructs the VM has no instruction for yet run as closures from the closure compiler
// (`expr`, `stmt`), on the same frame.
import Lang

/// An operation. Operands: `a`, `b`, `c` (32 bits) and `x` (16 bits).
/// "RK" operands are a register when ≥ 0, constant `~r` down to `Operand.firstGlobal`, and
/// below that a global (`Operand.global`; arithmetic and comparisons only).
enum Op: UInt8 {
  /// R[a] = R[b] (a copy).
  case move
  /// R[a] = K[b].
  case loadK
  /// R[a] = global b (NameError if unassigned); global b = RK[c].
  case getGlobal, setGlobal
  /// R[a] = RK[b] op RK[c].
  case add, sub, mul, div, mod, floorDiv, pow, matmul
  /// R[a] = RK[b] % K[c] for a positive integral constant, whose reciprocal is K[c + 1].
  case modK
  case eq, ne, lt, le, gt, ge
  /// R[a] = op RK[b].
  case neg, not
  /// Jump to a; `loop` is a backward jump that polls Ctrl-C.
  case jump, loop
  /// Jump to a unless RK[b] is truthy.
  case jumpIfFalse
  /// Jump to a unless RK[b] op RK[c].
  case jumpUnlessEq, jumpUnlessNe, jumpUnlessLt, jumpUnlessLe, jumpUnlessGt, jumpUnlessGe
  /// `for v in range(…)`: R[a], R[a+1], R[a+2] hold the x arguments; they become start, count
  /// and step, R[a+3] the counter. Both store the next number in b (a register, or global ~b)
  /// and go on with the body, or jump to c when the range is done (`forLoop`: jump back to c
  /// while it is not).
  case forPrep, forLoop
  /// R[a] = call R[b] (or global ~b) with x arguments from R[c].
  case call
  /// R[a] = builtin plan b with x arguments from R[c]; `callScalar`: one RK argument c.
  case callBuiltin, callScalar
  /// R[a] = RK[b][RK[c]]; R[a][RK[b]] = RK[c] (R[a] a variable's register, or global ~a).
  case getIndex, setIndex
  /// R[a] = RK[b].field(c); R[a].field(b) = RK[c] (R[a] or global ~a).
  case getField, setField
  /// R[a] = bracket literal of x registers from R[b].
  case newList
  /// R[a] = closure-compiled expression b.
  case expr

  /// Closure-compiled statement a; on break jump to b, on continue to c.
  case stmt
  /// Return RK[a] (`returnNil`: nil); `end`: fall off the end.
  case ret, returnNil, end
}

/// The encoding of RK operands.
enum Operand {
  static let firstGlobal: Int32 = -(1 << 24)
  /// The operand for global `g`.
  static func global(_ g: Int32) -> Int32 { firstGlobal - 1 - g }
  /// The global index of operand `r` (< firstGlobal).
  @inline(__always) static func globalIndex(_ r: Int32) -> Int { Int(firstGlobal - 1 - r) }
}

/// One instruction: 16 bytes.
struct Instr {
  var op: Op
  var x: UInt16 = 0
  var a: Int32 = 0
  var b: Int32 = 0
  var c: Int32 = 0
}

/// A compiled body: instructions, constants and the side tables instructions index.
final class CodeObject {
  let name: String
  let file: SourceFile
  var code: [Instr] = []
  var spans: [SourceSpan] = []
  var constants: [Value] = []
  /// Registers below this are variables; temporaries (consumed when read) start here.
  var firstTemp: Int32 = 0
  var registerCount = 0
  var globals: [UnsafeMutablePointer<Value>] = []
  var globalNames: [String] = []
  var exprs: [CompiledExpr] = []
  var blocks: [CompiledBlock] = []
  var plans: [BuiltinSite] = []
  /// The place a `setField`/`setIndex` at this pc changes when its fast path does not apply.
  var places: [Int: CompiledPlace] = [:]
  var fields: [FieldSite] = []
  var sites: [Int: CallSite] = [:]
  /// Set once emission ends: raw copies the dispatch loop reads without bounds checks.
  private(set) var codeBuffer = UnsafeMutablePointer<Instr>.allocate(capacity: 1)
  private(set) var constantBuffer = UnsafeMutablePointer<Value>.allocate(capacity: 1)
  private(set) var callSites: [CallSite?] = []
  private(set) var globalBuffer = UnsafeMutablePointer<UnsafeMutablePointer<Value>>.allocate(
    capacity: 1)
  /// Layout facts the in-place fast paths depend on (checked once per process).
  let inPlace = Compiler.inPlaceLayout
  let f64Tag = Compiler.f64TensorTag
  let dictInPlace = Compiler.inPlaceLayout && Compiler.dictInPlace
  let payloadIsFirstWord = Interpreter.payloadIsFirstWord

  init(name: String, file: SourceFile) {
    self.name = name
    self.file = file
    constantBuffer.initialize(to: .null)
  }

  func finish() {
    codeBuffer.deallocate()
    codeBuffer = .allocate(capacity: max(code.count, 1))
    codeBuffer.initialize(from: code, count: code.count)
    constantBuffer.deinitialize(count: 1)
    constantBuffer.deallocate()
    constantBuffer = .allocate(capacity: max(constants.count, 1))
    constantBuffer.initialize(from: constants, count: constants.count)
    if constants.isEmpty { constantBuffer.initialize(to: .null) }
    callSites = code.indices.map { sites[$0] }
    globalBuffer.deallocate()
    globalBuffer = .allocate(capacity: max(globals.count, 1))
    globalBuffer.initialize(from: globals, count: globals.count)
  }

  deinit {
    globalBuffer.deallocate()
    codeBuffer.deallocate()
    constantBuffer.deinitialize(count: max(constants.count, 1))
    constantBuffer.deallocate()
  }
}

/// A builtin call site: the builtin and its arguments' binding.
final class BuiltinSite {
  let builtin: Builtin
  let plan: BuiltinCallPlan
  init(_ builtin: Builtin, _ plan: BuiltinCallPlan) {
    self.builtin = builtin
    self.plan = plan
  }
}

/// A field access site: the key and its inline cache.
final class FieldSite {
  let name: String
  let cache = FieldCache()
  init(_ name: String) { self.name = name }
}

// Value: the runtime representation of every FSL value, and the value model.
//
// Value model (docs/design.md §"Value model"). Assignment never aliases: every value behaves as if
// copied on assignment. Numbers, bools and nil are stored inline. Strings and lists use Swift's own
// copy-on-write storage; dicts use `FDict` (FDict.swift), a class box with an explicit
// `ensureUnique` step. A table (`FTable`, a foreign object) never changes once made: `t.c = v`
// stores a new table, so sharing one is unobservable.
// Copies are therefore O(1) until someone mutates, and a mutation of a uniquely held value
// (`xs.push(v)`, `x[i] = v`, `d.k = v`) happens in place: the compiler moves the value out of
// its variable (leaving nil behind) before mutating, so the storage stays uniquely referenced.
// Functions, builtins and modules are reference types, but immutable from FSL, so sharing them
// is unobservable. Foreign objects (figures, optimizers, `rng` streams) are references too, and
// shared on purpose: `b = a` on a figure or a stream names the same one, as in Python. `cell` is
// internal: a slot that holds a captured variable stores the shared `Cell`, and no FSL
// expression ever evaluates to it. Tensors (`Tensor`, a struct over a shared
// buffer) follow the same rule: copies share the buffer until one of them writes.
import Collections
import Lang
import Tensor

/// Every FSL value.
public enum Value {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case list([Value])
  case dict(FDict)
  case function(Closure)
  case builtin(Builtin)
  case module(Module)
  /// An n-d array (docs/tensors.md); see Tensor.swift for its value model.
  case tensor(Tensor)
  /// An object owned by a library layer (a figure, a random stream) or a table; see
  /// `ForeignObject`.
  case object(ForeignObject)
  /// Internal: a captured variable's shared box, only ever stored in frame slots.
  case cell(Cell)

  /// The name `type(x)` returns.
  public var typeName: String {
    switch self {
    case .null: return "nil"
    case .bool: return "bool"
    case .number: return "number"
    case .string: return "string"
    case .list: return "list"
    case .dict: return "dict"
    case .function, .builtin: return "function"
    case .module: return "module"
    case .tensor: return "tensor"
    case .object(let o): return o.typeName
    case .cell(let c): return c.value.typeName
    }
  }

  /// Python-style truthiness: nil, false, 0, "", [] and {} are false.
  public var isTruthy: Bool {
    switch self {
    case .bool(let b): return b
    case .null: return false
    case .number(let d): return d != 0
    case .string(let s): return !s.isEmpty
    case .list(let xs): return !xs.isEmpty
    case .dict(let d): return d.count > 0
    case .tensor(let t): return t.isTruthy
    case .object(let o): return o.isTruthy
    default: return true
    }
  }
}

/// A mutable box shared between a frame and the closures that capture one of its variables.
public final class Cell {
  public var value: Value
  public init(_ value: Value) { self.value = value }
}

/// A namespace: `fed`, `plot`, or a file brought in with `import "x.fsl" as m`.
public final class Module {
  public let name: String
  public var members: OrderedDictionary<String, Value>
  public let doc: String
  public init(name: String, members: OrderedDictionary<String, Value>, doc: String = "") {
    self.name = name
    self.members = members
    self.doc = doc
  }
}

/// A compiled function body plus the facts needed to call it.
public final class FunctionProto {
  public let name: String
  public let paramNames: [String]
  public let slotCount: Int
  public let doc: String?
  public let decl: FunctionDecl
  public let file: SourceFile
  /// Slots that must hold a fresh cell on entry (captured locals, parameters included).
  let cellLocals: [Int]
  /// Upvalue slots, filled from the closure's cells on entry.
  let upvalueSlots: [Int]
  let body: CompiledBlock
  /// `paramNames.count` and "has cell or upvalue slots", read on every call.
  let paramCount: Int
  let hasCells: Bool

  init(
    name: String, paramNames: [String], slotCount: Int, doc: String?, decl: FunctionDecl,
    file: SourceFile, cellLocals: [Int], upvalueSlots: [Int], body: CompiledBlock
  ) {
    self.body = body
    self.paramCount = paramNames.count
    self.hasCells = !cellLocals.isEmpty || !upvalueSlots.isEmpty
    self.name = name
    self.paramNames = paramNames
    self.slotCount = slotCount
    self.doc = doc
    self.decl = decl
    self.file = file
    self.cellLocals = cellLocals
    self.upvalueSlots = upvalueSlots
  }
}

/// A function value: its prototype, the defaults evaluated at definition, and captured cells.
public final class Closure {
  public let proto: FunctionProto
  public let defaults: [Value?]
  let cells: [Cell]
  init(proto: FunctionProto, defaults: [Value?], cells: [Cell]) {
    self.proto = proto
    self.defaults = defaults
    self.cells = cells
  }
}

/// The state of an `rng(seed)` stream, a foreign object: `b = a` and copies of the value draw
/// from the same stream (as a NumPy Generator object is aliased); `seed=` on a call makes a fresh
/// stream instead. `r.rand(2)` is `rand(2, rng=r)`: its methods are the builtins with a parameter
/// of kind "rng" (`Builtin.streamParam`), so `methodModule` names no module.
public final class RandomBox: ForeignObject {
  public var stream: RandomStream
  public let seed: UInt64
  public init(seed: UInt64) {
    self.seed = seed
    stream = RandomStream(seed: seed)
  }
  public var typeName: String { "rng" }
  public var repr: String { "<rng seed=\(seed)>" }
  public var methodModule: String { "" }
}

/// A value the interpreter only holds and passes around, defined by a layer above it (a plot
/// figure). `x.f(a)` on one calls `f(x, a)` from the module named by `methodModule`.
public protocol ForeignObject: AnyObject {
  /// What `type(x)` returns, e.g. "figure".
  var typeName: String { get }
  /// The printed form, e.g. `<figure 3.25×2.01 in>`.
  var repr: String { get }
  /// The module whose functions serve as methods (`plot` for figures); "": the builtins, with
  /// the object first (`t.head(3)` is `head(t, 3)`).
  var methodModule: String { get }
  /// What `if x` sees; true unless the object says otherwise (an empty table is false).
  var isTruthy: Bool { get }
}

extension ForeignObject {
  public var isTruthy: Bool { true }
}

extension Value {
  /// A table value: tables are foreign objects (`FTable`), immutable once made.
  public static func table(_ t: FTable) -> Value { .object(t) }
  /// The table this value is, if it is one.
  public var asTable: FTable? {
    if case .object(let o) = self { return o as? FTable }
    return nil
  }
}

/// A foreign object that `x[i]` or `x[i, j]` indexes (a subplot grid's panels).
public protocol IndexableObject: ForeignObject {
  func item(_ index: [Value]) throws -> Value
}

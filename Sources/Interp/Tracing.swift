// Hooks for reverse-mode autodiff (`grad`, docs/nn.md). The tape itself lives in Builtins/NN; the
// interpreter only knows that some foreign objects are traced values and hands every operation
// on one to the tracer that made it.
//
// Cost model: plain evaluation pays nothing on the number fast paths. Operators and indexing
// test for `.object` only on their generic paths; builtin calls test `Interpreter.tracer` for nil.
import Lang

/// Records operations on traced values while a gradient is being computed.
public protocol Tracer: AnyObject {
  /// `a op b` where at least one side is a traced value.
  func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value
  /// `op v` for a traced value.
  func unary(_ op: UnaryOp, _ v: TracedValue) throws -> Value
  /// `v[items]`: `apply` performs the same indexing on any plain value.
  func index(_ v: TracedValue, _ apply: @escaping (Value) throws -> Value) throws -> Value
  /// `v.T` (the other fields of a tensor depend only on its shape and dtype).
  func transpose(_ v: TracedValue) throws -> Value
  /// A builtin called with traced values somewhere in its arguments.
  func call(_ b: Builtin, _ a: inout Arguments) throws -> Value
  /// True when `v` (or a list/dict inside it) holds a value traced by this tracer.
  func involves(_ v: Value) -> Bool
}

/// A value whose operations are recorded (a tensor inside `grad`).
public protocol TracedValue: ForeignObject {
  var tracer: Tracer { get }
  /// The plain value it stands for.
  var primal: Value { get }
}

extension Value {
  /// The traced value inside, if this is one.
  @inline(__always) public var traced: TracedValue? {
    if case .object(let o) = self { return o as? TracedValue }
    return nil
  }
}

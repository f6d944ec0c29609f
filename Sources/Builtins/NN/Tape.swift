// The reverse-mode tape behind `grad` (docs/nn.md). `grad(f)(x)` wraps x's float tensors and
// numbers as `Traced` values, makes a fresh `Tape` the active tracer (Interp/Tracing.swift),
// and calls f. Every operator, index, field or builtin applied to a traced value computes its
// result on the plain values and appends a node holding the parents' ids and a backward closure
// (a vector–Jacobian product). `backward` then walks the nodes once in reverse.
//
// Nothing is recorded outside `grad`: plain values never reach the tape. Gradients are f64
// whatever the dtype of the primal and are cast back at the leaves.
import Interp
import Lang
import Tensor

/// One recorded operation.
struct TapeNode {
  /// Ids of the nodes whose values it read (one per gradient `backward` returns).
  let parents: [Int]
  /// The gradient w.r.t. each parent from the gradient w.r.t. the output (nil: none).
  let backward: (Tensor) throws -> [Tensor?]
}

/// A tensor (or number) whose operations are recorded on `tape`.
final class Traced: TracedValue {
  let value: Tensor
  let id: Int
  let tape: Tape
  init(_ value: Tensor, id: Int, tape: Tape) {
    self.value = value
    self.id = id
    self.tape = tape
  }
  var tracer: Tracer { tape }
  var primal: Value { Value.wrapping(value) }
  var typeName: String { primal.typeName }
  var repr: String { primal.repr }
  var methodModule: String { "" }
}

final class Tape: Tracer {
  private(set) var nodes: [TapeNode] = []
  /// Set when the `grad` call that made the tape returns; escaped values then act as constants.
  var closed = false
  unowned let interp: Interpreter

  init(interp: Interpreter) { self.interp = interp }

  /// A new input of the computation.
  func leaf(_ t: Tensor) -> Traced {
    nodes.append(TapeNode(parents: [], backward: { _ in [] }))
    return Traced(t, id: nodes.count - 1, tape: self)
  }

  /// Records `out` as computed from `parents`; plain (untraced) when no parent is traced.
  func record(_ out: Tensor, _ parents: [Int?], _ backward: @escaping (Tensor) throws -> [Tensor?])
    -> Value
  {
    guard !closed, out.dtype.isFloat else { return Value.wrapping(out) }
    let ids = parents.compactMap { $0 }
    guard !ids.isEmpty else { return Value.wrapping(out) }
    let mask = parents.map { $0 != nil }
    nodes.append(
      TapeNode(parents: ids) { g in
        var all = try backward(g)
        if all.count < mask.count {
          all += [Tensor?](repeating: nil, count: mask.count - all.count)
        }
        return zip(all, mask).filter { $0.1 }.map { $0.0 }
      })
    return .object(Traced(out, id: nodes.count - 1, tape: self))
  }

  /// The id of `v` if it is traced by this tape; an error for another tape's values.
  func id(_ v: Value) throws -> Int? {
    guard let t = v.traced else { return nil }
    // A value that escaped a finished grad is a constant here.
    if let other = t as? Traced, other.tape !== self, other.tape.closed { return nil }
    guard let mine = t as? Traced, mine.tape === self else {
      throw RuntimeError.type(
        "a value traced by an outer grad reached an inner grad; nested (higher-order) grad is "
          + "not supported")
    }
    return mine.id
  }

  func involves(_ v: Value) -> Bool {
    switch v {
    case .object(let o): return o is TracedValue
    case .list(let xs): return xs.contains { involves($0) }
    case .dict(let d): return d.contains { involves($0.value) }
    default: return false
    }
  }

  /// `v` with every traced value inside replaced by its plain value.
  static func strip(_ v: Value) -> Value {
    switch v {
    case .object(let o): return (o as? TracedValue)?.primal ?? v
    case .list(let xs): return .list(xs.map(strip))
    case .dict(let d): return .dict(d.mapValues(strip))
    default: return v
    }
  }

  // MARK: - Tracer

  func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
    for v in [a, b] where v.traced == nil && involves(v) {
      throw RuntimeError.type(
        "'\(op.rawValue)' is not differentiable for traced values inside a list; build a tensor "
          + "with stack() or tensor() first")
    }
    let (ia, ib) = (try id(a), try id(b))
    let pa = Tape.strip(a)
    let pb = Tape.strip(b)
    let out = try binaryOp(op, pa, pb)
    guard let rule = GradRules.binary(op), let o = out.asTensorOperand else { return out }
    guard let x = pa.asTensorOperand, let y = pb.asTensorOperand else { return out }
    let need = (ia != nil, ib != nil)
    return record(o, [ia, ib]) { g in try rule(x, y, o, g, need) }
  }

  func unary(_ op: UnaryOp, _ v: TracedValue) throws -> Value {
    let p = v.primal
    switch op {
    case .pos: return .object(v)
    case .not: return try unaryOp(.not, p)
    case .neg:
      let out = try unaryOp(.neg, p)
      guard let o = out.asTensorOperand else { return out }
      return record(o, [try id(.object(v))]) { g in [try GradMath.neg(g)] }
    }
  }

  func index(_ v: TracedValue, _ apply: @escaping (Value) throws -> Value) throws -> Value {
    let out = try apply(v.primal)
    guard let o = out.asTensorOperand, let t = v as? Traced else { return out }
    let shape = t.value.shape
    return record(o, [try id(.object(v))]) { g in
      // Which input element each output element came from: index the positions the same way.
      guard let pos = try apply(GradRules.positions(shape)).asTensorOperand else { return [nil] }
      return [try GradMath.scatterAdd(g, positions: pos, shape: shape)]
    }
  }

  func transpose(_ v: TracedValue) throws -> Value {
    guard let t = v as? Traced else { return .null }
    let out = try tensorCall { try t.value.transposed() }
    return record(out, [t.id]) { g in [try tensorCall { try g.transposed() }] }
  }

  func call(_ b: Builtin, _ a: inout Arguments) throws -> Value {
    let name = b.fullName
    // After its grad has returned, the tape's values are constants to every builtin.
    let rule =
      closed ? .constant : GradBuiltins.isTransform(b) ? .composite : GradRules.builtins[name]
    switch rule {
    case .composite?: return try b.body(&a)
    case .constant?:
      a.values = a.values.map(Tape.strip)
      return try b.body(&a)
    case .vjp(let rule)?:
      // One parent slot per argument, or per item for list arguments (stack, concat).
      var parents: [Int?] = []
      var items: [[[Int]]?] = []
      for v in a.values {
        if case .list(let xs) = v {
          for x in xs where x.traced == nil && involves(x) { throw nested(name) }
          parents += try xs.map { try id($0) }
          items.append(xs.map { Tape.strip($0).asTensorOperand?.shape ?? [] })
        } else {
          if v.traced == nil && involves(v) { throw nested(name) }
          parents.append(try id(v))
          items.append(nil)
        }
      }
      var plain = a
      plain.values = a.values.map(Tape.strip)
      let out = try b.body(&plain)
      guard let o = out.asTensorOperand, o.dtype.isFloat else { return out }
      let args = plain
      return record(o, parents) { g in Tape.split(try rule(args, o, g), items) }
    case nil:
      let which = zip(b.params, a.values).first { involves($0.1) }.map {
        " (argument '\($0.0.name)')"
      }
      throw RuntimeError.type(
        "\(name) is not differentiable: it got a traced tensor inside grad\(which ?? "")")
    }
  }

  /// Per-argument gradients spread over the parent slots: a list argument's gradient holds its
  /// items' elements in order (or just the first item's).
  static func split(_ grads: [Tensor?], _ items: [[[Int]]?]) -> [Tensor?] {
    var out: [Tensor?] = []
    for (i, shapes) in items.enumerated() {
      let g = i < grads.count ? grads[i] : nil
      guard let shapes = shapes else {
        out.append(g)
        continue
      }
      let flat = g.map { GradMath.f64($0).doubles } ?? []
      var offset = 0
      for s in shapes {
        let n = s.reduce(1, *)
        out.append(
          offset + n <= flat.count ? Tensor(shape: s, f64: Array(flat[offset..<offset + n])) : nil)
        offset += n
      }
    }
    return out
  }

  /// Traced values deeper than one list level are not followed by gradient rules.
  func nested(_ name: String) -> RuntimeError {
    RuntimeError.type(
      "\(name) is not differentiable for traced values inside nested lists or dicts; "
        + "build the rows with stack() first")
  }

  // MARK: - Backward

  /// Gradients of the scalar `out` w.r.t. every node (nil where none flows).
  func backward(from out: Traced) throws -> [Tensor?] {
    var grads = [Tensor?](repeating: nil, count: nodes.count)
    grads[out.id] = Tensor(
      shape: out.value.shape, f64: [Double](repeating: 1, count: out.value.count))
    for i in stride(from: out.id, through: 0, by: -1) {
      guard let g = grads[i] else { continue }
      let node = nodes[i]
      if node.parents.isEmpty { continue }
      grads[i] = nil
      let gs = try node.backward(g)
      for (p, gp) in zip(node.parents, gs) {
        guard let gp = gp else { continue }
        if let acc = grads[p] {
          grads[p] = try GradMath.add(acc, gp)
        } else {
          grads[p] = gp
        }
      }
      if interp.interruptRequested { throw RuntimeError("Interrupted", "interrupted") }
    }
    return grads
  }
}

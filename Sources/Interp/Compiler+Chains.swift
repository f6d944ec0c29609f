// Long operator chains (`1 + 1 + … + 1`, `a and b and …`) compile to one loop over their operands
// instead of a closure per operator nested as deep as the chain is long.
//
// The parser builds `a + b + c` left-deep: compiled node by node, a chain of 100,000 operators
// recursed 100,000 levels at compile time and again at run time. A chain of `chainThreshold`
// operators or more becomes a list of steps run in a loop; shorter chains (all normal code) keep
// their specialised closures and numeric fast paths. The loop keeps the nested form's meaning:
// operands are evaluated left to right, each operator's error points at its own node (from the
// chain's start to that operator's right operand), `and`/`or` short-circuit and work
// elementwise on tensors. Adding a string or a list to the running result appends in place,
// so `"a" + "a" + … + "a"` is linear rather than quadratic.
import Lang
import Tensor

extension Compiler {
  /// Chains with at least this many operators are compiled as a loop.
  static let chainThreshold = 32

  /// Whether `e` is a binary or logical node heading a chain compiled as a loop.
  static func isLongChain(_ e: Expr) -> Bool {
    OperatorChain.length(of: e, upTo: chainThreshold) >= chainThreshold
  }

  /// One operator of a compiled chain.
  struct ChainStep {
    enum Kind {
      case binary(BinaryOp)
      case and, or
    }
    let kind: Kind
    let operand: CompiledExpr
    /// The operator node's span, where its errors point.
    let span: SourceSpan
    /// Whether the left value is a temporary the operator may take over (a tensor result is
    /// then computed in place); false only when the chain starts with a variable.
    let consumesLeft: Bool
  }

  func compileChain(_ chain: OperatorChain) -> CompiledExpr {
    let first = compileExpr(chain.first)
    let firstIsName = isName(chain.first)
    var steps: [ChainStep] = []
    steps.reserveCapacity(chain.links.count)
    for (i, link) in chain.links.enumerated() {
      let kind: ChainStep.Kind
      switch link.op {
      case .binary(let op): kind = .binary(op)
      case .logical(let op): kind = op == .and ? .and : .or
      }
      steps.append(
        ChainStep(
          kind: kind, operand: compileExpr(link.operand), span: link.span,
          consumesLeft: i > 0 || !firstIsName))
    }
    let file = self.file
    return CompiledExpr { f in
      var x = try first.run(f)
      for s in steps {
        switch s.kind {
        case .binary(let op):
          let y = try s.operand.run(f)
          if op != .matmul, case .number(let p) = x, case .number(let q) = y {
            x = op.isComparison ? .bool(compareNumbers(op, p, q)) : .number(arith(op, p, q))
          } else if op == .add, Compiler.appendInPlace(&x, y) {
            continue
          } else if op == .eq || op == .ne, let r = nilEquality(x, y) {
            x = .bool(r == (op == .eq))
          } else {
            x = try Compiler.chainBinary(op, x, y, s, file)
          }
        case .and:
          if case .tensor = x {
            x = try Compiler.chainElementwise(.and, x, try s.operand.run(f), s, file)
          } else if x.isTruthy {
            x = try s.operand.run(f)
          }
        case .or:
          if case .tensor = x {
            x = try Compiler.chainElementwise(.or, x, try s.operand.run(f), s, file)
          } else if !x.isTruthy {
            x = try s.operand.run(f)
          }
        }
      }
      return x
    }
  }

  /// `x + y` for two strings or two lists, appended to `x` in place (its storage is uniquely
  /// held once the first step has copied it). False for any other operands.
  static func appendInPlace(_ x: inout Value, _ y: Value) -> Bool {
    if case .string(let t) = y, case .string(var s) = x {
      x = .null
      s += t
      x = .string(s)
      return true
    }
    if case .list(let ys) = y, case .list(var xs) = x {
      x = .null
      xs += ys
      x = .list(xs)
      return true
    }
    return false
  }

  /// The generic case of a chain's binary operator (as `compileBinary`'s fallback).
  static func chainBinary(
    _ op: BinaryOp, _ x: consuming Value, _ y: Value, _ s: ChainStep, _ file: SourceFile
  ) throws -> Value {
    do {
      if s.consumesLeft, case .tensor = x, !op.isComparison, op != .matmul {
        return try Operators.tensorBinaryConsuming(op, consume x, y)
      }
      return try Operators.binary(op, x, y)
    } catch let e as RuntimeError {
      throw e.located(s.span, file)
    }
  }

  /// `and`/`or` with a tensor on the left: elementwise.
  static func chainElementwise(
    _ kernel: BinaryKernel, _ x: Value, _ y: Value, _ s: ChainStep, _ file: SourceFile
  ) throws -> Value {
    do { return try Operators.tensorBinary(kernel, x, y) } catch let e as RuntimeError {
      throw e.located(s.span, file)
    }
  }
}

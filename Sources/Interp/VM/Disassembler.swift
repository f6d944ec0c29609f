// `fsl --dump-bytecode FILE`: a listing of every code object, as `luac -l` prints Lua's.
import Lang

extension CodeObject {
  /// The listing of this code object: one line per instruction with its source line:column.
  func listing() -> String {
    var out = "\(name) (\(file.path)): \(code.count) instructions, \(registerCount) registers "
    out += "(\(firstTemp) variables), \(constants.count) constants\n"
    for (pc, i) in code.enumerated() {
      let (line, col) = file.location(of: spans[pc].start)
      let loc = "\(line):\(col)".padding(toLength: 8, withPad: " ", startingAt: 0)
      let op = "\(i.op)".padding(toLength: 14, withPad: " ", startingAt: 0)
      out += "  \(String(pc).leftPadded(5))  \(loc) \(op)\(operands(i))\n"
    }
    return out
  }

  private func rk(_ r: Int32) -> String {
    if r >= 0 { return "r\(r)" }
    if r < Operand.firstGlobal { return global(Int32(Operand.globalIndex(r))) }
    let k = Int(~r)
    return k < constants.count ? "k\(k)(\(constants[k].repr))" : "k\(k)"
  }

  private func global(_ g: Int32) -> String {
    let i = Int(g)
    return i < globalNames.count ? "g:\(globalNames[i])" : "g\(i)"
  }

  private func place(_ r: Int32) -> String { r >= 0 ? "r\(r)" : global(~r) }

  private func operands(_ i: Instr) -> String {
    switch i.op {
    case .move: return "r\(i.a) r\(i.b)"
    case .loadK: return "r\(i.a) \(rk(i.b))"
    case .getGlobal: return "r\(i.a) \(global(i.b))"
    case .setGlobal: return "\(global(i.a)) \(rk(i.c))"
    case .add, .sub, .mul, .div, .mod, .modK, .floorDiv, .pow, .matmul:
      return "r\(i.a) \(rk(i.b)) \(rk(i.c))"
    case .eq, .ne, .lt, .le, .gt, .ge:
      return "r\(i.a) \(rk(i.b)) \(rk(i.c))"
    case .neg, .not: return "r\(i.a) \(rk(i.b))"
    case .jump, .loop: return "→\(i.a)"
    case .jumpIfFalse: return "\(rk(i.b)) →\(i.a)"
    case .jumpUnlessEq, .jumpUnlessNe, .jumpUnlessLt, .jumpUnlessLe, .jumpUnlessGt,
      .jumpUnlessGe:
      return "\(rk(i.b)) \(rk(i.c)) →\(i.a)"
    case .forPrep: return "r\(i.a) \(place(i.b)) (\(i.x) arguments) done →\(i.c)"
    case .forLoop: return "r\(i.a) \(place(i.b)) body →\(i.c)"
    case .call: return "r\(i.a) \(place(i.b)) r\(i.c)…+\(i.x)"
    case .callBuiltin:
      return "r\(i.a) \(plans[Int(i.b)].builtin.name) r\(i.c)…+\(i.x)"
    case .callScalar: return "r\(i.a) \(plans[Int(i.b)].builtin.name) \(rk(i.c))"
    case .getIndex: return "r\(i.a) \(rk(i.b))[\(rk(i.c))]"
    case .setIndex: return "\(place(i.a))[\(rk(i.b))] \(rk(i.c))"
    case .getField: return "r\(i.a) \(rk(i.b)).\(fields[Int(i.c)].name)"
    case .setField: return "\(place(i.a)).\(fields[Int(i.b)].name) \(rk(i.c))"
    case .newList: return "r\(i.a) r\(i.b)…+\(i.x)"
    case .expr: return "r\(i.a) closure \(i.b)"
    case .stmt: return "closure \(i.a) break →\(i.b) continue →\(i.c)"
    case .ret: return rk(i.a)
    case .returnNil, .end: return ""
    }
  }
}

extension String {
  fileprivate func leftPadded(_ n: Int) -> String {
    count >= n ? self : String(repeating: " ", count: n - count) + self
  }
}

extension Interpreter {
  /// Compiles `file` without running it and lists the bytecode of its top level and of every
  /// function in it, in the order they were compiled.
  public func bytecodeListing(_ file: SourceFile) throws -> String {
    var listings: [String] = []
    codeLog = { listings.append($0.listing()) }
    defer { codeLog = nil }
    switch Parser.parse(file, interactive: false) {
    case .success(let p): _ = try prepare(p)
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
    // The top level finishes last (functions finish while it is emitted): list it first.
    let top = listings.popLast().map { [$0] } ?? []
    return (top + listings).joined(separator: "\n")
  }
}

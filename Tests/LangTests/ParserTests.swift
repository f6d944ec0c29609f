// Tests for the parser on valid input: precedence, statements, same-line statements, literals.

import XCTest

@testable import Lang

/// Parses `src` (which must be valid) and returns its AST dump without the final newline:
/// one line per statement, or `dumpAST`'s indented form with `pretty`.
func ast(
  _ src: String, pretty: Bool = false, file: StaticString = #filePath, line: UInt = #line
) -> String {
  let f = SourceFile(path: "t.fsl", text: src)
  switch Parser.parse(f) {
  case .success(let p):
    if !pretty { return p.statements.map { SExpr.stmt($0).flat }.joined(separator: "\n") }
    var s = dumpAST(p)
    if s.hasSuffix("\n") { s.removeLast() }
    return s
  case .failure(let ds):
    XCTFail("parse failed: \(ds.map(\.message))", file: file, line: line)
  case .needsMoreInput:
    XCTFail("needs more input", file: file, line: line)
  }
  return ""
}

/// Parses `src` (which must be valid) and returns its statements.
func statements(_ src: String, file: StaticString = #filePath, line: UInt = #line) -> [Stmt] {
  if case .success(let p) = Parser.parse(SourceFile(path: "t.fsl", text: src)) {
    return p.statements
  }
  XCTFail("parse failed", file: file, line: line)
  return []
}

/// The AST dump of a single expression.
func exprAST(_ src: String, file: StaticString = #filePath, line: UInt = #line) -> String {
  ast(src, file: file, line: line)
}

final class ParserTests: XCTestCase {
  func testArithmeticPrecedence() {
    XCTAssertEqual(exprAST("1 + 2 * 3"), "(+ (number 1) (* (number 2) (number 3)))")
    XCTAssertEqual(exprAST("1 - 2 - 3"), "(- (- (number 1) (number 2)) (number 3))")
    XCTAssertEqual(
      exprAST("a / b // c % d @ e"), "(@ (% (// (/ (name a) (name b)) (name c)) (name d)) (name e))"
    )
    XCTAssertEqual(exprAST("(1 + 2) * 3"), "(* (+ (number 1) (number 2)) (number 3))")
  }

  func testPowerAndUnary() {
    XCTAssertEqual(exprAST("-2^2"), "(neg (^ (number 2) (number 2)))")
    XCTAssertEqual(exprAST("2^-1"), "(^ (number 2) (neg (number 1)))")
    XCTAssertEqual(exprAST("2^3^2"), "(^ (number 2) (^ (number 3) (number 2)))")
    XCTAssertEqual(exprAST("-a * b"), "(* (neg (name a)) (name b))")
    XCTAssertEqual(exprAST("+x"), "(pos (name x))")
    XCTAssertEqual(exprAST("- -x"), "(neg (neg (name x)))")
    XCTAssertEqual(exprAST("-x[1]^2"), "(neg (^ (index (name x) (number 1)) (number 2)))")
    XCTAssertEqual(exprAST("a * -b"), "(* (name a) (neg (name b)))")
  }

  func testLogicAndComparison() {
    XCTAssertEqual(
      exprAST("a < b and not c == d or e"),
      "(or (and (< (name a) (name b)) (not (== (name c) (name d)))) (name e))")
    XCTAssertEqual(exprAST("a == b != c"), "(!= (== (name a) (name b)) (name c))")
    XCTAssertEqual(
      exprAST("a + 1 >= b * 2"), "(>= (+ (name a) (number 1)) (* (name b) (number 2)))")
    XCTAssertEqual(exprAST("not not a"), "(not (not (name a)))")
    XCTAssertEqual(exprAST("a or b or c"), "(or (or (name a) (name b)) (name c))")
  }

  func testPostfix() {
    XCTAssertEqual(
      exprAST("f(x, lr=0.1)"), "(call (name f) (name x) (kw lr (number 0.1)))")
    XCTAssertEqual(
      exprAST("a.b.c(1)[2]"), "(index (call (field (field (name a) b) c) (number 1)) (number 2))")
    XCTAssertEqual(
      exprAST("x[i, 1:3, ::2, ..., :]"),
      "(index (name x) (name i) (slice (number 1) (number 3) _) (slice _ _ (number 2)) ... "
        + "(slice _ _ _))")
    XCTAssertEqual(
      exprAST("x[:-1, 2:]"), "(index (name x) (slice _ (neg (number 1)) _) (slice (number 2) _ _))")
    XCTAssertEqual(exprAST("x[1,]"), "(index (name x) (number 1))")
    XCTAssertEqual(exprAST("f()"), "(call (name f))")
    XCTAssertEqual(exprAST("f(1,)"), "(call (name f) (number 1))")
    // Keywords may label arguments, as Python's `end=` in print.
    XCTAssertEqual(
      exprAST("print(x, end=\"\")"), "(call (name print) (name x) (kw end (string \"\")))")
  }

  func testLiterals() {
    XCTAssertEqual(exprAST("[1, 2,]"), "(list (number 1) (number 2))")
    XCTAssertEqual(exprAST("[]"), "(list)")
    XCTAssertEqual(
      exprAST("[[1, 2], [3, 4]]"),
      "(list (list (number 1) (number 2)) (list (number 3) (number 4)))")
    XCTAssertEqual(exprAST("{}"), "(dict)")
    XCTAssertEqual(
      exprAST(#"{lr: 0.1, "n clients": 8,}"#),
      #"(dict ("lr" (number 0.1)) ("n clients" (number 8)))"#)
    XCTAssertEqual(exprAST("true"), "true")
    XCTAssertEqual(exprAST("nil"), "nil")
    XCTAssertEqual(exprAST("'a\\n'"), #"(string "a\n")"#)
    XCTAssertEqual(exprAST("1.5e3"), "(number 1500)")
  }

  func testLambdas() {
    XCTAssertEqual(exprAST("x -> x^2"), "(lambda (params x) (^ (name x) (number 2)))")
    XCTAssertEqual(
      exprAST("(a, b=2) -> a + b"), "(lambda (params a (= b (number 2))) (+ (name a) (name b)))")
    XCTAssertEqual(exprAST("() -> 1"), "(lambda (params) (number 1))")
    XCTAssertEqual(
      exprAST("a -> b -> a + b"), "(lambda (params a) (lambda (params b) (+ (name a) (name b))))")
    XCTAssertEqual(
      exprAST("map(xs, x -> x * 2)"),
      "(call (name map) (name xs) (lambda (params x) (* (name x) (number 2))))")
    XCTAssertEqual(exprAST("(x)"), "(name x)")
    let s = statements("f = (a) -> a")
    guard case .assign(_, let v) = s.first?.kind, case .function(let d) = v.kind else {
      return XCTFail("no lambda")
    }
    XCTAssertTrue(d.isLambda)
    XCTAssertNil(d.name)
    guard d.body.count == 1, case .returnStmt(let r?) = d.body[0].kind else { return XCTFail() }
    XCTAssertEqual(r.span, SourceSpan(11, 12))
    XCTAssertEqual(d.nameSpan, SourceSpan(8, 10))
  }

  func testAnonymousFunctionExpression() {
    XCTAssertEqual(
      ast("f = fn (x) return x end"), "(= (name f) (fn (params x) (return (name x))))")
    XCTAssertEqual(
      ast("apply(fn (x)\n  y = x\n  return y\nend, 3)"),
      "(call (name apply) (fn (params x) (= (name y) (name x)) (return (name y))) (number 3))")
  }

  func testStatements() {
    XCTAssertEqual(ast("x = 1"), "(= (name x) (number 1))")
    XCTAssertEqual(ast("x.y[0] += 2"), "(+= (index (field (name x) y) (number 0)) (number 2))")
    for op in ["+", "-", "*", "/", "//", "%", "^", "@"] {
      XCTAssertEqual(ast("a \(op)= b"), "(\(op)= (name a) (name b))")
    }
    XCTAssertEqual(
      ast("if a\n  b\nelif c\n  d\nelse\n  e\nend"),
      "(if (branch (name a) (do (name b))) (branch (name c) (do (name d))) (else (name e)))")
    XCTAssertEqual(
      ast("for i, x in enumerate(xs)\n  print(i)\nend"),
      "(for (i x) (call (name enumerate) (name xs)) (do (call (name print) (name i))))")
    XCTAssertEqual(
      ast("while x > 0 x -= 1 end"), "(while (> (name x) (number 0)) (do (-= (name x) (number 1))))"
    )
    XCTAssertEqual(
      ast("for x in xs break; continue end"), "(for (x) (name xs) (do (break) (continue)))")
    XCTAssertEqual(
      ast("try\n  f()\ncatch e\n  print(e)\nend"),
      "(try (do (call (name f))) (catch e (call (name print) (name e))))")
    XCTAssertEqual(
      ast("try f() catch print(1) end"),
      "(try (do (call (name f))) (catch (call (name print) (number 1))))")
    XCTAssertEqual(
      ast("try f() catch e print(e) end"),
      "(try (do (call (name f))) (catch e (call (name print) (name e))))")
    XCTAssertEqual(ast("fn g()\n  global a, b\nend"), "(fn g (params) (global a b))")
    XCTAssertEqual(ast(#"import "util.fsl" as u"#), #"(import "util.fsl" as u)"#)
  }

  func testReturnForms() {
    XCTAssertEqual(ast("fn f() return end"), "(fn f (params) (return))")
    XCTAssertEqual(ast("fn f()\n  return\n  x\nend"), "(fn f (params) (return) (name x))")
    XCTAssertEqual(ast("fn f() return; end"), "(fn f (params) (return))")
    XCTAssertEqual(
      ast("fn f() if a return else return 1 end end"),
      "(fn f (params) (if (branch (name a) (do (return))) (else (return (number 1)))))")
    XCTAssertEqual(
      ast("fn f() try return catch return end end"),
      "(fn f (params) (try (do (return)) (catch (return))))")
  }

  func testLuaStyleSameLineStatements() {
    XCTAssertEqual(
      ast("fn f(n) if n < 2 return n end return f(n-1) + f(n-2) end", pretty: true),
      """
      (fn f
        (params n)
        (if (branch (< (name n) (number 2)) (do (return (name n)))))
        (return
          (+
            (call (name f) (- (name n) (number 1)))
            (call (name f) (- (name n) (number 2))))))
      """)
    XCTAssertEqual(
      ast("s = 0; for i in range(10) s += i * i % 7 end print(s)", pretty: true),
      """
      (= (name s) (number 0))
      (for
        (i)
        (call (name range) (number 10))
        (do (+= (name s) (% (* (name i) (name i)) (number 7)))))
      (call (name print) (name s))
      """)
    XCTAssertEqual(ast("a = 1 b = 2"), "(= (name a) (number 1))\n(= (name b) (number 2))")
    XCTAssertEqual(
      ast("if n < 2 return n end"), "(if (branch (< (name n) (number 2)) (do (return (name n)))))")
  }

  func testConditionalExpression() {
    XCTAssertEqual(exprAST("a if c else b"), "(ifelse (name c) (name a) (name b))")
    XCTAssertEqual(
      exprAST("a if c else b if d else e"),
      "(ifelse (name c) (name a) (ifelse (name d) (name b) (name e)))")
    XCTAssertEqual(
      exprAST("x + 1 if p or q else not y"),
      "(ifelse (or (name p) (name q)) (+ (name x) (number 1)) (not (name y)))")
    XCTAssertEqual(
      exprAST("(a if c else b) if d else e"),
      "(ifelse (name d) (ifelse (name c) (name a) (name b)) (name e))")
    XCTAssertEqual(
      exprAST("a or b if c else d"), "(ifelse (name c) (or (name a) (name b)) (name d))")
    XCTAssertEqual(
      exprAST("f(a if c\n else b)"), "(call (name f) (ifelse (name c) (name a) (name b)))")
    XCTAssertEqual(exprAST("a if\n c else\n b"), "(ifelse (name c) (name a) (name b))")
    // Without `else`, an `if` after an expression starts an `if` statement, as before.
    XCTAssertEqual(
      ast("for i in xs if i print(i) end end"),
      "(for (i) (name xs) (do (if (branch (name i) (do (call (name print) (name i)))))))")
    XCTAssertEqual(
      ast("x = a if b c = d else c = e end"),
      "(= (name x) (name a))\n(if (branch (name b) (do (= (name c) (name d)))) (else (= (name c) (name e))))"
    )
  }

  func testLineContinuation() {
    XCTAssertEqual(ast("x = 1 +\n  2"), "(= (name x) (+ (number 1) (number 2)))")
    XCTAssertEqual(ast("x =\n  2"), "(= (name x) (number 2))")
    XCTAssertEqual(ast("x = f(1,\n  2\n)"), "(= (name x) (call (name f) (number 1) (number 2)))")
    XCTAssertEqual(ast("x = [\n  1,\n  2,\n]"), "(= (name x) (list (number 1) (number 2)))")
    XCTAssertEqual(
      ast("d = {\n  a: 1,  # one\n  b: 2\n}"),
      #"(= (name d) (dict ("a" (number 1)) ("b" (number 2))))"#)
    XCTAssertEqual(ast("ok = a and\n  b"), "(= (name ok) (and (name a) (name b)))")
    XCTAssertEqual(ast("f = x ->\n  x"), "(= (name f) (lambda (params x) (name x)))")
    XCTAssertEqual(ast("global a,\n  b"), "(global a b)")
    // A newline before an operator ends the statement.
    XCTAssertEqual(ast("x = 1\n-2"), "(= (name x) (number 1))\n(neg (number 2))")
    XCTAssertEqual(ast("f\n(x)"), "(name f)\n(name x)")
  }

  func testDocstring() {
    let s = statements("fn f(x)\n  \"Square x.\"\n  return x^2\nend")
    guard case .function(let d) = s.first?.kind else { return XCTFail("no fn") }
    XCTAssertEqual(d.doc, "Square x.")
    XCTAssertEqual(d.body.count, 1)
    XCTAssertEqual(d.name, "f")
    XCTAssertEqual(d.nameSpan, SourceSpan(3, 4))
    XCTAssertEqual(d.span, SourceSpan(0, 38))
    XCTAssertEqual(d.params.map(\.name), ["x"])
    let s2 = statements("fn g() x = 1; \"not doc\" end")
    guard case .function(let d2) = s2.first?.kind else { return XCTFail("no fn") }
    XCTAssertNil(d2.doc)
    XCTAssertEqual(d2.body.count, 2)
  }

  func testFStringSpansPointIntoTheFile() {
    let src = #"print(f"loss {loss:.3f} after {x[1:2]:>8} {{n}}")"#
    let f = SourceFile(path: "t", text: src)
    guard case .success(let p) = Parser.parse(f),
      case .expr(let call) = p.statements[0].kind,
      case .call(_, let args) = call.kind,
      case .fstring(let parts) = args[0].value.kind
    else { return XCTFail("no f-string") }
    XCTAssertEqual(parts.count, 5)
    guard case .literal("loss ") = parts[0], case .expr(let e1, let s1) = parts[1],
      case .expr(let e2, let s2) = parts[3], case .literal(" {n}") = parts[4]
    else { return XCTFail("bad parts \(parts)") }
    XCTAssertEqual(s1, ".3f")
    XCTAssertEqual(s2, ">8")
    XCTAssertEqual(f.text(of: e1.span), "loss")
    XCTAssertEqual(f.text(of: e2.span), "x[1:2]")
    guard case .index(let base, _) = e2.kind else { return XCTFail() }
    XCTAssertEqual(f.text(of: base.span), "x")
    XCTAssertEqual(f.location(of: base.span.start).column, 32)
  }

  func testStatementSpans() {
    let f = SourceFile(path: "t", text: "x = 1\nif a\n  b\nend\nfor i in xs end")
    guard case .success(let p) = Parser.parse(f) else { return XCTFail() }
    XCTAssertEqual(
      p.statements.map { f.text(of: $0.span) }, ["x = 1", "if a\n  b\nend", "for i in xs end"])
  }

  func testEmptyAndCommentOnlyPrograms() {
    XCTAssertEqual(statements("").count, 0)
    XCTAssertEqual(statements("# nothing\n\n;;\n").count, 0)
  }
}

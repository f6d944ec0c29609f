// Tests for parse errors: messages, recovery, incomplete input (.needsMoreInput), nesting limit.

import XCTest

@testable import Lang

/// The diagnostics of `src`, parsed as a script (incomplete input is an error).
func parseErrors(_ src: String) -> [Diagnostic] {
  switch Parser.parse(SourceFile(path: "t.fsl", text: src), interactive: false) {
  case .success: return []
  case .failure(let ds): return ds
  case .needsMoreInput: return [Diagnostic(code: "?", "needsMoreInput", span: .none)]
  }
}

func messages(_ src: String) -> [String] { parseErrors(src).map(\.message) }

enum Outcome: Equatable {
  case success, failure, needsMore
}

func outcome(_ src: String) -> Outcome {
  switch Parser.parse(SourceFile(path: "<repl>", text: src)) {
  case .success: return .success
  case .failure: return .failure
  case .needsMoreInput: return .needsMore
  }
}

final class ParserErrorTests: XCTestCase {
  func testNeedsMoreInput() {
    let incomplete = [
      "fn f(x)\n  return x", "fn f(x)\n", "fn", "fn f", "fn f(", "x = (1 +", "x = [1, 2,",
      "f(a,\n", "s = \"\"\"abc", "print(\"\"\"abc\n", "x = 1 +", "x =", "x = 1 +\n",
      "if x\n  y\nelse", "if x\n  y\nelif z\n", "while true", "for i in", "for i,", "for",
      "try\n  x", "try x catch e", "d = {a: 1,", "d = {", "x.", "x[1:", "global a,",
      "(a, b) ->", "y = x ->", "import \"a\" as", "import", "if a\n if b\n c\n end",
      "f(lr=", "not", "-", "a and", "x = f\"\"\"{a}\n", "x if", "y = a if c else", "y = a if c",
    ]
    for src in incomplete {
      XCTAssertEqual(outcome(src), .needsMore, src)
    }
  }

  func testCompleteButWrongIsFailure() {
    let wrong = [
      "x = )", "end", "fn f(x) end end", "x = [1, 2]]", "print(\"abc", "1 +\n)", "x = 1 +\n$",
      "else", "import\n", "f(1 2", "x = f\"{\"", ")\nfn f(", "print(\"abc\ny = (",
      "fn f(a b)", "x = 1 +\n\"\"\"abc\\q", "f() = 1",
    ]
    for src in wrong {
      XCTAssertEqual(outcome(src), .failure, src)
    }
    XCTAssertEqual(outcome("x = 1\nfn f(x) return x end\n"), .success)
    XCTAssertEqual(outcome(""), .success)
  }

  func testIncompleteScriptReportsWhatIsMissing() {
    let ds = parseErrors("x = 1\n\nfn f()\n  y = 2\n")
    XCTAssertEqual(ds.map(\.message), ["expected 'end' to close 'fn' at 3:1"])
    XCTAssertEqual(ds[0].code, "E202")
    // The error points just past the last token; the note points at the opener.
    XCTAssertEqual(ds[0].span, SourceSpan(21, 21))
    XCTAssertEqual(ds[0].notes.first?.span, SourceSpan(7, 9))
    XCTAssertEqual(messages("x = [1,\n 2"), ["expected ']' to close '[' at 1:5"])
    XCTAssertEqual(messages("try\n  x\n"), ["expected 'catch' to close 'try' at 1:1"])
    XCTAssertEqual(messages("x = 1 +"), ["expected an expression, found end of file"])
    XCTAssertEqual(messages("s = \"\"\"abc\n"), ["unterminated '\"\"\"' string"])
  }

  func testMessageTexts() {
    XCTAssertEqual(
      messages("fn f()\n  y = (1 + 2\nend\n"), ["'(' at 2:7 is never closed"])
    XCTAssertEqual(messages("x = )"), ["expected an expression, found ')'"])
    XCTAssertEqual(messages("x = 1\nend"), ["unexpected 'end'"])
    XCTAssertEqual(
      messages("if a\n  while b\n    c\nelse\n  d\nend"),
      ["expected 'end' to close 'while' at 2:3, found 'else'"])
    XCTAssertEqual(messages("x = *"), ["expected an expression, found '*'"])
    XCTAssertEqual(messages("x = (1 +\n)"), ["expected an expression, found ')'"])
    XCTAssertEqual(messages("f() = 1"), ["cannot assign to a function call"])
    XCTAssertEqual(messages("1 = 1"), ["cannot assign to a literal"])
    XCTAssertEqual(messages("a + b = 1"), ["cannot assign to an operator expression"])
    XCTAssertEqual(messages("[a, b] = 1"), ["cannot assign to a list literal"])
    XCTAssertEqual(messages("x.1"), ["expected a field name after '.', found '1'"])
    XCTAssertEqual(messages("for in x end"), ["expected a loop variable after 'for', found 'in'"])
    XCTAssertEqual(messages("for x y end"), ["expected 'in' after the loop variable, found 'y'"])
    XCTAssertEqual(
      messages("import 3"),
      ["expected a library module name or a file path string after 'import', found '3'"])
    XCTAssertEqual(messages("import x as 3"), ["expected a name after 'as', found '3'"])
    XCTAssertEqual(
      messages("import \"a\"\n"), ["expected 'as' after the import path, found end of line"])
    XCTAssertEqual(messages("d = {1: 2}"), ["expected a dict key (a name or a string), found '1'"])
    XCTAssertEqual(messages("d = {a 2}"), ["expected ':' after dict key, found '2'"])
    XCTAssertEqual(messages("f(lr=1, 2)"), ["positional argument follows keyword argument"])
    XCTAssertEqual(messages("f(a=1, a=2)"), ["keyword argument 'a' repeated"])
    XCTAssertEqual(
      messages("fn f(a=1, b) end"),
      ["parameter 'b' without a default follows a parameter with a default"])
    XCTAssertEqual(messages("break"), ["'break' outside a loop"])
    XCTAssertEqual(messages("while x fn g() continue end end"), ["'continue' outside a loop"])
    XCTAssertEqual(messages("try x end"), ["expected 'catch' in 'try' at 1:1, found 'end'"])
    XCTAssertEqual(
      messages("fn f\n"), ["expected '(' to start the parameter list, found end of line"])
    XCTAssertEqual(
      messages(#"x = f"{a +}""#), ["expected an expression, found end of the f-string expression"])
    XCTAssertEqual(
      messages(#"x = f"{a b}""#), ["expected '}' after f-string expression, found 'b'"])
    let hinted = parseErrors("if x = 1\n  y\nend")
    XCTAssertEqual(hinted.map(\.message), ["unexpected '=' in a condition"])
    XCTAssertEqual(hinted.first?.hint, "use '==' to compare")
    XCTAssertEqual(parseErrors("f(1 2)").first?.hint, "is a ',' missing?")
  }

  func testErrorCodes() {
    XCTAssertEqual(parseErrors("x = )").map(\.code), ["E201"])
    XCTAssertEqual(parseErrors("f(1").map(\.code), ["E202"])
    XCTAssertEqual(parseErrors("end").map(\.code), ["E203"])
    XCTAssertEqual(parseErrors("x.1").map(\.code), ["E204"])
    XCTAssertEqual(parseErrors("f() = 1").map(\.code), ["E205"])
    XCTAssertEqual(parseErrors("x = $").map(\.code), ["E101"])
  }

  func testMultipleIndependentErrorsAreAllReported() {
    let ds = parseErrors("a = )\nb = 1 +* 2\nc = [1 2]\nd = 4\nprint(d)\n")
    XCTAssertEqual(ds.count, 3, "\(ds.map(\.message))")
    let f = SourceFile(path: "t", text: "a = )\nb = 1 +* 2\nc = [1 2]\n")
    XCTAssertEqual(ds.map { f.location(of: $0.span.start).line }, [1, 2, 3])
    // Errors inside function bodies recover inside the body.
    let nested = parseErrors("fn f()\n  x = )\n  y = 2\nend\nfn g()\n  z = ]\nend\nw = (")
    XCTAssertEqual(nested.count, 3, "\(nested.map(\.message))")
  }

  func testNeverClosedBracketEndsAtTheNextStatement() {
    let src = "total = sum([1, 2, 3]\nprint(total)\ny = 1 +* 2\n"
    let ds = parseErrors(src)
    XCTAssertEqual(
      ds.map(\.message), ["'(' at 1:12 is never closed", "expected an expression, found '*'"])
    XCTAssertEqual(ds.first?.code, "E213")
    XCTAssertEqual(ds.first?.span, SourceSpan(22, 27))  // `print`, where the next statement starts
    XCTAssertEqual(ds.first?.notes.first?.span, SourceSpan(11, 12))
    XCTAssertEqual(ds.first?.hint, "add ')' at the end of line 1")
    // An error inside the bracket: both are reported, at the error and at the next statement.
    XCTAssertEqual(
      messages("xs = [1, 2 +* 3\nprint(xs)\nz = )"),
      [
        "expected an expression, found '*'", "'[' at 1:6 is never closed",
        "expected an expression, found ')'",
      ])
    // Continuation lines indented deeper than the bracket's line are skipped.
    XCTAssertEqual(
      messages("x = f(1 +* 2,\n      lr=3\ny = *"),
      [
        "expected an expression, found '*'", "'(' at 1:6 is never closed",
        "expected an expression, found '*'",
      ])
    XCTAssertEqual(
      messages("fn f(xs)\n  n = len(xs\n  m = n * 2\n  return m +* 1\nend"),
      ["'(' at 2:10 is never closed", "expected an expression, found '*'"])
    // A bracket closed later is skipped as a unit: its `name=` lines are not statements.
    XCTAssertEqual(
      messages("m = train(d,\n  lr=0.1 +* 2,\nepochs=5)\nz = )"),
      ["expected an expression, found '*'", "expected an expression, found ')'"])
    // At the end of the input too.
    XCTAssertEqual(
      messages("xs = [1, 2 +* 3\n"),
      ["expected an expression, found '*'", "'[' at 1:6 is never closed"])
    XCTAssertEqual(outcome("xs = [1, 2 +* 3"), .failure)
    // A closer of another kind does not close a bracket.
    XCTAssertEqual(
      messages("xs = [1, 2\nprint(xs)\nz = (1))"),
      ["'[' at 1:6 is never closed", "unexpected ')'"])
  }

  func testUnclosedBracketsTable() {
    func unclosed(_ src: String) -> [Int] {
      let tokens = Lexer.tokenize(SourceFile(path: "t", text: src)).tokens
      return Parser.State.unclosedBrackets(tokens).sorted()
    }
    XCTAssertEqual(unclosed("f([1)"), [2])
    XCTAssertEqual(unclosed("[1)"), [0])
    XCTAssertEqual(unclosed("(a, [b], {c: d})"), [])
    XCTAssertEqual(unclosed("((a)"), [0])
    XCTAssertEqual(unclosed("((( ]]]"), [0, 1, 2])
  }

  func testUnclosedBracketAtEndOfInputStillNeedsMore() {
    for src in [
      "xs = [1, 2,\n  3", "r = train(d,\n  lr=0.1,\n", "m = dict(a=1,\nb=2", "x = [1,\n2\n",
      "f(g(1,\n", "fn f()\n  y = [1,\n",
    ] {
      XCTAssertEqual(outcome(src), .needsMore, src)
    }
    XCTAssertEqual(outcome("xs = [1, 2\nprint(xs)"), .failure)
  }

  func testNoCascades() {
    let single = [
      "for in xs\n  body\nend\ny = 2",
      "fn f(a b) return a end\nfn g(a) return a end",
      "if x = 1\n  y\nend\nz = 1",
      "while x\n  a\nelif y\n  b\nend",
      "x = foo(1,\n  2 3,\n  4)\ny = 2",
      "x = $\ny = 1",
      "print(\"abc\ny = 1",
      "x = [1, 2\nfn f()\n  return 1\nend",
      "if (a\n  b = 1\nend",
      "x = f\"{$}\"",
      "fn f(x\n  return x\nend",
      "try\n  if x\n    y\ncatch e\n  z\nend",
      "if a\n  while b\n    c\nelse\n  d\nend\ne = 1",
    ]
    for src in single {
      XCTAssertEqual(parseErrors(src).count, 1, "\(src): \(messages(src))")
    }
  }

  func testNestingLimit() {
    func parens(_ n: Int) -> String {
      "x = " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)
    }
    XCTAssertEqual(outcome(parens(1000)), .success)
    XCTAssertEqual(messages(parens(1001)), ["nesting too deep (limit 1000)"])
    XCTAssertEqual(parseErrors(parens(1001)).first?.code, "E208")
    XCTAssertEqual(
      messages(String(repeating: "[", count: 100_000)), ["nesting too deep (limit 1000)"])
    XCTAssertEqual(
      messages("x = " + String(repeating: "-", count: 50_000) + "1"),
      ["nesting too deep (limit 1000)"])
    XCTAssertEqual(
      messages("x = 2" + String(repeating: "^2", count: 5000)), ["nesting too deep (limit 1000)"])
    let blocks =
      String(repeating: "if x\n", count: 1000) + "y\n" + String(repeating: "end\n", count: 1000)
    XCTAssertEqual(outcome(blocks), .success)
    let deep = String(repeating: "if x\n", count: 5000) + String(repeating: "end\n", count: 5000)
    XCTAssertEqual(messages(deep), ["nesting too deep (limit 1000)"])
    let fns = String(repeating: "f = fn () ", count: 3000)
    XCTAssertEqual(messages(fns), ["nesting too deep (limit 1000)"])
    let fstrings = "x = " + String(repeating: "f'{", count: 3000)
    XCTAssertFalse(messages(fstrings).isEmpty)
    // Other errors before the limit are kept; nothing after it is reported.
    XCTAssertEqual(messages("a = )\n" + parens(2000) + "\nb = )").count, 2)
    // A limit error is never "needs more input".
    XCTAssertEqual(outcome(String(repeating: "(", count: 2000)), .failure)
  }
}

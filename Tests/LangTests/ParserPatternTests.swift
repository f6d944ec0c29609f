// Tests for assignment patterns and loop targets: `a, b = b, a`, `(a, b), c = xs`, `for i, (x, y)`.

import XCTest

@testable import Lang

final class ParserPatternTests: XCTestCase {
  func testMultipleAssignment() {
    XCTAssertEqual(ast("a, b = b, a"), "(= (tuple (name a) (name b)) (tuple (name b) (name a)))")
    XCTAssertEqual(
      ast("loss, g = value_and_grad(f)(w)"),
      "(= (tuple (name loss) (name g)) (call (call (name value_and_grad) (name f)) (name w)))")
    XCTAssertEqual(
      ast("xs[i], xs[j] = xs[j], xs[i]"),
      "(= (tuple (index (name xs) (name i)) (index (name xs) (name j)))"
        + " (tuple (index (name xs) (name j)) (index (name xs) (name i))))")
    XCTAssertEqual(
      ast("d.a, d.b = 1, 2"),
      "(= (tuple (field (name d) a) (field (name d) b)) (tuple (number 1) (number 2)))")
    // A trailing comma makes a one-target pattern; a line ending in ',' continues.
    XCTAssertEqual(ast("a, = xs"), "(= (tuple (name a)) (name xs))")
    XCTAssertEqual(
      ast("a,\n  b = 1,\n  2"), "(= (tuple (name a) (name b)) (tuple (number 1) (number 2)))")
  }

  func testNestedPatterns() {
    XCTAssertEqual(
      ast("(a, b), c = [[1, 2], 3]"),
      "(= (tuple (tuple (name a) (name b)) (name c)) (list (list (number 1) (number 2)) (number 3)))"
    )
    XCTAssertEqual(
      ast("a, (b, (c, d)) = xs"),
      "(= (tuple (name a) (tuple (name b) (tuple (name c) (name d)))) (name xs))")
    XCTAssertEqual(ast("(a, b) = xs"), "(= (tuple (name a) (name b)) (name xs))")
    XCTAssertEqual(ast("((a, b)) = xs"), "(= (tuple (name a) (name b)) (name xs))")
    // A lone parenthesized target is a plain assignment.
    XCTAssertEqual(ast("(x) = 1"), "(= (name x) (number 1))")
    // A '(' that starts an expression still does.
    XCTAssertEqual(
      ast("(xs)[0], b = 1, 2"),
      "(= (tuple (index (name xs) (number 0)) (name b)) (tuple (number 1) (number 2)))")
    XCTAssertEqual(ast("(a, b) -> a"), "(lambda (params a b) (name a))")
    XCTAssertEqual(ast("(x + 1) * 2"), "(* (+ (name x) (number 1)) (number 2))")
  }

  func testSpans() {
    let s = statements("(a, b), c = 1, xs")
    guard case .unpack(let target, let values)? = s.first?.kind,
      case .sequence(let parts, let span) = target
    else { return XCTFail("no unpack") }
    XCTAssertEqual(s[0].span, SourceSpan(0, 17))
    XCTAssertEqual(span, SourceSpan(0, 9))
    XCTAssertEqual(parts[0].span, SourceSpan(0, 6))
    XCTAssertEqual(parts.map(\.targets.count), [2, 1])
    XCTAssertEqual(values.count, 2)
  }

  func testForTargets() {
    XCTAssertEqual(
      ast("for i, (x, y) in enumerate(pairs) end"),
      "(for (i (x y)) (call (name enumerate) (name pairs)) (do))")
    XCTAssertEqual(ast("for (a, b) in xs end"), "(for (a b) (name xs) (do))")
    XCTAssertEqual(ast("for (x) in xs end"), "(for (x) (name xs) (do))")
    XCTAssertEqual(ast("for ((a, b), c) in xs end"), "(for ((a b) c) (name xs) (do))")
    XCTAssertEqual(messages("for i, (x, 1) in xs end"), ["expected a name after ',', found '1'"])
    XCTAssertEqual(
      messages("for () in xs end"), ["expected a loop variable after '(', found ')'"])
    XCTAssertEqual(
      messages("for a.b in xs end"), ["expected 'in' after the loop variable, found '.'"])
  }

  func testErrors() {
    XCTAssertEqual(messages("a, f() = 1, 2"), ["cannot assign to a function call"])
    XCTAssertEqual(messages("(a, 1), b = xs"), ["cannot assign to a literal"])
    let bare = parseErrors("a, b\n")
    XCTAssertEqual(
      bare.map(\.message), ["expected '=' after the assignment targets, found end of line"])
    XCTAssertEqual(bare.first?.hint, "write [a, b] to make a list")
    XCTAssertEqual(
      messages("a, b += 1"), ["expected '=' after the assignment targets, found '+='"])
    XCTAssertEqual(
      messages("print(a), print(b)"),
      ["expected '=' after the assignment targets, found end of file"])
    // Only a pattern takes a list of values.
    XCTAssertEqual(messages("x = 1, 2"), ["unexpected ','"])
    XCTAssertEqual(parseErrors("x = 1, 2").first?.hint, "write [a, b] to make a list")
    XCTAssertEqual(messages("() = xs"), ["expected an expression, found ')'"])
  }

  func testInteractiveInput() {
    for src in ["a, b =", "a,", "a, b = 1,", "(a,", "(a, b", "(a, b), c =", "for i, (x,"] {
      XCTAssertEqual(outcome(src), .needsMore, src)
    }
    // Targets with no '=' are finished, not a prompt for more input.
    XCTAssertEqual(outcome("a, b"), .failure)
    XCTAssertEqual(outcome("(a, b), c"), .failure)
    XCTAssertEqual(outcome("a, b = b, a"), .success)
  }

  func testResolverTreatsTargetsAsAssigned() {
    func resolve(_ src: String) -> [String] {
      let f = SourceFile(path: "t.fsl", text: src)
      guard case .success(let p) = Parser.parse(f) else { return ["parse error"] }
      switch Resolver.resolve(p, globals: GlobalTable(), builtins: ["print", "range"]) {
      case .success: return []
      case .failure(let e): return e.diagnostics.map(\.message)
      }
    }
    XCTAssertEqual(resolve("a, (b, c) = 1, [2, 3]\nprint(a, b, c)"), [])
    XCTAssertEqual(resolve("fn f(xs) a, b = xs\n return a + b end"), [])
    XCTAssertEqual(resolve("for i, (x, y) in [] print(i, x, y) end"), [])
    XCTAssertEqual(
      resolve("fn f() a, b = b, 1 end"), ["local variable 'b' is read before it is assigned"])
    XCTAssertEqual(resolve("xs[0], y = 1, 2"), ["undefined name 'xs'"])
  }
}

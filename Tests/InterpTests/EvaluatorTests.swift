// Evaluator semantics: snippets and the value of their final expression.
import TestSupport
import XCTest

final class EvaluatorTests: XCTestCase {
  func check(_ src: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line)
  {
    let r = runFSL(src)
    XCTAssertNil(r.error, "\(src)\n\(r.rendered ?? "")", file: file, line: line)
    XCTAssertEqual(r.value, expected, src, file: file, line: line)
  }

  func checkError(
    _ src: String, _ contains: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    let r = runFSL(src)
    XCTAssertTrue(
      (r.error ?? "").contains(contains), "\(src): got \(r.error ?? "no error")", file: file,
      line: line)
  }

  func testArithmeticFollowsPython() {
    check("1 + 2 * 3", "7")
    check("-7 % 3", "2")
    check("7 % -3", "-2")
    check("-7 // 2", "-4")
    check("2 ^ 10", "1024")
    check("-2 ^ 2", "-4")
    check("1 / 0", "inf")
    check("0 / 0", "nan")
    check("0.1 + 0.2", "0.30000000000000004")
    check("5.5 % 2", "1.5")
  }

  func testModuloMatchesPython() {
    // Expected values printed by CPython 3.11 for the same expressions.
    let cases: [(String, String)] = [
      ("-15 % 7", "6"), ("-7 % 7", "0"), ("99999999999 % 7", "4"), ("-99999999999 % 7", "3"),
      ("-2.5 % 7", "4.5"), ("-4.4e15 % 7", "3"), ("1e300 % 7", "1"), ("-0.0 % 7", "0"),
      ("0.3 % 0.1", "0.09999999999999998"), ("5.5 % 0.1", "0.0999999999999997"),
      ("-5.5 % 0.1", "3.0531133177191805e-16"), ("7 % -3", "-2"),
      ("1e300 % 3.7", "1.765761626199355"),
      ("5 % inf", "5"), ("-5 % inf", "inf"), ("7.5 // -2", "-4"), ("x = -15; x % 7", "6"),
    ]
    for (src, want) in cases { check(src, want) }
  }

  func testRecursionAndOneLineFunctions() {
    check("fn f(n) if n < 2 return n end return f(n-1) + f(n-2) end f(20)", "6765")
  }

  func testValueSemantics() {
    check("a = [1, 2]; b = a; b[0] = 9; a", "[1, 2]")
    check("d = {x: 1}; e = d; e.x = 2; [d.x, e.x]", "[1, 2]")
    check("fn f(xs) xs.push(3) return xs end a = list([1]); b = f(a); [len(a), len(b)]", "[1, 2]")
    check("m = {rows: [list(), list([2])]}; m.rows[1].push(5); m", "{rows: [[], [2, 5]]}")
  }

  func testClosuresCaptureVariables() {
    check(
      """
      fn counter()
        n = 0
        fn inc() n += 1 return n end
        return inc
      end
      c = counter(); c(); c(); c()
      """, "3")
    check("fn adder(k) return x -> x + k end adder(5)(10)", "15")
    check("fn outer() v = 1; fn g() v = 2 end g() return v end outer()", "2")
  }

  func testGlobalsInFunctions() {
    check("x = 1; fn f() x = 5 return x end f(); x", "1")
    check("x = 1; fn f() global x; x = 5 end f(); x", "5")
    check("fn f() return y end y = 3; f()", "3")
  }

  func testKeywordsAndDefaults() {
    check("fn f(a, b=2, c=3) return [a, b, c] end f(1, c=9)", "[1, 2, 9]")
    checkError("fn f(a) return a end f()", "missing required argument 'a'")
    checkError("fn f(a) return a end f(1, 2)", "takes 1 argument, got 2")
    checkError("fn f(lr) return lr end f(l=1)", "unexpected keyword argument 'l'")
  }

  func testControlFlow() {
    check("s = 0; for i in range(10) if i % 2 == 0 continue end s += i end s", "25")
    check("i = 0; while true i += 1; if i > 4 break end end i", "5")
    check(
      "r = []; for i, x in enumerate([\"a\", \"b\"]) r.push(f\"{i}{x}\") end r", "[\"0a\", \"1b\"]")
    check("for i in range(3) end i", "2")
    check("s = 0; for k in {a: 1, b: 2} s += 1 end s", "2")
  }

  func testTryCatchAndErrors() {
    check("try error(\"boom\") catch e r = e.message end r", "\"boom\"")
    check("try [1][5] catch e r = e.kind end r", "\"IndexError\"")
    check(
      "try assert(false, \"no\") catch e r = [e.kind, e.message] end r",
      "[\"AssertionError\", \"no\"]")
    checkError("[1, 2, 3][5]", "IndexError: index 5 is out of bounds for axis 0 with size 3")
    checkError("1 + \"a\"", "TypeError: unsupported operand types for +: 'number' and 'string'")
  }

  func testRecursionLimitIsAnError() {
    checkError(
      "fn f(n) return f(n + 1) end f(0)", "RecursionError: maximum recursion depth 10000 exceeded")
    check("fn f(n) if n == 0 return 0 end return 1 + f(n - 1) end f(9000)", "9000")
  }

  func testStringsAndFormatting() {
    check("x = 3.14159; f\"pi is {x:.2f}!\"", "\"pi is 3.14!\"")
    check("f\"{{literal}} {1 + 1}\"", "\"{literal} 2\"")
    check("\"héllo\"[1]", "\"é\"")
    check("\"abcdef\"[1:4]", "\"bcd\"")
    check("len(\"héllo\")", "5")
  }

  func testCollections() {
    check("xs = [3, 1, 2]; sorted(xs)", "[1, 2, 3]")
    check("[1, 2, 3, 4][::-2]", "[4, 2]")
    check("xs = list([1, 2, 3]); xs[1:2] = list([7, 8, 9]); xs", "[1, 7, 8, 9, 3]")
    check("d = {b: 1, a: 2}; keys(d)", "[\"b\", \"a\"]")
    check("[1, \"a\", nil]", "[1, \"a\", nil]")
    check("{lr: 0.1, \"n clients\": 8}", "{lr: 0.1, \"n clients\": 8}")
    check("xs = list([1, 2]); xs.pop(); xs", "[1]")
    check("map([1, 2], x -> x * 2).map(x -> x + 1)", "[3, 5]")
  }

  func testStaticErrors() {
    checkError("print(undefined_thing)", "E302: undefined name 'undefined_thing'")
    checkError("fn f() print(x); x = 1 end", "local variable 'x' is read before it is assigned")
    checkError("return 1", "'return' outside a function")
  }

  func testImportedModule() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fsl-import-test")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try "k = 7\nfn twice(x) return 2 * x end\n".write(
      to: dir.appendingPathComponent("util.fsl"), atomically: true, encoding: .utf8)
    let r = runFSL(
      "import \"util.fsl\" as u\nu.twice(u.k)", path: dir.appendingPathComponent("main.fsl").path)
    XCTAssertEqual(r.value, "14", r.rendered ?? "")
  }
}

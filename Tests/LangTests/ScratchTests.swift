import XCTest
@testable import Lang

final class ScratchTests: XCTestCase {
  func testScratch() {
    let src = (try? String(contentsOfFile: "/tmp/scratch.fsl", encoding: .utf8)) ?? "print(1)"
    for (i, chunk) in src.components(separatedBy: "\n%%\n").enumerated() {
      let f = SourceFile(path: "s\(i).fsl", text: chunk)
      if ProcessInfo.processInfo.environment["TOKENS"] != nil { print(dumpTokens(f)) }
      print("=== \(i)")
      switch Parser.parse(f, interactive: ProcessInfo.processInfo.environment["SCRIPT"] == nil) {
      case .success(let p): print(dumpAST(p))
      case .failure(let ds): print(DiagnosticRenderer.render(all: ds, file: f, color: false))
      case .needsMoreInput: print("NEEDS MORE INPUT")
      }
    }
  }
  func testPerf() {
    let unit = """
    fn fib(n)
      "Fibonacci."
      if n < 2 return n end
      return fib(n - 1) + fib(n - 2)
    end
    x = randn(1000, 3)
    w = [0.5, -1, 2]
    y = x @ w + 0.1 * randn(1000)
    loss = w -> mean((x @ w - y) ^ 2)
    print(f"loss {loss(w):.3f} after {n} rounds", sep=" ")
    for step in range(200)
      v -= 0.1 * g(v)[1:3, ::2]
    end
    d = {lr: 0.1, "n clients": 8}

    """
    let text = String(repeating: unit, count: 10_000 / 15)
    let f = SourceFile(path: "big.fsl", text: text)
    let t0 = Date()
    let r = Parser.parse(f)
    let dt = Date().timeIntervalSince(t0)
    if case .success(let p) = r { print("statements", p.statements.count) }
    print("lines", text.split(separator: "\n").count, "parse ms", dt * 1000)
    let t1 = Date()
    _ = Lexer.tokenize(f)
    print("lex ms", Date().timeIntervalSince(t1) * 1000)
  }
}

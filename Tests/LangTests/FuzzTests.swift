// Fuzz tests: random bytes and random token streams through lexer, parser and renderer.

import XCTest

@testable import Lang

/// SplitMix64: a tiny deterministic generator, so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

final class FuzzTests: XCTestCase {
  static let fslBytes = Array(
    "abcdefxyz_fnendifelsforwhilreturn0123456789 \n\n\t()[]{}+-*/%^@=<>!,:;.'\"#\\f{}".utf8)

  static let tokenTexts: [String] = [
    "fn", "end", "if", "elif", "else", "for", "in", "while", "break", "continue", "return",
    "and", "or", "not", "try", "catch", "import", "as", "global", "true", "false", "nil",
    "+", "-", "*", "/", "//", "%", "^", "@", "==", "!=", "<", "<=", ">", ">=", "=", "+=",
    "-=", "*=", "/=", "//=", "%=", "^=", "@=", "->", "(", ")", "[", "]", "{", "}", ",",
    ":", ";", ".", "...", "x", "y", "f", "print", "12", "3.5", "1e-3", "0x1F", "\"s\"",
    "'t'", "f\"a{x}b\"", "f'{y:.2f}'", "\"\"\"", "\n", "\n", "\n", "# c\n", "$", "1e",
    "\"\\q\"", "f\"{\"", "}",
  ]

  /// Parses `text` both ways and checks the invariants every outcome must satisfy.
  func check(_ text: String, _ rng: inout SplitMix64) {
    let f = SourceFile(path: "fuzz.fsl", text: text)
    let n = f.bytes.count
    for interactive in [true, false] {
      switch Parser.parse(f, interactive: interactive) {
      case .success(let p):
        _ = dumpAST(p)
        for s in p.statements { checkSpans(s, n, text) }
      case .failure(let ds):
        XCTAssertFalse(ds.isEmpty, text)
        for d in ds {
          XCTAssertTrue(
            d.span.start >= 0 && d.span.end <= n, "\(d.message) in \(text.debugDescription)")
          XCTAssertTrue(d.code.hasPrefix("E1") || d.code.hasPrefix("E2"))
        }
        if Int(rng.next() % 8) == 0 { _ = DiagnosticRenderer.render(all: ds, file: f, color: true) }
      case .needsMoreInput:
        XCTAssertTrue(interactive, text)
      }
    }
    if Int(rng.next() % 16) == 0 { _ = dumpTokens(f) }
  }

  func checkSpans(_ s: Stmt, _ n: Int, _ text: String) {
    XCTAssertTrue(s.span.start >= 0 && s.span.end <= n, text)
    switch s.kind {
    case .expr(let e), .returnStmt(let e?): checkSpans(e, n, text)
    case .assign(let a, let b), .compound(_, let a, let b):
      checkSpans(a, n, text)
      checkSpans(b, n, text)
    case .unpack(let t, let vs):
      for x in t.targets + vs { checkSpans(x, n, text) }
    case .function(let d): for b in d.body { checkSpans(b, n, text) }
    default: break
    }
  }

  func checkSpans(_ e: Expr, _ n: Int, _ text: String) {
    XCTAssertTrue(e.span.start >= 0 && e.span.end <= n, text)
    switch e.kind {
    case .binary(_, let a, let b), .logical(_, let a, let b):
      checkSpans(a, n, text)
      checkSpans(b, n, text)
    case .unary(_, let a), .field(let a, _, _): checkSpans(a, n, text)
    case .call(let c, let args):
      checkSpans(c, n, text)
      for a in args { checkSpans(a.value, n, text) }
    case .list(let xs): for x in xs { checkSpans(x, n, text) }
    case .fstring(let parts):
      for case .expr(let x, _) in parts {
        checkSpans(x, n, text)
        XCTAssertTrue(e.span.start <= x.span.start && x.span.end <= e.span.end, text)
      }
    case .function(let d): for b in d.body { checkSpans(b, n, text) }
    default: break
    }
  }

  func testRandomBytes() {
    var rng = SplitMix64(seed: 0xF51F5)
    for _ in 0..<10_000 {
      let len = Int(rng.next() % 201)
      var bytes: [UInt8] = []
      bytes.reserveCapacity(len)
      for _ in 0..<len {
        let r = rng.next()
        if r % 10 == 0 {
          bytes.append(UInt8(truncatingIfNeeded: r >> 8))
        } else {
          bytes.append(FuzzTests.fslBytes[Int((r >> 8) % UInt64(FuzzTests.fslBytes.count))])
        }
      }
      check(String(decoding: bytes, as: UTF8.self), &rng)
    }
  }

  func testRandomTokenSequences() {
    var rng = SplitMix64(seed: 42)
    let texts = FuzzTests.tokenTexts
    for _ in 0..<10_000 {
      let count = Int(rng.next() % 40)
      var parts: [String] = []
      for _ in 0..<count {
        parts.append(texts[Int(rng.next() % UInt64(texts.count))])
        parts.append(rng.next() % 6 == 0 ? "\n" : (rng.next() % 4 == 0 ? "" : " "))
      }
      check(parts.joined(), &rng)
    }
  }

  /// Every line prefix of a valid program is either complete or needs more input — never an
  /// error (the REPL must keep showing `...` while a block is being typed).
  func testLinePrefixesOfValidProgramNeverFail() {
    let program = """
      import "common.fsl" as c
      d = c.load_digits()
      parts = fed.partition(d.y, clients=10,
                            alpha=0.5, seed=1)
      print(f"client sizes: {map(parts, len)}")
      fn run(rounds, epochs=2)
        "Train with FedAvg; return the test accuracy per round."
        h = fed.simulate(c.mlp([64, 128, 10]), nn.cross_entropy, d, parts,
                         rounds=rounds, local_epochs=epochs, lr=0.05, seed=0)
        return h.test_acc
      end
      s = \"\"\"a
      multi-line
      string\"\"\"
      multi = run(10, 2)
      for i, x in enumerate(multi)
        if x > 0.5
          print(i)
        elif x < 0
          break
        else
          continue
        end
      end
      try
        error("x")
      catch e
        print(e.message)
      end
      loss = w -> mean((x @ w - y) ^ 2)
      total = 1 +
        2 *
        3
      v = zeros(3)
      while true v -= 0.1 * g(v); break end
      a, (b, c) = 1,
        [2, 3]
      (p,
       q), r = [[1, 2], 3]
      for i, (x, y) in enumerate([[1, 2]])
        xs[i], xs[0] = xs[0], xs[i]
      end
      """
    let lines = program.split(separator: "\n", omittingEmptySubsequences: false)
    for k in 0...lines.count {
      let prefix = lines.prefix(k).joined(separator: "\n") + "\n"
      let o = outcome(prefix)
      XCTAssertNotEqual(o, .failure, "prefix of \(k) lines: \(messages(prefix))")
    }
    XCTAssertEqual(outcome(program), .success)
  }
}

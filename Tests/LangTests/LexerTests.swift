// Tests for the lexer: token kinds and spans, numbers, strings, escapes, f-strings, errors.

import XCTest

@testable import Lang

/// Lexes `src` and returns the tokens (without the final EOF) and the diagnostics.
func lex(_ src: String) -> (tokens: [Token], diagnostics: [Diagnostic]) {
  let r = Lexer.tokenize(SourceFile(path: "t.fsl", text: src))
  return (Array(r.tokens.dropLast()), r.diagnostics)
}

func kinds(_ src: String) -> [TokenKind] { lex(src).tokens.map(\.kind) }

func numberValue(_ src: String, file: StaticString = #filePath, line: UInt = #line) -> Double? {
  let (toks, diags) = lex(src)
  XCTAssertEqual(diags.count, 0, "\(src): \(diags.map(\.message))", file: file, line: line)
  XCTAssertEqual(toks.count, 1, "\(src)", file: file, line: line)
  guard toks.count == 1, case .number(let v) = toks[0].value else { return nil }
  return v
}

func stringValue(_ src: String) -> (String, [String]) {
  let (toks, diags) = lex(src)
  return (toks.first?.text ?? "<none>", diags.map(\.message))
}

final class LexerTests: XCTestCase {
  func testOperatorsLongestMatch() {
    let src =
      "+ - * / // % ^ @ == != < <= > >= = += -= *= /= //= %= ^= @= -> ( ) [ ] { } , : ; . ..."
    XCTAssertEqual(
      kinds(src),
      [
        .plus, .minus, .star, .slash, .slashSlash, .percent, .caret, .at, .eqEq, .notEq, .less,
        .lessEq, .greater, .greaterEq, .assign, .plusEq, .minusEq, .starEq, .slashEq,
        .slashSlashEq, .percentEq, .caretEq, .atEq, .arrow, .lparen, .rparen, .lbracket,
        .rbracket, .lbrace, .rbrace, .comma, .colon, .semicolon, .dot, .ellipsis,
      ])
    XCTAssertEqual(kinds("a//=b"), [.name, .slashSlashEq, .name])
    XCTAssertEqual(kinds("x->x"), [.name, .arrow, .name])
    XCTAssertEqual(kinds("a-=-1"), [.name, .minusEq, .minus, .number])
  }

  func testKeywordsAndNames() {
    let src =
      "fn end if elif else for in while break continue return and or not try catch "
      + "import as global true false nil"
    let ks = kinds(src)
    XCTAssertEqual(ks.count, 22)
    XCTAssertTrue(ks.allSatisfy(\.isKeyword))
    let (toks, _) = lex("_x1 fnord End f")
    XCTAssertEqual(toks.map(\.kind), [.name, .name, .name, .name])
    XCTAssertEqual(toks.map(\.text), ["_x1", "fnord", "End", "f"])
  }

  func testSpansAreByteOffsets() {
    let (toks, _) = lex("é = 1")
    // `é` is not an identifier character: it is reported, and `=` starts at byte 3.
    XCTAssertEqual(toks[0].kind, .error)
    XCTAssertEqual(toks[1].kind, .assign)
    XCTAssertEqual(toks[1].span, SourceSpan(3, 4))
    let (t2, _) = lex("ab  12\n")
    XCTAssertEqual(t2.map(\.span), [SourceSpan(0, 2), SourceSpan(4, 6), SourceSpan(6, 7)])
  }

  func testNewlinesAndComments() {
    XCTAssertEqual(kinds("a # comment ( [\nb"), [.name, .newline, .name])
    XCTAssertEqual(kinds("a\r\nb"), [.name, .newline, .name])
    XCTAssertEqual(kinds("# only a comment"), [])
    XCTAssertEqual(kinds(""), [])
    XCTAssertEqual(kinds("\u{FEFF}x"), [.name])
  }

  func testNumbers() {
    XCTAssertEqual(numberValue("12"), 12)
    XCTAssertEqual(numberValue("1_000"), 1000)
    XCTAssertEqual(numberValue("1_000_000.5"), 1_000_000.5)
    XCTAssertEqual(numberValue("3.5"), 3.5)
    XCTAssertEqual(numberValue(".5"), 0.5)
    XCTAssertEqual(numberValue("1e-3"), 0.001)
    XCTAssertEqual(numberValue("2.5E+10"), 2.5e10)
    XCTAssertEqual(numberValue("1e3"), 1000)
    XCTAssertEqual(numberValue("0x1F"), 31)
    XCTAssertEqual(numberValue("0XfF_ff"), 65535)
    XCTAssertEqual(numberValue("0.1"), 0.1)
    XCTAssertEqual(numberValue("1e400"), .infinity)
  }

  func testNumberFollowedByDot() {
    // `1.` followed by a non-digit is the number 1 and a dot; `x.5` is a field access attempt.
    XCTAssertEqual(kinds("1.sum"), [.number, .dot, .name])
    XCTAssertEqual(kinds("x.5"), [.name, .dot, .number])
    XCTAssertEqual(kinds("[1:...]"), [.lbracket, .number, .colon, .ellipsis, .rbracket])
  }

  func testMalformedNumbers() {
    for bad in ["1e", "1e+", "0x", "0x_1", "1__0", "1_", "12abc", "3.5e-x", "0xG"] {
      let (toks, diags) = lex(bad)
      XCTAssertEqual(diags.map(\.code), ["E102"], bad)
      XCTAssertEqual(diags.first?.message, "malformed number '\(bad)'")
      XCTAssertEqual(toks.map(\.kind), [.number], bad)
      XCTAssertEqual(diags.first?.span, SourceSpan(0, bad.utf8.count))
    }
  }

  func testStringsAndEscapes() {
    XCTAssertEqual(stringValue(#""abc""#).0, "abc")
    XCTAssertEqual(stringValue("'it''s'").0, "it")
    XCTAssertEqual(stringValue(#"'say "hi"'"#).0, "say \"hi\"")
    XCTAssertEqual(stringValue(#""a\nb\tc\rd\0e\\f\"g\'h""#).0, "a\nb\tc\rd\0e\\f\"g'h")
    XCTAssertEqual(stringValue(#""\u{1F600}\u{e9}""#).0, "😀é")
    XCTAssertEqual(stringValue(#""héllo wörld""#).0, "héllo wörld")
  }

  func testBadEscapes() {
    let (s, errs) = stringValue(#""a\qb""#)
    XCTAssertEqual(errs, ["unknown escape sequence '\\q'"])
    XCTAssertEqual(s, "a\\qb")
    XCTAssertEqual(stringValue(#""\u{110000}""#).1, ["invalid unicode escape '\\u{110000}'"])
    XCTAssertEqual(stringValue(#""\u{D800}""#).1, ["invalid unicode escape '\\u{D800}'"])
    XCTAssertEqual(stringValue(#""\u{}""#).1, ["invalid unicode escape '\\u{}'"])
    XCTAssertEqual(stringValue(#""\u41""#).1, ["invalid unicode escape '\\u'"])
    XCTAssertEqual(lex(#""\q""#).diagnostics.first?.code, "E104")
    XCTAssertEqual(lex(#""\u{}""#).diagnostics.first?.code, "E105")
  }

  func testUnterminatedStrings() {
    let (toks, diags) = lex("x = \"abc\ny = 1")
    XCTAssertEqual(diags.map(\.code), ["E103"])
    XCTAssertEqual(diags[0].span, SourceSpan(4, 8))
    // Lexing continues on the next line.
    XCTAssertEqual(toks.map(\.kind), [.name, .assign, .string, .newline, .name, .assign, .number])
    let r = Lexer.tokenize(SourceFile(path: "t", text: "s = \"\"\"abc\n"))
    XCTAssertEqual(r.diagnostics.map(\.code), ["E109"])
    XCTAssertTrue(r.endsInsideString)
    XCTAssertFalse(Lexer.tokenize(SourceFile(path: "t", text: "\"abc")).endsInsideString)
  }

  func testMultilineStrings() {
    let (s, errs) = stringValue("\"\"\"line 1\n  \"quoted\" line 2\\n\"\"\"")
    XCTAssertEqual(errs, [])
    XCTAssertEqual(s, "line 1\n  \"quoted\" line 2\n")
    XCTAssertEqual(stringValue("'''a\nb'''").0, "a\nb")
    XCTAssertEqual(stringValue("\"\"\"a\\\nb\"\"\"").0, "ab")
    XCTAssertEqual(stringValue("\"\"").0, "")
  }

  func testBadCharacters() {
    let (toks, diags) = lex("a $ b !c ¬")
    XCTAssertEqual(toks.map(\.kind), [.name, .error, .name, .error, .name, .error])
    XCTAssertEqual(
      diags.map(\.message),
      ["unexpected character '$'", "unexpected character '!'", "unexpected character '¬'"])
    XCTAssertEqual(diags[1].hint, "use 'not' for logical negation")
    XCTAssertEqual(diags[2].span, SourceSpan(9, 11))
    // A run of bad characters is one error.
    XCTAssertEqual(lex("x = $$$ 1").diagnostics.count, 1)
    XCTAssertEqual(lex("x = $$$ 1").diagnostics[0].span, SourceSpan(4, 7))
    XCTAssertEqual(lex("\u{1}").diagnostics.first?.message, "unexpected character '\\u{01}'")
  }

  func testFStringPieces() {
    let src = #"f"loss {loss:.3f} after {n} {{x}} {d["k"]:>8}""#
    let (toks, diags) = lex(src)
    XCTAssertEqual(diags.count, 0)
    XCTAssertEqual(toks.map(\.kind), [.fstring])
    guard case .fstring(let pieces) = toks[0].value else { return XCTFail("not an f-string") }
    let bytes = Array(src.utf8)
    func text(_ a: Int, _ b: Int) -> String { String(decoding: bytes[a..<b], as: UTF8.self) }
    var rendered: [String] = []
    for p in pieces {
      switch p {
      case .literal(let s): rendered.append("L:" + s)
      case .interpolation(let a, let b, let spec, let brace):
        XCTAssertEqual(bytes[brace], UInt8(ascii: "{"))
        rendered.append("E:" + text(a, b) + "|" + (spec ?? "-"))
      }
    }
    XCTAssertEqual(
      rendered,
      ["L:loss ", "E:loss|.3f", "L: after ", "E:n|-", "L: {x} ", "E:d[\"k\"]|>8"])
  }

  func testFStringNestedColonsAndStrings() {
    let (toks, diags) = lex(#"f'{x[1:2]:>8} {f(a, b=":"):,} {{'"#)
    XCTAssertEqual(diags.count, 0)
    guard case .fstring(let pieces) = toks.first?.value else { return XCTFail() }
    let specs = pieces.compactMap { p -> String? in
      if case .interpolation(_, _, let spec, _) = p { return spec ?? "-" }
      return nil
    }
    XCTAssertEqual(specs, [">8", ","])
    XCTAssertEqual(pieces.last, .literal(" {"))
  }

  func testFStringErrors() {
    XCTAssertEqual(lex(#"f"{}""#).diagnostics.map(\.code), ["E107"])
    XCTAssertEqual(lex(#"f"{a""#).diagnostics.map(\.code), ["E106"])
    XCTAssertEqual(lex(#"f"a}b""#).diagnostics.map(\.code), ["E108"])
    XCTAssertEqual(lex("f\"{a\nb").diagnostics.map(\.code), ["E103"])
    XCTAssertEqual(lex("f\"\"\"{a +\n b}\"\"\"").diagnostics.count, 0)
    // Python 3.12: the f-string's own quote may appear in strings inside `{…}`.
    XCTAssertEqual(lex(#"f"{"x"}""#).diagnostics.count, 0)
    XCTAssertEqual(lex(#"f"{d["k"]:>5} {f"{"}"}"}""#).diagnostics.count, 0)
    XCTAssertEqual(lex(#"f"{d["k"]""#).diagnostics.map(\.code), ["E106"])
    XCTAssertEqual(lex(#"f"{"x}""#).diagnostics.map(\.code), ["E103"])
    let deep =
      "f\"{" + String(repeating: "f\"{", count: 1000) + "1" + String(repeating: "}\"", count: 1001)
    XCTAssertEqual(lex(deep).diagnostics.map(\.code), ["E214"])
  }

  func testDumpTokens() {
    let out = dumpTokens(SourceFile(path: "t", text: "x = f(1)\n$"))
    XCTAssertEqual(
      out,
      """
      1:1 name 'x'
      1:3 assign '='
      1:5 name 'f'
      1:6 lparen '('
      1:7 number '1'
      1:8 rparen ')'
      1:9 newline '\\n'
      2:1 error '$'
      2:2 eof ''
      2:1 error E101: unexpected character '$'

      """)
    XCTAssertTrue(dumpTokens(SourceFile(path: "t", text: "end")).hasPrefix("1:1 keyword 'end'"))
  }
}

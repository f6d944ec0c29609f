// Number printing and f-string format specs, against CPython (scripts/oracles/number_format.py).
import Foundation
import XCTest

@testable import Interp

final class NumberFormatTests: XCTestCase {
  func check(
    _ value: FormatArg, _ spec: String, _ expected: String, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    XCTAssertEqual(
      try applyFormatSpec(value, spec), expected, "\(value) with '\(spec)'", file: file,
      line: line)
  }

  func checkError(
    _ value: FormatArg, _ spec: String, _ message: String, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    XCTAssertThrowsError(try applyFormatSpec(value, spec), file: file, line: line) { error in
      XCTAssertEqual((error as? FormatSpecError)?.message, message, file: file, line: line)
    }
  }

  func testFormatNumberIsShortestReprWithoutDotZero() {
    XCTAssertEqual(formatNumber(3.0), "3")
    XCTAssertEqual(formatNumber(-0.0), "-0")
    XCTAssertEqual(formatNumber(0.0), "0")
    XCTAssertEqual(formatNumber(0.1), "0.1")
    XCTAssertEqual(formatNumber(1e-07), "1e-07")
    XCTAssertEqual(formatNumber(1e+16), "1e+16")
    XCTAssertEqual(formatNumber(1e+300), "1e+300")
    XCTAssertEqual(formatNumber(123456789012345.0), "123456789012345")
    XCTAssertEqual(formatNumber(.infinity), "inf")
    XCTAssertEqual(formatNumber(-.infinity), "-inf")
    XCTAssertEqual(formatNumber(.nan), "nan")
    XCTAssertEqual(formatNumber(2.5), "2.5")
    XCTAssertEqual(formatNumber(0.0001), "0.0001")
    XCTAssertEqual(formatNumber(1e-05), "1e-05")
    XCTAssertEqual(formatNumber(1.5e+20), "1.5e+20")
    XCTAssertEqual(formatNumber(0.1 + 0.2), "0.30000000000000004")
    XCTAssertEqual(formatNumber(-2.5), "-2.5")
    XCTAssertEqual(formatNumber(1.0 / 3.0), "0.3333333333333333")
    XCTAssertEqual(formatNumber(.leastNonzeroMagnitude), "5e-324")
    XCTAssertEqual(formatNumber(1.7976931348623157e+308), "1.7976931348623157e+308")
    XCTAssertEqual(formatNumber(9999999999999998.0), "9999999999999998")
    XCTAssertEqual(formatNumber(1000000000000000.0), "1000000000000000")
    XCTAssertEqual(formatNumber(9.999e-05), "9.999e-05")
    XCTAssertEqual(formatNumber(9007199254740992.0), "9007199254740992")
    XCTAssertEqual(formatNumber(1e+22), "1e+22")
    XCTAssertEqual(formatNumber(-1234.5678), "-1234.5678")
  }

  func testFixedExponentAndGeneralTypesRoundTheExactBinaryValue() {
    check(.number(3.14159), ".3", "3.14")
    check(.number(2.675), ".2f", "2.67")
    check(.number(0.5), ".0f", "0")
    check(.number(1.5), ".0f", "2")
    check(.number(2.5), ".0f", "2")
    check(.number(1.005), ".2f", "1.00")
    check(.number(123456789.0), "g", "1.23457e+08")
    check(.number(123456789.0), ".3e", "1.235e+08")
    check(.number(123456789.0), ".3E", "1.235E+08")
    check(.number(0.000123456), ".3g", "0.000123")
    check(.number(0.000123456), "#.6g", "0.000123456")
    check(.number(0.5), ".1e", "5.0e-01")
    check(.number(1e-10), "e", "1.000000e-10")
    check(.number(99.5), ".2g", "1e+02")
    check(.number(0.256), ".1%", "25.6%")
    check(.number(1.0), "%", "100.000000%")
  }

  func testNoTypeFollowsFormatNumberUnlessAlternate() {
    check(.number(3.0), "", "3")
    check(.number(3.0), "+", "+3")
    check(.number(3.0), ".3", "3")
    check(.number(100.0), ".3", "1e+02")
    check(.number(9.5), ".2", "9.5")
    check(.number(0.0001), ".2", "0.0001")
    check(.number(3.0), "#", "3.0")
    check(.number(1e+16), "#", "1.e+16")
    check(.number(3.0), "#.3", "3.00")
    check(.number(-0.0), "", "-0")
  }

  func testGroupingWidthAlignAndFill() {
    check(.number(1234567.891), ",.2f", "1,234,567.89")
    check(.number(1234567.0), ",", "1,234,567")
    check(.number(1234.0), "010,", "00,001,234")
    check(.number(1234.0), "08,", "0,001,234")
    check(.number(-1234.5), "=+12,.1f", "-    1,234.5")
    check(.number(12345.678), "_.2f", "12_345.68")
    check(.number(1e+22), ",.0f", "10,000,000,000,000,000,000,000")
    check(.number(3.0), ">8", "       3")
    check(.number(3.0), "<8", "3       ")
    check(.number(3.0), "^9", "    3    ")
    check(.number(3.0), "*^9", "****3****")
    check(.number(-3.0), "08", "-0000003")
    check(.number(-3.0), "+08.2f", "-0003.00")
    check(.number(3.0), " .1f", " 3.0")
    check(.number(3.0), "€>6", "€€€€€3")
    check(.number(3.0), "中^7", "中中中3中中中")
    check(.number(42.0), "x<+6d", "+42xxx")
    check(.number(42.0), "0=6", "000042")
    check(.number(42.0), "0<6", "420000")
    check(.number(1234.5), "_<12,.1f", "1,234.5_____")
  }

  func testInfinityNanAndNegativeZero() {
    check(.number(.infinity), "f", "inf")
    check(.number(.infinity), "F", "INF")
    check(.number(-.infinity), "e", "-inf")
    check(.number(.nan), "G", "NAN")
    check(.number(.nan), "+.2f", "+nan")
    check(.number(.infinity), "010", "0000000inf")
    check(.number(-.infinity), "=+12,", "-        inf")
    check(.number(.infinity), "%", "inf%")
    check(.number(-0.0), ".1f", "-0.0")
    check(.number(-0.0), "z.1f", "0.0")
    check(.number(-0.0001), "z.2f", "0.00")
    check(.number(-0.0001), ".2f", "-0.00")
    check(.number(-0.0), "+g", "-0")
    check(.number(-0.0), "d", "0")
  }

  func testIntegerTypes() {
    check(.number(255.0), "x", "ff")
    check(.number(255.0), "#X", "0XFF")
    check(.number(255.0), "#o", "0o377")
    check(.number(5.0), "#010b", "0b00000101")
    check(.number(-255.0), "#010x", "-0x00000ff")
    check(.number(4294967295.0), "_x", "ffff_ffff")
    check(.number(0x1p64), "x", "10000000000000000")
    check(.number(1e+20), "d", "100000000000000000000")
    check(.number(1e+20), ",d", "100,000,000,000,000,000,000")
    check(.number(123456789.0), "n", "123456789")
    check(.number(2.5), "n", "2.5")
    check(.number(1e+300), ".3n", "1e+300")
  }

  func testTextBoolsAndOtherValues() {
    check(.string("abc"), ">6", "   abc")
    check(.string("abc"), "*^9", "***abc***")
    check(.string("abc"), "05", "abc00")
    check(.string("abc"), "s", "abc")
    check(.string("hello"), ".2", "he")
    check(.string("hello"), "8.3", "hel     ")
    check(.string("中文字"), "_<5", "中文字__")
    check(.string("é"), "*^5", "**é**")
    check(.string(""), "x>3", "xxx")
    check(.string("😀!"), "*>4", "**😀!")
    check(.bool(true), "", "true")
    check(.bool(false), ">7", "  false")
    check(.bool(true), "^8.2", "   tr   ")
    check(.other("[1, \"a\", nil]"), ">16", "   [1, \"a\", nil]")
  }

  func testErrors() {
    checkError(.number(2.5), "d", "format code 'd' needs an integral number, got 2.5")
    checkError(.number(.nan), "x", "format code 'x' needs an integral number, got nan")
    checkError(.number(-.infinity), "b", "format code 'b' needs an integral number, got -inf")
    checkError(.number(1), "10.2fx", "invalid format spec '10.2fx'")
    checkError(
      .number(1), ".2d",
      "invalid format spec '.2d': a precision is not allowed with format code 'd'"
    )
    checkError(.number(1), ",_", "invalid format spec ',_': cannot use both ',' and '_'")
    checkError(.number(1), ".", "invalid format spec '.': missing precision after '.'")
    checkError(
      .number(1), ",x", "invalid format spec ',x': ',' is not allowed with format code 'x'")
    checkError(.number(1), "s", "invalid format spec 's': unknown format code 's' for a number")
    checkError(.string("a"), "d", "invalid format spec 'd': unknown format code 'd' for a string")
    checkError(.string("a"), "+", "invalid format spec '+': a sign is not allowed for a string")
    checkError(
      .bool(true), "=5", "invalid format spec '=5': '=' alignment is not allowed for a string")
    checkError(.string("a"), ",", "invalid format spec ',': ',' is not allowed for a string")
  }

  /// Every case generated by scripts/oracles/number_format.py from CPython.
  func testOracleFixture() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("fixtures/number_format.json")
    let cases = try JSONDecoder().decode([OracleCase].self, from: Data(contentsOf: url))
    XCTAssertGreaterThan(cases.count, 300)
    for c in cases {
      let got: String?
      if let spec = c.spec {
        got = try? applyFormatSpec(c.value, spec)
      } else if case .number(let d) = c.value {
        got = formatNumber(d)
      } else {
        got = nil
      }
      XCTAssertEqual(got, c.expected, "\(c.value) with \(c.spec.map { "'\($0)'" } ?? "repr")")
    }
  }
}

/// One fixture case; `expected` is nil when formatting must throw.
private struct OracleCase: Decodable {
  let value: FormatArg
  let spec: String?
  let expected: String?

  enum CodingKeys: String, CodingKey { case kind, value, spec, expected }

  init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    spec = try c.decodeIfPresent(String.self, forKey: .spec)
    expected = try c.decodeIfPresent(String.self, forKey: .expected)
    switch try c.decode(String.self, forKey: .kind) {
    case "number":
      if let d = try? c.decode(Double.self, forKey: .value) {
        value = .number(d)
      } else {
        let special = ["nan": Double.nan, "inf": .infinity, "-inf": -.infinity, "-0.0": -0.0]
        let text = try c.decode(String.self, forKey: .value)
        guard let d = special[text] else {
          throw DecodingError.dataCorruptedError(
            forKey: .value, in: c, debugDescription: "bad number \(text)")
        }
        value = .number(d)
      }
    case "bool": value = .bool(try c.decode(Bool.self, forKey: .value))
    case "other": value = .other(try c.decode(String.self, forKey: .value))
    default: value = .string(try c.decode(String.self, forKey: .value))
    }
  }
}

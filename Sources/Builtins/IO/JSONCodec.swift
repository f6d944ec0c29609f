// JSON ↔ FSL values: objects → dicts (key order kept), arrays → tensors when numeric (the
// bracket-literal rule) else lists, null → nil. Errors name the file, byte offset and expectation.
//
// Design note. Strict where silence would corrupt data, as Python's `json` is: a file must be
// valid UTF-8 (a leading byte-order mark is skipped, as Python's utf-8-sig does), escapes are
// the eight of RFC 8259 plus `\uXXXX`, and a `\u` surrogate must come as a high/low pair; each
// violation is an error with its byte offset. Extensions kept: NaN, Infinity and -Infinity.
// Arrays and objects nest at most `maxDepth` levels both ways, so `save` never writes a file
// `load` refuses, and neither recursion can exhaust the stack. Both poll for Ctrl-C every
// `pollEvery` values.
import CInterrupt
import Interp
import Tensor

enum JSONCodec {
  /// The deepest nesting of arrays and objects read or written.
  static let maxDepth = 1000
  /// Values between two polls of the interrupt flag.
  static let pollEvery = 4096

  /// Whether Ctrl-C is pending: the process-wide flag `Interpreter.interruptRequested` reads,
  /// for callers with no interpreter at hand.
  static func interruptPending() -> Bool { fsl_interrupt_pending() != 0 }

  struct Parser {
    let bytes: [UInt8]
    let file: String
    let poll: () -> Bool
    var i = 0
    var depth = 0
    var seen = 0

    func error(at offset: Int, _ message: String) -> RuntimeError {
      RuntimeError.io("\(file): at byte \(offset): \(message)")
    }

    func fail(_ expected: String) -> RuntimeError {
      error(at: i, "expected \(expected), found \(JSONCodec.describe(bytes, i))")
    }

    mutating func skipSpace() {
      while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    mutating func value() throws -> Value {
      skipSpace()
      guard i < bytes.count else { throw fail("a JSON value") }
      seen += 1
      if seen % pollEvery == 0 && poll() { throw RuntimeError("Interrupted", "interrupted") }
      switch bytes[i] {
      case UInt8(ascii: "{"): return try nested { try $0.object() }
      case UInt8(ascii: "["): return try nested { try $0.array() }
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"): return try literal("true", .bool(true))
      case UInt8(ascii: "f"): return try literal("false", .bool(false))
      case UInt8(ascii: "n"): return try literal("null", .null)
      case UInt8(ascii: "N"): return try literal("NaN", .number(.nan))
      case UInt8(ascii: "I"): return try literal("Infinity", .number(.infinity))
      default: return .number(try number())
      }
    }

    mutating func nested(_ body: (inout Parser) throws -> Value) throws -> Value {
      guard depth < maxDepth else {
        throw error(at: i, "nesting too deep (limit \(maxDepth) levels of arrays and objects)")
      }
      depth += 1
      defer { depth -= 1 }
      return try body(&self)
    }

    mutating func literal(_ word: String, _ v: Value) throws -> Value {
      let w = Array(word.utf8)
      guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else {
        throw fail("a JSON value")
      }
      i += w.count
      return v
    }

    mutating func number() throws -> Double {
      let start = i
      if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
        i += 1
        if i < bytes.count, bytes[i] == UInt8(ascii: "I") {
          _ = try literal("Infinity", .null)
          return -.infinity
        }
      }
      while i < bytes.count, "0123456789.eE+-".utf8.contains(bytes[i]) { i += 1 }
      guard i > start, let d = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else {
        i = start
        throw fail("a JSON value")
      }
      return d
    }

    /// A string's contents; `i` is at its opening quote. The input is valid UTF-8 (checked by
    /// `decode`), so only escapes can make invalid text.
    mutating func string() throws -> String {
      i += 1
      var out: [UInt8] = []
      while i < bytes.count {
        let c = bytes[i]
        if c == UInt8(ascii: "\"") {
          i += 1
          return String(decoding: out, as: UTF8.self)
        }
        guard c == UInt8(ascii: "\\") else {
          out.append(c)
          i += 1
          continue
        }
        try escape(into: &out)
      }
      throw fail("'\"' to end the string")
    }

    /// Decodes the escape at `i` (a backslash) into `out`.
    mutating func escape(into out: inout [UInt8]) throws {
      let start = i
      i += 1
      guard i < bytes.count else { throw fail("an escape after '\\'") }
      let e = bytes[i]
      i += 1
      switch e {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "u"):
        var code = try hex4()
        if (0xDC00..<0xE000).contains(code) {
          throw error(at: start, "lone surrogate \(JSONCodec.escapeText(code)) in a string")
        }
        if (0xD800..<0xDC00).contains(code) {
          let high = code
          guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
            bytes[i + 1] == UInt8(ascii: "u")
          else {
            throw error(
              at: start,
              "lone surrogate \(JSONCodec.escapeText(high)) in a string "
                + "(expected a low surrogate \\uDC00-\\uDFFF escape after it)")
          }
          i += 2
          let low = try hex4()
          guard (0xDC00..<0xE000).contains(low) else {
            throw error(
              at: start,
              "lone surrogate \(JSONCodec.escapeText(high)) in a string "
                + "(expected a low surrogate \\uDC00-\\uDFFF escape after it, "
                + "found \(JSONCodec.escapeText(low)))")
          }
          code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else {
          preconditionFailure("internal: \(code) is not a scalar after the surrogate checks")
        }
        out.append(contentsOf: String(Character(scalar)).utf8)
      default:
        i = start
        throw error(
          at: start,
          "invalid escape '\\\(JSONCodec.describeChar(bytes, start + 1))' in a string "
            + "(expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
      }
    }

    mutating func hex4() throws -> UInt32 {
      var v: UInt32 = 0
      for k in 0..<4 {
        guard i + k < bytes.count, let d = JSONCodec.hexValue(bytes[i + k]) else {
          i += k
          throw fail("4 hex digits after \\u")
        }
        v = v << 4 | d
      }
      i += 4
      return v
    }

    mutating func array() throws -> Value {
      i += 1
      var items: [Value] = []
      skipSpace()
      if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
        i += 1
        return .list(items)
      }
      while true {
        items.append(try value())
        skipSpace()
        guard i < bytes.count else { throw fail("',' or ']'") }
        if bytes[i] == UInt8(ascii: ",") {
          i += 1
        } else if bytes[i] == UInt8(ascii: "]") {
          i += 1
          return Value.bracketLiteral(items)
        } else {
          throw fail("',' or ']'")
        }
      }
    }

    mutating func object() throws -> Value {
      i += 1
      var d = FDict()
      skipSpace()
      if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
        i += 1
        return .dict(d)
      }
      while true {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("a string key") }
        let k = try string()
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("':'") }
        i += 1
        d[k] = try value()
        skipSpace()
        guard i < bytes.count else { throw fail("',' or '}'") }
        if bytes[i] == UInt8(ascii: ",") {
          i += 1
        } else if bytes[i] == UInt8(ascii: "}") {
          i += 1
          return .dict(d)
        } else {
          throw fail("',' or '}'")
        }
      }
    }
  }

  /// Parses a whole JSON document: UTF-8, optionally after a byte-order mark.
  static func decode(
    _ bytes: [UInt8], file: String, poll: () -> Bool = JSONCodec.interruptPending
  ) throws -> Value {
    if let bad = firstInvalidUTF8(bytes) {
      throw RuntimeError.io(
        "\(file): at byte \(bad): invalid UTF-8 (byte \(hexByte(bytes[bad])))")
    }
    return try withoutActuallyEscaping(poll) { poll in
      var p = Parser(bytes: bytes, file: file, poll: poll)
      if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.i = 3 }
      let v = try p.value()
      p.skipSpace()
      guard p.i == bytes.count else { throw p.fail("end of input after the JSON value") }
      return v
    }
  }

  /// The offset of the first byte that does not begin a well-formed UTF-8 sequence (overlong
  /// forms, surrogates and code points past U+10FFFF are ill-formed), or nil.
  static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
    var i = 0
    while i < b.count {
      let c = b[i]
      if c < 0x80 {
        i += 1
        continue
      }
      var lo: UInt8 = 0x80
      var hi: UInt8 = 0xBF
      let len: Int
      switch c {
      case 0xC2...0xDF: len = 2
      case 0xE0: (len, lo) = (3, 0xA0)
      case 0xED: (len, hi) = (3, 0x9F)
      case 0xE1...0xEF: len = 3
      case 0xF0: (len, lo) = (4, 0x90)
      case 0xF4: (len, hi) = (4, 0x8F)
      case 0xF1...0xF3: len = 4
      default: return i
      }
      guard i + len <= b.count, b[i + 1] >= lo, b[i + 1] <= hi else { return i }
      for k in 2..<len where b[i + k] & 0xC0 != 0x80 { return i }
      i += len
    }
    return nil
  }

  static func hexValue(_ b: UInt8) -> UInt32? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
    default: return nil
    }
  }

  static func hexByte(_ b: UInt8) -> String {
    "0x" + (b < 0x10 ? "0" : "") + String(b, radix: 16, uppercase: true)
  }

  /// `\uD800`: a code unit as its escape.
  static func escapeText(_ code: UInt32) -> String {
    let h = String(code, radix: 16, uppercase: true)
    return "\\u" + String(repeating: "0", count: max(0, 4 - h.count)) + h
  }

  /// The character at `i` of valid UTF-8 `b` (a control character as its byte value).
  static func describeChar(_ b: [UInt8], _ i: Int) -> String {
    guard i < b.count else { return "" }
    if b[i] < 0x20 || b[i] == 0x7F { return hexByte(b[i]) }
    var end = i + 1
    while end < b.count, end - i < 4, b[end] & 0xC0 == 0x80 { end += 1 }
    return String(decoding: b[i..<end], as: UTF8.self)
  }

  /// What the parser found at `i`: `'x'` or `end of input`.
  static func describe(_ b: [UInt8], _ i: Int) -> String {
    i < b.count ? "'\(describeChar(b, i))'" : "end of input"
  }
}

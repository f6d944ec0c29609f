// JSON ↔ FSL values: objects → dicts (key order kept), arrays → tensors when numeric (the
// bracket-literal rule) else lists, null → nil. Errors name the file, byte offset and expectation.
import Interp
import Tensor

enum JSONCodec {
  struct Parser {
    let bytes: [UInt8]
    let file: String
    var i = 0
    var depth = 0

    func fail(_ expected: String) -> RuntimeError {
      let found = i < bytes.count ? "'\(Character(Unicode.Scalar(bytes[i])))'" : "end of input"
      return RuntimeError.io("\(file): at byte \(i): expected \(expected), found \(found)")
    }

    mutating func skipSpace() {
      while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    mutating func value() throws -> Value {
      skipSpace()
      guard i < bytes.count else { throw fail("a JSON value") }
      depth += 1
      defer { depth -= 1 }
      guard depth < 1000 else { throw fail("nesting less than 1000 levels deep") }
      switch bytes[i] {
      case UInt8(ascii: "{"): return try object()
      case UInt8(ascii: "["): return try array()
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"): return try literal("true", .bool(true))
      case UInt8(ascii: "f"): return try literal("false", .bool(false))
      case UInt8(ascii: "n"): return try literal("null", .null)
      case UInt8(ascii: "N"): return try literal("NaN", .number(.nan))
      case UInt8(ascii: "I"): return try literal("Infinity", .number(.infinity))
      default: return .number(try number())
      }
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

    mutating func string() throws -> String {
      i += 1
      var out: [UInt8] = []
      while i < bytes.count {
        let c = bytes[i]
        i += 1
        if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
        guard c == UInt8(ascii: "\\") else {
          out.append(c)
          continue
        }
        guard i < bytes.count else { break }
        let e = bytes[i]
        i += 1
        switch e {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "u"):
          var code = try hex4()
          if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
            bytes[i + 1] == UInt8(ascii: "u")
          {
            i += 2
            let low = try hex4()
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          out += Array(String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8)
        default: out.append(e)
        }
      }
      throw fail("'\"' to end the string")
    }

    mutating func hex4() throws -> UInt32 {
      guard i + 4 <= bytes.count,
        let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16)
      else { throw fail("4 hex digits after \\u") }
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

  /// Parses a whole JSON document.
  static func decode(_ bytes: [UInt8], file: String) throws -> Value {
    var p = Parser(bytes: bytes, file: file)
    let v = try p.value()
    p.skipSpace()
    guard p.i == bytes.count else { throw p.fail("end of input after the JSON value") }
    return v
  }

  /// JSON text for a value; tensors become nested arrays. Functions and modules are an error.
  static func encode(_ v: Value) throws -> String {
    switch v {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let d):
      if d.isNaN { return "NaN" }
      if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
      return formatNumber(d)
    case .string(let s): return quote(s)
    case .list(let xs): return "[" + (try xs.map(encode)).joined(separator: ", ") + "]"
    case .dict(let d):
      return "{"
        + (try d.map { "\(quote($0.key)): \(try encode($0.value))" })
        .joined(separator: ", ") + "}"
    case .tensor(let t):
      if t.rank == 0 { return try encode(t.scalarValue) }
      return "[" + (try t.items.map(encode)).joined(separator: ", ") + "]"
    default: throw RuntimeError.type("save: a \(v.typeName) cannot be written as JSON")
    }
  }
}

// A small strict JSON parser (with byte offsets for errors) and string escaping, for headers.

/// A parsed JSON value and the file offset where it starts, so that errors about it (a
/// negative dimension, a bad dtype) can point at it.
struct JSONNode {
  /// The value's kind and contents; objects keep their keys in file order.
  indirect enum Kind {
    case object([(key: String, keyOffset: Int, value: JSONNode)])
    case array([JSONNode])
    case string(String)
    case number(String)
    case bool(Bool)
    case null
  }

  var offset: Int
  var kind: Kind

  /// What the value is, for "found …" in errors.
  var summary: String {
    switch kind {
    case .object: return "an object"
    case .array: return "an array"
    case .string(let text): return "the string \"\(text)\""
    case .number(let text): return "the number \(text)"
    case .bool(let value): return "\(value)"
    case .null: return "null"
    }
  }
}

/// Parses one JSON value (RFC 8259, nesting at most 64 deep) from a byte range.
struct JSONParser {
  private var reader: ByteReader
  private let end: Int
  private var depth = 0

  /// Parses the `length` bytes at the reader's offset as one JSON value surrounded only by
  /// whitespace, and moves the reader past them.
  static func parse(_ reader: inout ByteReader, length: Int) throws -> JSONNode {
    try reader.need(length, "\(length) bytes of JSON header")
    var parser = JSONParser(reader: reader, end: reader.offset + length)
    let node = try parser.value()
    parser.skipSpace()
    if parser.peek != nil { throw parser.fail("the end of the JSON header") }
    reader.offset += length
    return node
  }

  private init(reader: ByteReader, end: Int) {
    self.reader = reader
    self.end = end
  }

  private var peek: UInt8? { reader.offset < end ? reader.bytes[reader.offset] : nil }

  private func fail(_ expected: String) -> FormatError {
    guard let byte = peek else { return reader.error(expected, found: "the end of the header") }
    let shown =
      byte >= 0x20 && byte < 0x7f
      ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    return reader.error(expected, found: shown)
  }

  private mutating func skipSpace() {
    while let byte = peek, byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09 {
      reader.offset += 1
    }
  }

  private mutating func accept(_ byte: UInt8) -> Bool {
    skipSpace()
    guard peek == byte else { return false }
    reader.offset += 1
    return true
  }

  /// Consumes `word` if the text continues with it.
  private mutating func acceptWord(_ word: String) -> Bool {
    let bytes = Array(word.utf8)
    guard reader.offset + bytes.count <= end, reader.startsWith(bytes) else { return false }
    reader.offset += bytes.count
    return true
  }

  private mutating func value() throws -> JSONNode {
    skipSpace()
    let start = reader.offset
    guard let byte = peek else { throw fail("a JSON value") }
    switch byte {
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      depth += 1
      defer { depth -= 1 }
      if depth > 64 { throw fail("JSON nested at most 64 deep") }
      reader.offset += 1
      return byte == UInt8(ascii: "{") ? try object(start) : try array(start)
    case UInt8(ascii: "\""):
      return JSONNode(offset: start, kind: .string(try string()))
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return JSONNode(offset: start, kind: .number(try number()))
    default:
      if acceptWord("true") { return JSONNode(offset: start, kind: .bool(true)) }
      if acceptWord("false") { return JSONNode(offset: start, kind: .bool(false)) }
      if acceptWord("null") { return JSONNode(offset: start, kind: .null) }
      throw fail("a JSON value")
    }
  }

  private mutating func object(_ start: Int) throws -> JSONNode {
    var members: [(key: String, keyOffset: Int, value: JSONNode)] = []
    if accept(UInt8(ascii: "}")) { return JSONNode(offset: start, kind: .object(members)) }
    repeat {
      skipSpace()
      let keyOffset = reader.offset
      guard peek == UInt8(ascii: "\"") else { throw fail("a string key") }
      let key = try string()
      guard accept(UInt8(ascii: ":")) else { throw fail("':' after a key") }
      members.append((key, keyOffset, try value()))
    } while accept(UInt8(ascii: ","))
    guard accept(UInt8(ascii: "}")) else { throw fail("',' or '}' in an object") }
    return JSONNode(offset: start, kind: .object(members))
  }

  private mutating func array(_ start: Int) throws -> JSONNode {
    var items: [JSONNode] = []
    if accept(UInt8(ascii: "]")) { return JSONNode(offset: start, kind: .array(items)) }
    repeat { items.append(try value()) } while accept(UInt8(ascii: ","))
    guard accept(UInt8(ascii: "]")) else { throw fail("',' or ']' in an array") }
    return JSONNode(offset: start, kind: .array(items))
  }

  /// A number's text, checked against JSON's grammar.
  private mutating func number() throws -> String {
    let start = reader.offset
    func digits(_ parser: inout JSONParser) -> Int {
      var count = 0
      while let byte = parser.peek, byte >= 0x30, byte <= 0x39 {
        parser.reader.offset += 1
        count += 1
      }
      return count
    }
    if peek == UInt8(ascii: "-") { reader.offset += 1 }
    if digits(&self) == 0 { throw fail("a digit") }
    if peek == UInt8(ascii: ".") {
      reader.offset += 1
      if digits(&self) == 0 { throw fail("a digit after '.'") }
    }
    if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
      reader.offset += 1
      if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { reader.offset += 1 }
      if digits(&self) == 0 { throw fail("a digit in the exponent") }
    }
    return String(decoding: reader.bytes[start..<reader.offset], as: UTF8.self)
  }

  /// A string at the cursor (which is on its opening quote), escapes decoded.
  private mutating func string() throws -> String {
    reader.offset += 1
    var out: [UInt8] = []
    while true {
      guard let byte = peek else { throw fail("a closing '\"'") }
      if byte < 0x20 { throw fail("an escaped control character in a string") }
      reader.offset += 1
      if byte == UInt8(ascii: "\"") { break }
      if byte != UInt8(ascii: "\\") {
        out.append(byte)
        continue
      }
      guard let escape = peek else { throw fail("an escape character") }
      reader.offset += 1
      let simple: [UInt8: UInt8] = [
        0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d,
        0x74: 0x09,
      ]
      if let decoded = simple[escape] {
        out.append(decoded)
      } else if escape == UInt8(ascii: "u") {
        var scalar = try hex4()
        if (0xd800..<0xdc00).contains(scalar), reader.startsWith(Array("\\u".utf8)) {
          let save = reader.offset
          reader.offset += 2
          let low = try hex4()
          if (0xdc00..<0xe000).contains(low) {
            scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
          } else {
            reader.offset = save
          }
        }
        let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        out += Array(String(Character(character)).utf8)
      } else {
        reader.offset -= 1
        throw fail("a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private mutating func hex4() throws -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = peek, let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
        throw fail("four hex digits after \\u")
      }
      value = value << 4 | UInt32(digit)
      reader.offset += 1
    }
    return value
  }
}

/// `text` as a JSON string literal, escaped as serde_json does (so written headers match the
/// reference safetensors writer byte for byte).
func jsonQuoted(_ text: String) -> String {
  var out = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    case "\u{08}": out += "\\b"
    case "\u{0C}": out += "\\f"
    case "\u{00}"..."\u{1F}":
      let digits = String(scalar.value, radix: 16)
      out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
    default: out.unicodeScalars.append(scalar)
    }
  }
  return out + "\""
}

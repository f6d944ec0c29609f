// The .npy header: a Python dict literal with 'descr', 'fortran_order' and 'shape'; parse + emit.

/// The three fields of an .npy header, e.g. `{'descr': '<f8', 'fortran_order': False, 'shape':
/// (2, 3), }`.
struct NpyHeader: Equatable {
  var descr: String
  var fortranOrder: Bool
  var shape: [Int]
  /// File offset of the descr value (for errors).
  var descrOffset = 0

  /// Parses the `length` header bytes at the reader's offset (leaving it after them). Accepts
  /// what `numpy.lib.format` reads: either quote style, any key order, trailing commas and
  /// whitespace; exactly the three keys.
  static func parse(_ reader: inout ByteReader, length: Int) throws -> NpyHeader {
    try reader.need(length, "\(length) header bytes")
    var parser = LiteralParser(reader: reader, end: reader.offset + length)
    let header = try parser.dict()
    reader.offset += length
    return header
  }

  /// The header text as `numpy.lib.format` writes it (keys sorted, repr of each value, then
  /// spaces so the first axis can grow in place); the caller adds alignment padding.
  var text: String {
    let dims = shape.map(String.init)
    let tuple = dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.joined(separator: ", ") + ")"
    let dict =
      "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), "
      + "'shape': \(tuple), }"
    // numpy's GROWTH_AXIS_MAX_DIGITS (21) minus the digits of the growth axis (axis 0).
    let growth = dims.first.map { String(repeating: " ", count: max(0, 21 - $0.count)) } ?? ""
    return dict + growth
  }

  /// The element type named by `descr` and whether it is big-endian.
  func storedType(reader: ByteReader) throws -> (StoredType, bigEndian: Bool) {
    var chars = Array(descr.utf8)
    var bigEndian = false
    if let order = chars.first, "<>|=".utf8.contains(order) {
      bigEndian = order == UInt8(ascii: ">")
      chars.removeFirst()
    }
    let types: [String: StoredType] = [
      "f8": .f64, "f4": .f32, "f2": .f16, "i8": .i64, "i4": .i32, "i2": .i16, "i1": .i8,
      "u8": .u64, "u4": .u32, "u2": .u16, "u1": .u8, "b1": .bool,
    ]
    guard let type = types[String(decoding: chars, as: UTF8.self)] else {
      throw reader.error(
        "a dtype of f8, f4, f2, i8, i4, i2, i1, u8, u4, u2, u1 or b1", found: "'\(descr)'",
        at: descrOffset)
    }
    return (type, bigEndian)
  }
}

/// A recursive-descent parser for the subset of Python literals an .npy header uses.
private struct LiteralParser {
  var reader: ByteReader
  /// One past the header's last byte.
  let end: Int

  /// The byte at the cursor, or nil at the end of the header.
  var peek: UInt8? { reader.offset < end ? reader.bytes[reader.offset] : nil }

  /// What the cursor is on, for "found …".
  var foundText: String {
    guard let byte = peek else { return "the end of the header" }
    if byte >= 0x20 && byte < 0x7f { return "'\(Character(Unicode.Scalar(byte)))'" }
    return "byte 0x" + String(byte, radix: 16)
  }

  func fail(_ expected: String) -> FormatError {
    reader.error(expected, found: foundText)
  }

  mutating func skipSpace() {
    while let byte = peek, byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09 {
      reader.offset += 1
    }
  }

  /// Consumes `char` (after whitespace) if present.
  mutating func accept(_ char: Character) -> Bool {
    skipSpace()
    guard let byte = peek, let ascii = char.asciiValue, byte == ascii else { return false }
    reader.offset += 1
    return true
  }

  mutating func expect(_ char: Character, _ expected: String) throws {
    if !accept(char) { throw fail(expected) }
  }

  /// The whole dict, which must be followed only by whitespace.
  mutating func dict() throws -> NpyHeader {
    try expect("{", "'{' to open the header dict")
    var descr: String?
    var descrOffset = 0
    var fortran: Bool?
    var shape: [Int]?
    while !accept("}") {
      skipSpace()
      let keyOffset = reader.offset
      let key = try string("a key ('descr', 'fortran_order' or 'shape') or '}'")
      try expect(":", "':' after the key '\(key)'")
      skipSpace()
      let duplicate = reader.error("each key once", found: "'\(key)' twice", at: keyOffset)
      switch key {
      case "descr":
        if descr != nil { throw duplicate }
        descrOffset = reader.offset
        descr = try string("a dtype string such as '<f8'")
      case "fortran_order":
        if fortran != nil { throw duplicate }
        fortran = try bool()
      case "shape":
        if shape != nil { throw duplicate }
        shape = try tuple()
      default:
        throw reader.error(
          "a key 'descr', 'fortran_order' or 'shape'", found: "'\(key)'", at: keyOffset)
      }
      if !accept(",") {
        try expect("}", "',' or '}' in the header dict")
        break
      }
    }
    skipSpace()
    if peek != nil { throw fail("only spaces after the header dict") }
    guard let descr, let fortran, let shape else {
      let missing = descr == nil ? "descr" : fortran == nil ? "fortran_order" : "shape"
      throw fail("the keys 'descr', 'fortran_order' and 'shape' (no '\(missing)')")
    }
    return NpyHeader(
      descr: descr, fortranOrder: fortran, shape: shape, descrOffset: descrOffset)
  }

  /// A quoted string (either quote; backslash escapes the next byte).
  mutating func string(_ expected: String) throws -> String {
    skipSpace()
    guard let quote = peek, quote == 0x27 || quote == 0x22 else { throw fail(expected) }
    reader.offset += 1
    var out: [UInt8] = []
    while true {
      guard var byte = peek else { throw fail("a closing quote") }
      reader.offset += 1
      if byte == quote { break }
      if byte == 0x5c {  // backslash
        guard let next = peek else { throw fail("a closing quote") }
        byte = next
        reader.offset += 1
      }
      out.append(byte)
    }
    return String(decoding: out, as: UTF8.self)
  }

  mutating func bool() throws -> Bool {
    if acceptWord("True") { return true }
    if acceptWord("False") { return false }
    throw fail("True or False for 'fortran_order'")
  }

  /// Consumes `word` if the header continues with it.
  mutating func acceptWord(_ word: String) -> Bool {
    let bytes = Array(word.utf8)
    guard reader.offset + bytes.count <= end, reader.startsWith(bytes) else { return false }
    reader.offset += bytes.count
    return true
  }

  /// A tuple (or list) of non-negative integers.
  mutating func tuple() throws -> [Int] {
    let close: Character
    if accept("(") {
      close = ")"
    } else if accept("[") {
      close = "]"
    } else {
      throw fail("a tuple of dimensions for 'shape'")
    }
    var dims: [Int] = []
    while !accept(close) {
      dims.append(try integer())
      if !accept(",") {
        try expect(close, "',' or '\(close)' in the shape")
        break
      }
    }
    return dims
  }

  /// A non-negative decimal integer (Python 2's `L` suffix allowed).
  mutating func integer() throws -> Int {
    skipSpace()
    var value = 0
    var digits = 0
    let start = reader.offset
    while let byte = peek, byte >= 0x30, byte <= 0x39 {
      let (times10, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times10.addingReportingOverflow(Int(byte - 0x30))
      if o1 || o2 { throw reader.error("a dimension that fits in 64 bits", at: start) }
      value = sum
      digits += 1
      reader.offset += 1
    }
    if digits == 0 { throw fail("a non-negative integer dimension") }
    if peek == UInt8(ascii: "L") { reader.offset += 1 }
    return value
  }
}

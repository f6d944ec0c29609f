// Bounds-checked little-endian reads from bytes in memory; every failure is a FormatError.

import FileOut

/// A cursor over a file's bytes. Every read checks that the bytes are present first, so a
/// truncated file or a lying length field becomes a `FormatError` naming the offset and the
/// thing that was being read, never a trap or an out-of-bounds read.
struct ByteReader {
  /// The whole file (or archive member).
  let bytes: UnsafeRawBufferPointer
  /// Where the next read starts.
  var offset: Int = 0
  /// Names the file in errors.
  let file: String
  /// Names the archive member in errors, if any.
  var member: String?

  init(_ bytes: UnsafeRawBufferPointer, file: String, member: String? = nil) {
    self.bytes = bytes
    self.file = file
    self.member = member
  }

  /// Bytes left after `offset`.
  var remaining: Int { bytes.count - offset }

  /// An error at `at` (default: the current offset).
  func error(_ expected: String, found: String? = nil, at: Int? = nil) -> FormatError {
    FormatError(
      file: file, member: member, offset: at ?? offset, expected: expected, found: found)
  }

  /// What a read of `count` bytes found when fewer are left.
  func shortage(_ count: Int) -> String {
    remaining <= 0 ? "end of file" : "only \(remaining) byte\(remaining == 1 ? "" : "s") left"
  }

  /// Throws unless `count` bytes are left (`what` names the thing being read).
  func need(_ count: Int, _ what: @autoclosure () -> String) throws {
    if count < 0 || count > remaining { throw error(what(), found: shortage(count)) }
  }

  /// Moves to an absolute offset, which must lie within the bytes.
  mutating func seek(_ position: Int, _ what: @autoclosure () -> String) throws {
    guard position >= 0, position <= bytes.count else {
      throw error(
        what(), found: "offset \(position) past the end of the file (\(bytes.count) bytes)")
    }
    offset = position
  }

  /// Skips `count` bytes.
  mutating func skip(_ count: Int, _ what: @autoclosure () -> String) throws {
    try need(count, what())
    offset += count
  }

  /// The next `count` bytes, without copying.
  mutating func slice(_ count: Int, _ what: @autoclosure () -> String) throws
    -> UnsafeRawBufferPointer
  {
    try need(count, what())
    let start = offset
    offset += count
    return UnsafeRawBufferPointer(rebasing: bytes[start..<start + count])
  }

  /// A little-endian fixed-width integer.
  mutating func integer<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws
    -> T
  {
    try need(MemoryLayout<T>.size, what())
    let value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    offset += MemoryLayout<T>.size
    return value
  }

  mutating func u8(_ what: @autoclosure () -> String) throws -> UInt8 {
    try integer(UInt8.self, what())
  }
  mutating func u16(_ what: @autoclosure () -> String) throws -> UInt16 {
    try integer(UInt16.self, what())
  }
  mutating func u32(_ what: @autoclosure () -> String) throws -> UInt32 {
    try integer(UInt32.self, what())
  }
  mutating func u64(_ what: @autoclosure () -> String) throws -> UInt64 {
    try integer(UInt64.self, what())
  }

  /// A little-endian u64 used as a length or count: it must fit in `Int`, and (when `limit`
  /// is given) be at most `limit`, which callers set from the bytes actually present.
  mutating func length(_ what: @autoclosure () -> String, limit: Int? = nil) throws -> Int {
    let start = offset
    let raw = try u64(what())
    guard raw <= UInt64(Int.max), limit.map({ Int(raw) <= $0 }) ?? true else {
      let bound = limit.map { " (at most \($0))" } ?? ""
      throw error("\(what())\(bound)", found: "\(raw)", at: start)
    }
    return Int(raw)
  }

  /// `count` bytes decoded as UTF-8 (invalid sequences become U+FFFD).
  mutating func string(_ count: Int, _ what: @autoclosure () -> String) throws -> String {
    String(decoding: try slice(count, what()), as: UTF8.self)
  }

  /// Whether the bytes at `offset` are exactly `literal` (no bounds error when short).
  func startsWith(_ literal: [UInt8]) -> Bool {
    guard remaining >= literal.count else { return false }
    for (i, byte) in literal.enumerated() where bytes[offset + i] != byte { return false }
    return true
  }
}

/// The product of `shape`, or nil if a dimension is negative or the product of the nonzero
/// dimensions overflows `Int` (so no later stride computation can overflow either).
func elementCount(_ shape: [Int]) -> Int? {
  var nonzero = 1
  for dim in shape {
    guard dim >= 0 else { return nil }
    let (product, overflow) = nonzero.multipliedReportingOverflow(by: max(dim, 1))
    if overflow { return nil }
    nonzero = product
  }
  return shape.contains(0) ? 0 : nonzero
}

/// Each key's first position in `keys` (a file's names, looked up by name; a repeated name
/// keeps its first entry).
func firstPositions(_ keys: [String]) -> [String: Int] {
  Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
}

/// `count * size`, or nil on overflow.
func byteSize(_ count: Int, _ size: Int) -> Int? {
  let (product, overflow) = count.multipliedReportingOverflow(by: size)
  return overflow ? nil : product
}

/// Runs `body` on a reader over `bytes`.
func parse<T>(_ bytes: [UInt8], file: String, _ body: (inout ByteReader) throws -> T) throws -> T {
  try bytes.withUnsafeBytes { raw in
    var reader = ByteReader(raw, file: file)
    return try body(&reader)
  }
}

/// Runs `body` on a reader over a file's bytes (`FileIO.read`).
func parse<T>(_ bytes: FileBytes, file: String, _ body: (inout ByteReader) throws -> T) throws -> T
{
  try bytes.withUnsafeBytes { raw in
    var reader = ByteReader(raw, file: file)
    return try body(&reader)
  }
}

// Zip archives for .npz: central-directory reader, stored/deflate members (zlib), stored writer.

import CZlib

/// One member of a zip archive, as its central-directory record describes it.
struct ZipMember {
  var name: String
  /// 0 stored, 8 deflate.
  var method: UInt16
  var crc: UInt32
  var compressedSize: Int
  var size: Int
  /// Offset of the member's local header.
  var headerOffset: Int
  /// Offset of its central-directory record (for errors).
  var recordOffset: Int
}

/// Reading and writing the parts of the zip format `.npz` files use. No zip64, encryption,
/// multi-disk archives or methods other than stored and deflate; each is a clean error.
enum Zip {
  static let endSignature: UInt32 = 0x0605_4b50
  static let centralSignature: UInt32 = 0x0201_4b50
  static let localSignature: UInt32 = 0x0403_4b50
  static let zip64Error = "a zip archive without zip64 records (zip64 is not supported)"

  /// The members listed in the central directory, in archive order.
  static func members(_ reader: inout ByteReader) throws -> [ZipMember] {
    let count = reader.bytes.count
    guard count >= 22 else {
      throw reader.error(
        "a zip end-of-central-directory record", found: reader.shortage(22), at: 0)
    }
    // The end record is 22 bytes plus a comment of up to 65,535 bytes at the very end.
    var end = -1
    var position = count - 22
    while position >= max(0, count - 22 - 0xffff) {
      reader.offset = position
      if try reader.u32("a signature") == endSignature {
        reader.offset = position + 20
        if Int(try reader.u16("a comment length")) <= count - position - 22 {
          end = position
          break
        }
      }
      position -= 1
    }
    guard end >= 0 else {
      throw reader.error(
        "a zip end-of-central-directory record (not a zip archive?)", at: count - 22)
    }
    reader.offset = end + 4
    let disk = try reader.u16("a disk number")
    let centralDisk = try reader.u16("a disk number")
    _ = try reader.u16("an entry count")
    let entries = Int(try reader.u16("an entry count"))
    let centralSize = Int(try reader.u32("a central directory size"))
    let centralOffset = Int(try reader.u32("a central directory offset"))
    if entries == 0xffff || centralSize == 0xffff_ffff || centralOffset == 0xffff_ffff {
      throw reader.error(zip64Error, at: end)
    }
    guard disk == 0, centralDisk == 0 else {
      throw reader.error("a single-disk archive", found: "disk \(disk)", at: end + 4)
    }
    guard centralOffset <= end, centralSize <= end - centralOffset,
      entries <= centralSize / 46
    else {
      throw reader.error(
        "a central directory of \(entries) entries inside the file",
        found: "\(centralSize) bytes at offset \(centralOffset)", at: end + 12)
    }
    reader.offset = centralOffset
    var members: [ZipMember] = []
    members.reserveCapacity(entries)
    for _ in 0..<entries { members.append(try record(&reader)) }
    return members
  }

  /// One central-directory record at the reader's offset.
  private static func record(_ reader: inout ByteReader) throws -> ZipMember {
    let start = reader.offset
    guard try reader.u32("a central directory record") == centralSignature else {
      throw reader.error("a central directory record signature (PK\\1\\2)", at: start)
    }
    try reader.skip(4, "a central directory record")
    let flags = try reader.u16("the member's flags")
    let method = try reader.u16("the member's compression method")
    try reader.skip(4, "the member's date and time")
    let crc = try reader.u32("the member's CRC-32")
    let compressed = Int(try reader.u32("the member's compressed size"))
    let size = Int(try reader.u32("the member's size"))
    let nameLength = Int(try reader.u16("the member's name length"))
    let extraLength = Int(try reader.u16("the member's extra field length"))
    let commentLength = Int(try reader.u16("the member's comment length"))
    try reader.skip(8, "the member's attributes")
    let headerOffset = Int(try reader.u32("the member's local header offset"))
    let name = try reader.string(nameLength, "the member's name (\(nameLength) bytes)")
    try reader.skip(extraLength + commentLength, "the member's extra field and comment")
    if compressed == 0xffff_ffff || size == 0xffff_ffff || headerOffset == 0xffff_ffff {
      throw reader.error(zip64Error, at: start)
    }
    if flags & 1 != 0 {
      throw reader.error("an unencrypted member", found: "'\(name)' encrypted", at: start + 8)
    }
    return ZipMember(
      name: name, method: method, crc: crc, compressedSize: compressed, size: size,
      headerOffset: headerOffset, recordOffset: start)
  }

  /// The uncompressed bytes of `member`, CRC-checked.
  static func contents(of member: ZipMember, _ reader: inout ByteReader) throws -> [UInt8] {
    try reader.seek(member.headerOffset, "the local header of '\(member.name)'")
    let start = reader.offset
    guard try reader.u32("a local header") == localSignature else {
      throw reader.error("a local header signature (PK\\3\\4) for '\(member.name)'", at: start)
    }
    try reader.skip(22, "a local header")
    let nameLength = Int(try reader.u16("a name length"))
    let extraLength = Int(try reader.u16("an extra field length"))
    try reader.skip(nameLength + extraLength, "the local name and extra field")
    let dataOffset = reader.offset
    let data = try reader.slice(
      member.compressedSize, "\(member.compressedSize) bytes of data for '\(member.name)'")
    let bytes: [UInt8]
    switch member.method {
    case 0:
      guard member.compressedSize == member.size else {
        throw reader.error(
          "equal sizes for the stored member '\(member.name)'",
          found: "\(member.compressedSize) and \(member.size)", at: member.recordOffset + 20)
      }
      bytes = Array(data)
    case 8:
      bytes = try inflate(data, size: member.size, reader: reader, start: dataOffset)
    default:
      throw reader.error(
        "a stored or deflated member (method 0 or 8)",
        found: "method \(member.method) for '\(member.name)'", at: member.recordOffset + 10)
    }
    let crc = bytes.withUnsafeBytes { crc32(of: $0) }
    guard crc == member.crc else {
      throw reader.error(
        "CRC-32 \(hex(member.crc)) for '\(member.name)'", found: hex(crc), at: dataOffset)
    }
    return bytes
  }

  /// One `inflate` call writing into `out` after the first `produced` bytes; updates `produced`.
  static func inflateStep(_ stream: inout z_stream, into out: inout [UInt8], produced: inout Int)
    -> Int32
  {
    out.withUnsafeMutableBytes { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return Z_BUF_ERROR }
      stream.next_out = (base + produced).assumingMemoryBound(to: Bytef.self)
      stream.avail_out = uInt(buffer.count - produced)
      let status = CZlib.inflate(&stream, Z_NO_FLUSH)
      produced = buffer.count - Int(stream.avail_out)
      return status
    }
  }

  /// The raw-deflate stream `input` inflated; it must come to exactly `size` bytes. Memory grows
  /// with the output actually produced, so a lying size cannot cause a huge allocation.
  static func inflate(
    _ input: UnsafeRawBufferPointer, size: Int, reader: ByteReader, start: Int
  ) throws -> [UInt8] {
    var stream = z_stream()
    guard fsl_inflate_init_raw(&stream) == Z_OK else {
      throw reader.error("zlib to start inflating (out of memory?)", at: start)
    }
    defer { inflateEnd(&stream) }
    stream.next_in = UnsafeMutablePointer(
      mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
    stream.avail_in = uInt(input.count)
    let limit = size + 1  // room for one byte too many, to notice a lying size
    var out = [UInt8](repeating: 0, count: min(limit, max(1 << 16, input.count * 4)))
    var produced = 0
    while true {
      let before = (stream.avail_in, produced)
      let status = Zip.inflateStep(&stream, into: &out, produced: &produced)
      let consumed = input.count - Int(stream.avail_in)
      if status == Z_STREAM_END { break }
      guard status == Z_OK || status == Z_BUF_ERROR else {
        let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
        throw reader.error("valid deflate data", found: message, at: start + consumed)
      }
      if produced == out.count && out.count < limit {
        out.append(contentsOf: repeatElement(0, count: min(limit - out.count, out.count)))
      } else if produced == out.count {
        break  // one byte past the size; reported below
      } else if stream.avail_in == 0 || before == (stream.avail_in, produced) {
        throw reader.error("more deflate data", found: "end of the member", at: start + consumed)
      }
    }
    guard produced == size else {
      let found = produced > size ? "more" : "\(produced)"
      throw reader.error("\(size) inflated bytes as the zip header says", found: found, at: start)
    }
    out.removeLast(out.count - produced)
    return out
  }

  /// The CRC-32 of `bytes` continuing from `crc` (zip's checksum).
  static func crc32(of bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
    var value = uLong(crc)
    var offset = 0
    while offset < bytes.count, let base = bytes.baseAddress {
      let chunk = min(bytes.count - offset, 1 << 30)
      value = CZlib.crc32(
        value, (base + offset).assumingMemoryBound(to: Bytef.self), uInt(chunk))
      offset += chunk
    }
    return UInt32(truncatingIfNeeded: value)
  }

  static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
  }
}

/// Writes a zip archive of stored (uncompressed) members, member by member, to a sink.
struct ZipWriter<Sink: ByteSink> {
  var sink: Sink
  /// Names the output in errors.
  let path: String
  private var position = 0
  private var central: [UInt8] = []
  private var count = 0

  init(sink: Sink, path: String) {
    self.sink = sink
    self.path = path
  }

  /// Appends a stored member whose contents are the concatenation of `parts`.
  mutating func addStored(name: String, parts: [UnsafeRawBufferPointer]) throws {
    let size = parts.reduce(0) { $0 + $1.count }
    let nameBytes = Array(name.utf8)
    guard position + 30 + nameBytes.count + size < 0xffff_ffff, count < 0xfffe,
      nameBytes.count <= 0xffff
    else {
      throw FileError(path: path, reason: "cannot write: too large for a zip archive without zip64")
    }
    let crc = parts.reduce(UInt32(0)) { Zip.crc32(of: $1, continuing: $0) }
    let flags: UInt16 = nameBytes.allSatisfy { $0 < 0x80 } ? 0 : 0x0800  // bit 11: UTF-8 name
    var local: [UInt8] = []
    local.put32(Zip.localSignature)
    local.put16(20, flags, 0, 0, 0x21)  // version 2.0, flags, stored, time 0, date 1980-01-01
    local.put32(crc, UInt32(size), UInt32(size))
    local.put16(UInt16(nameBytes.count), 0)
    local += nameBytes
    central.put32(Zip.centralSignature)
    central.put16(20, 20, flags, 0, 0, 0x21)
    central.put32(crc, UInt32(size), UInt32(size))
    central.put16(UInt16(nameBytes.count), 0, 0, 0, 0)
    central.put32(0, UInt32(position))
    central += nameBytes
    try sink.write(local)
    for part in parts { try sink.write(part) }
    position += local.count + size
    count += 1
  }

  /// Writes the central directory and the end record.
  mutating func finish() throws {
    guard position + central.count < 0xffff_ffff else {
      throw FileError(path: path, reason: "cannot write: too large for a zip archive without zip64")
    }
    var end: [UInt8] = []
    end.put32(Zip.endSignature)
    end.put16(0, 0, UInt16(count), UInt16(count))
    end.put32(UInt32(central.count), UInt32(position))
    end.put16(0)
    try sink.write(central)
    try sink.write(end)
  }
}

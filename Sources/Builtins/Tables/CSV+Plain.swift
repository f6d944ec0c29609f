// read_csv's chunked path for a plain file (no quotes or carriage returns, at least
// `plainThreshold` bytes): the columns are typed in one pass over the file's bytes, in chunks of
// whole rows on every core, with no field offsets stored (CSV+PlainChunk.swift). Results are
// the flat path's (`parse` + `typedColumn`) bit for bit; anything unusual goes back to it.
//
// Design note. The flat path split the whole file into 10M field offsets (80 MB) and then read
// every column through them; pandas reads in chunks. Here: (1) the file is cut into chunks of
// about 1 MB at newlines and each chunk's rows are counted (in parallel), which gives every
// chunk its first row; (2) the first rows guess each column's mode: number if every cell is a
// number or missing, bool if every cell is true/false, else string; (3) every chunk parses its
// cells straight into the columns' buffers; (4) a column whose guess failed in some chunk (a
// word after many numbers) is read again as strings in a second pass over the chunks; number
// columns with an f64 chunk turn their i64 chunks to f64; string ids become pool codes.
import Foundation
import Interp
import Tensor

extension CSV {
  /// Files from this size take the chunked path.
  static let plainThreshold = 1 << 16

  /// Rows that guess the columns' modes.
  static let plainSample = 256

  /// The header and typed columns of a plain file's bytes, or nil for the flat path.
  static func plainColumns(
    _ p: UnsafeBufferPointer<UInt8>, poll: () -> Bool
  ) throws -> (header: [String], columns: [Value])? {
    guard let base = p.baseAddress else { return nil }
    let n = p.count
    let origin = p.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    guard origin < n, let nl = memchr(base + origin, 10, n - origin) else { return nil }
    let headerEnd = UnsafeRawPointer(nl) - UnsafeRawPointer(base)
    guard headerEnd > origin, headerEnd + 1 < n else { return nil }
    let header = p[origin..<headerEnd].split(separator: 44, omittingEmptySubsequences: false)
      .map { String(decoding: $0, as: UTF8.self) }
    let width = header.count
    guard let modes = plainModes(p, from: headerEnd + 1, width: width) else { return nil }

    guard memchr(base, 34, headerEnd) == nil, memchr(base, 13, headerEnd) == nil else {
      return nil
    }
    var chunks = plainChunks(base, n, from: headerEnd + 1)
    let counted = chunks.withUnsafeMutableBufferPointer { cs in
      DispatchQueue.concurrentPerform(iterations: cs.count) { c in
        cs[c].rows = countRows(base, cs[c].start, cs[c].end) ?? -1
      }
      return !cs.contains { $0.rows < 0 }
    }
    guard counted else { return nil }
    var rows = 0
    for c in chunks.indices {
      chunks[c].row = rows
      rows += chunks[c].rows
    }
    if poll() { throw interrupted() }

    // Pass 1 in the guessed modes; pass 2 reads the failed columns as strings.
    // Allocated as tensors are, so the memory limit applies (a MemoryError names the shape).
    func allocate(_ dtype: DType) throws -> Buffer? {
      try tensorCall { try Tensor(allocating: [rows], dtype: dtype) }.buffer
    }
    var outs = try modes.map { try allocate($0 == .bool ? .bool : .i64) }
    guard try plainPass(base, n, modes, outs, &chunks, poll) else { return nil }
    var columns = [Value](repeating: .null, count: width)
    var again = modes.map { _ in PlainMode.skip }
    for j in 0..<width {
      guard let buffer = outs[j] else { return nil }
      if chunks.contains(where: { $0.failed[j] }) {
        again[j] = .string
        outs[j] = try allocate(.str)
        continue
      }
      switch modes[j] {
      case .number:
        columns[j] = .tensor(plainNumbers(buffer, chunks, j, rows))
      case .bool:
        columns[j] = .tensor(Tensor(shape: [rows], dtype: .bool, buffer: buffer))
      default:
        columns[j] = .tensor(plainStrings(buffer, chunks, j, base, rows))
      }
    }
    if again.contains(.string) {
      guard try plainPass(base, n, again, outs, &chunks, poll) else { return nil }
      for j in 0..<width where again[j] == .string {
        guard let buffer = outs[j] else { return nil }
        columns[j] = .tensor(plainStrings(buffer, chunks, j, base, rows))
      }
    }
    return (header, columns)
  }

  /// Runs one pass over every chunk on every core; false when a chunk was bad.
  static func plainPass(
    _ base: UnsafePointer<UInt8>, _ n: Int, _ modes: [PlainMode], _ outs: [Buffer?],
    _ chunks: inout [PlainChunk], _ poll: () -> Bool
  ) throws -> Bool {
    let raws = outs.map { $0?.raw ?? UnsafeMutableRawPointer(mutating: base) }
    let ok = raws.withUnsafeBufferPointer { o in
      modes.withUnsafeBufferPointer { m in
        guard let outs = o.baseAddress, let modes = m.baseAddress else { return false }
        let pass = PlainPass(base: base, count: n, width: m.count, modes: modes, outs: outs)
        return chunks.withUnsafeMutableBufferPointer { cs in
          DispatchQueue.concurrentPerform(iterations: cs.count) { c in
            cs[c].bad = false
            runChunk(pass, &cs[c])
          }
          return !cs.contains { $0.bad }
        }
      }
    }
    if poll() { throw interrupted() }
    return ok
  }

  /// Chunks of whole rows of about a megabyte (smaller for small files) from `start` on.
  static func plainChunks(_ base: UnsafePointer<UInt8>, _ n: Int, from start: Int) -> [PlainChunk] {
    let size = min(1 << 20, max(1 << 14, (n - start) / 64))
    var chunks: [PlainChunk] = []
    var s = start
    while s < n {
      var e = min(n, s + size)
      if e < n, let hit = memchr(base + e - 1, 10, n - e + 1) {
        e = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
      } else {
        e = n
      }
      chunks.append(PlainChunk(start: s, end: e))
      s = e
    }
    return chunks
  }

  /// Each column's mode from the first `plainSample` rows after `start` (see the file
  /// comment); nil when a row of them has another width or is empty.
  static func plainModes(_ p: UnsafeBufferPointer<UInt8>, from start: Int, width: Int)
    -> [PlainMode]?
  {
    var numbers = [Bool](repeating: true, count: width)
    var bools = [Bool](repeating: true, count: width)
    var i = start
    var r = 0
    while i < p.count && r < plainSample {
      for j in 0..<width {
        var q = i
        while q < p.count && p[q] != 44 && p[q] != 10 { q += 1 }
        let separator = q < p.count ? p[q] : 10
        guard separator == (j == width - 1 ? 10 : 44), q > i || width > 1 else { return nil }
        let (lo, hi) = trim(p, i, q)
        if numbers[j] && !missing(p, lo, hi) && number(p, lo, hi, exactPowersPointer) == nil {
          numbers[j] = false
        }
        if bools[j], let base = p.baseAddress, plainBool(base, i, q) == nil { bools[j] = false }
        i = q + 1
      }
      r += 1
    }
    return (0..<width).map { j in numbers[j] ? .number : bools[j] ? .bool : .string }
  }

  /// A number column's tensor: i64 when every chunk stayed integral, else f64 (the integral
  /// chunks turned in place).
  static func plainNumbers(_ buffer: Buffer, _ chunks: [PlainChunk], _ j: Int, _ rows: Int)
    -> Tensor
  {
    guard chunks.contains(where: { $0.floats[j] }) else {
      return Tensor(shape: [rows], dtype: .i64, buffer: buffer)
    }
    let out = buffer.raw
    for chunk in chunks where !chunk.floats[j] {
      for k in chunk.row..<chunk.row + chunk.rows {
        let v = out.load(fromByteOffset: k * 8, as: Int64.self)
        out.storeBytes(of: Double(v), toByteOffset: k * 8, as: Double.self)
      }
    }
    return Tensor(shape: [rows], dtype: .f64, buffer: buffer)
  }

  /// A str column's tensor: each chunk's distinct strings interned once, its ids made codes.
  static func plainStrings(
    _ buffer: Buffer, _ chunks: [PlainChunk], _ j: Int, _ base: UnsafePointer<UInt8>, _ rows: Int
  ) -> Tensor {
    var strings: [String] = []
    var offsets: [Int] = []
    for chunk in chunks {
      offsets.append(strings.count)
      let ranges = chunk.distinct[j]
      for k in stride(from: 0, to: ranges.count, by: 2) {
        let bytes = UnsafeBufferPointer(start: base + ranges[k], count: ranges[k + 1] - ranges[k])
        strings.append(String(decoding: bytes, as: UTF8.self))
      }
    }
    let codes = StringPool.shared.codes(strings)
    let out = buffer.raw
    for (c, chunk) in chunks.enumerated() {
      let offset = offsets[c]
      for k in chunk.row..<chunk.row + chunk.rows {
        let id = Int(out.load(fromByteOffset: k * 8, as: Int64.self))
        out.storeBytes(of: codes[offset + id], toByteOffset: k * 8, as: Int64.self)
      }
    }
    return Tensor(shape: [rows], dtype: .str, buffer: buffer)
  }
}

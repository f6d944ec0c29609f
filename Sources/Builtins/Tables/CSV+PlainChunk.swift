// One chunk of read_csv's chunked path (CSV+Plain.swift): whole rows of a plain file, parsed in
// one walk over their bytes, each cell straight into its column's output at its global row; no
// field offsets are stored. A number column stores i64 cells until the chunk meets another
// number or a missing cell, then turns the chunk's cells so far into f64 in place (the column's
// cells are 8 bytes either way); a string column stores chunk-local ids from a hash table of
// byte ranges, mapped to pool codes on the calling thread. A cell that fits no number (or no
// bool) marks the column failed for the chunk; a row of another width or an empty line marks
// the chunk bad, and the flat path then reads the file (with its errors). Workers touch only
// raw memory and values they own: Builtins assumes single-threaded reference counts.
import CInterrupt
import Foundation

extension CSV {
  /// How a pass reads a column's cells.
  enum PlainMode: UInt8 { case number, bool, string, skip }

  /// Everything a worker reads: trivial values only, shared by all workers of a pass.
  struct PlainPass {
    let base: UnsafePointer<UInt8>
    let count: Int
    let width: Int
    let modes: UnsafePointer<PlainMode>
    /// Per column: 8 bytes per row (number, string) or 1 (bool); unused for `skip`.
    let outs: UnsafePointer<UnsafeMutableRawPointer>
  }

  /// A chunk of rows (`start..<end` ends past a newline or at the end of the file) and what a
  /// pass found in it. Each worker writes only its own chunk.
  struct PlainChunk {
    var start = 0
    var end = 0
    /// The chunk's first row (0 is the first row after the header) and its row count.
    var row = 0
    var rows = 0
    /// Per column: the chunk's numbers went f64; a cell fitted no number or bool.
    var floats: [Bool] = []
    var failed: [Bool] = []
    /// Per string column: the chunk's distinct strings as (start, end) pairs, in id order.
    var distinct: [[Int]] = []
    /// A row of another width, an empty line, or Ctrl-C: the flat path decides.
    var bad = false
  }

  /// A chunk-local hash table of byte ranges (linear probing on `hashBytes`).
  struct PlainInterner {
    var slots = [Int32](repeating: -1, count: 64)
    var mask = 63
    var ranges: [Int] = []
    var hashes: [UInt64] = []

    mutating func id(_ base: UnsafePointer<UInt8>, _ lo: Int, _ hi: Int, _ h: UInt64) -> Int32 {
      var s = Int(truncatingIfNeeded: h) & mask
      while true {
        let j = slots[s]
        if j < 0 { break }
        let (a, b) = (ranges[2 * Int(j)], ranges[2 * Int(j) + 1])
        if hashes[Int(j)] == h && b - a == hi - lo {
          // Cells are short: a byte loop beats a call to memcmp.
          var k = 0
          while k < hi - lo && base[a + k] == base[lo + k] { k += 1 }
          if k == hi - lo { return j }
        }
        s = (s + 1) & mask
      }
      let id = Int32(hashes.count)
      slots[s] = id
      ranges.append(lo)
      ranges.append(hi)
      hashes.append(h)
      if hashes.count * 2 > mask { CSV.grow(&slots, &mask, hashes) }
      return id
    }
  }

  /// Stores a number cell; the first non-integer of the chunk turns its integers so far to f64.
  @inline(__always)
  static func putNumber(
    _ out: UnsafeMutableRawPointer, _ r: Int, from first: Int, _ d: Double, _ int: Int64?,
    _ isFloat: inout Bool
  ) {
    if let int, !isFloat { return out.storeBytes(of: int, toByteOffset: r &* 8, as: Int64.self) }
    if !isFloat {
      for k in first..<r {
        let v = out.load(fromByteOffset: k &* 8, as: Int64.self)
        out.storeBytes(of: Double(v), toByteOffset: k &* 8, as: Double.self)
      }
      isFloat = true
    }
    out.storeBytes(of: d, toByteOffset: r &* 8, as: Double.self)
  }

  /// Whether `base[lo..<hi]` is true/True/TRUE (1), false/False/FALSE (0), or neither (nil).
  @inline(__always)
  static func plainBool(_ base: UnsafePointer<UInt8>, _ lo: Int, _ hi: Int) -> UInt8? {
    let s = UnsafeBufferPointer(start: base + lo, count: hi - lo)
    if s.elementsEqual("true".utf8) || s.elementsEqual("True".utf8) || s.elementsEqual("TRUE".utf8)
    {
      return 1
    }
    if s.elementsEqual("false".utf8) || s.elementsEqual("False".utf8)
      || s.elementsEqual("FALSE".utf8)
    {
      return 0
    }
    return nil
  }

  /// Parses `chunk`'s rows as `pass` says (see the file comment).
  static func runChunk(_ pass: PlainPass, _ chunk: inout PlainChunk) {
    let base = pass.base
    let p = UnsafeBufferPointer(start: base, count: pass.count)
    let width = pass.width
    let powers = exactPowersPointer
    let (comma, lf): (UInt8, UInt8) = (44, 10)
    var floats = [Bool](repeating: false, count: width)
    var failed = [Bool](repeating: false, count: width)
    var tables = [PlainInterner](repeating: PlainInterner(), count: width)
    let end = chunk.end
    let first = chunk.row
    var pos = chunk.start
    var r = first
    defer {
      chunk.floats = floats
      chunk.failed = failed
      chunk.distinct = tables.map { $0.ranges }
      if !chunk.bad && r - first != chunk.rows { chunk.bad = true }
    }
    @inline(__always) func scan(_ from: Int) -> Int {
      var q = from
      while q < end {
        let c = base[q]
        if c <= comma && (c == comma || c == lf) { break }
        q += 1
      }
      return q
    }
    while pos < end {
      if base[pos] == lf || ((r - first) & 4095 == 0 && fsl_interrupt_pending() != 0) {
        chunk.bad = true
        return
      }
      for j in 0..<width {
        var q = pos
        let out = pass.outs[j]
        switch pass.modes[j] {
        case .number where !failed[j]:
          // The usual cell, [-+]digits[.digits] up to 18 digits, parsed as `number` does.
          var i = pos
          let negative = i < end && base[i] == UInt8(ascii: "-")
          if negative || (i < end && base[i] == UInt8(ascii: "+")) { i += 1 }
          var mantissa: UInt64 = 0
          var digits = scanDigits(base, &i, end, &mantissa)
          var fraction = -1
          if i < end && base[i] == UInt8(ascii: ".") {
            i += 1
            fraction = scanDigits(base, &i, end, &mantissa)
            digits += fraction
          }
          let stop = i < end ? base[i] : lf
          if (stop == comma || stop == lf) && digits > 0 && digits <= 18
            && (fraction < 0 || mantissa <= 1 << 53)
          {
            q = i
            if fraction < 0 {
              let int = negative ? -Int64(mantissa) : Int64(mantissa)
              putNumber(out, r, from: first, Double(int), int, &floats[j])
            } else {
              let v = Double(mantissa) / powers[fraction]
              putNumber(out, r, from: first, negative ? -v : v, nil, &floats[j])
            }
            break
          }
          q = scan(pos)
          let (lo, hi) = trim(p, pos, q)
          if missing(p, lo, hi) {
            putNumber(out, r, from: first, .nan, nil, &floats[j])
          } else if let (d, int) = number(p, lo, hi, powers) {
            putNumber(out, r, from: first, d, int, &floats[j])
          } else {
            failed[j] = true
          }
        case .bool where !failed[j]:
          q = scan(pos)
          if let b = plainBool(base, pos, q) {
            out.storeBytes(of: b, toByteOffset: r, as: UInt8.self)
          } else {
            failed[j] = true
          }
        case .string:
          q = scan(pos)
          let id = tables[j].id(base, pos, q, hashBytes(base, pos, q))
          out.storeBytes(of: Int64(id), toByteOffset: r &* 8, as: Int64.self)
        default:
          q = scan(pos)
        }
        let separator = q < end ? base[q] : lf
        if separator != (j == width - 1 ? lf : comma) {
          chunk.bad = true
          return
        }
        pos = q + 1
      }
      r += 1
    }
  }

  /// The rows in `base[start..<end]`: its newlines, plus one for a last line without one; nil
  /// when the bytes hold a quote or a carriage return (the flat path reads those).
  static func countRows(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
    let raw = UnsafeRawPointer(base)
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    @inline(__always) func zeros(_ y: UInt64) -> UInt64 { ~(((y & low7) &+ low7) | y | low7) }
    let (newlines, quotes, crs): (UInt64, UInt64, UInt64) = (
      0x0A0A_0A0A_0A0A_0A0A, 0x2222_2222_2222_2222, 0x0D0D_0D0D_0D0D_0D0D
    )
    var rows = 0
    var special: UInt64 = 0
    var i = start
    while i + 8 <= end {
      let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      rows += zeros(x ^ newlines).nonzeroBitCount
      special |= zeros(x ^ quotes) | zeros(x ^ crs)
      i += 8
    }
    while i < end {
      if base[i] == 10 { rows += 1 }
      if base[i] == 34 || base[i] == 13 { special = 1 }
      i += 1
    }
    guard special == 0 else { return nil }
    return end > start && base[end - 1] != 10 ? rows + 1 : rows
  }
}

// CSV ↔ tables: RFC 4180 quoting, a header row, numeric columns as f64 tensors with missing
// cells as NaN (a column with no cells at all too), other columns as str tensors. A repeated
// header name gets pandas' suffix (`score`, `score.1`, `score.2`). Errors name the file and line.
//
// Design note. Goals: time linear in the file (a 1M-row × 10-column file is written in about
// 1.5 s of CPU), then memory. The flat path here walks the UTF-8 bytes once into one flat array
// of fields, typed column by column (CSV+Columns.swift); a large file without quotes or
// carriage returns takes the chunked path instead (CSV+Plain.swift: no field offsets, every
// core), read from a mapping (CSV+File.swift). Writing (CSV+Write.swift) appends each cell's
// bytes to one buffer, copying a tensor column's numbers out once (never through `Tensor.items`
// per cell, which copied the whole column for every cell and made write_csv quadratic). Both
// poll for Ctrl-C every `pollEvery` rows.
import CInterrupt
import Foundation
import Interp
import Tensor

enum CSV {
  /// Rows between two polls of the interrupt flag (one load each: cheap).
  static let pollEvery = 4096

  /// Whether Ctrl-C is pending: the process-wide flag `Interpreter.interruptRequested` reads,
  /// for callers with no interpreter at hand.
  static func interruptPending() -> Bool { fsl_interrupt_pending() != 0 }

  static func interrupted() -> RuntimeError { RuntimeError("Interrupted", "interrupted") }

  /// A text file's contents; `.gz` files are decompressed. Errors name `who`.
  static func readText(_ path: String, _ who: String) throws -> String {
    var bytes = try FileBuiltins.read(path, who)
    if path.lowercased().hasSuffix(".gz") {
      let raw = bytes
      bytes = try FileBuiltins.formatCall { try Gzip.decompress(raw, name: path) }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Parsed CSV: the unquoted bytes of every field in file order, where each field ends, and
  /// where each row ends (in fields). Flat arrays, so a million rows make no million
  /// allocations, and numeric cells never become long-lived `String`s.
  /// `parsePlain` leaves the file's bytes as `data`: field k then starts `gap` (1) bytes after
  /// field k-1 ends (past its comma or newline), and field 0 at `first` (past a byte-order mark).
  struct Rows: RandomAccessCollection {
    var data: [UInt8] = []
    var fieldEnds: [Int] = []
    var rowEnds: [Int] = []
    var first = 0
    var gap = 0
    /// Set by `parsePlain` on a large file: the header and the columns already typed
    /// (CSV+Plain.swift), for `table`; the field arrays are then empty.
    var typed: (header: [String], columns: [Value])?
    /// Where field `k` starts in `data`.
    @inline(__always) func start(_ k: Int) -> Int { k == 0 ? first : fieldEnds[k - 1] + gap }
    var startIndex: Int { 0 }
    var endIndex: Int { rowEnds.count }
    /// The fields of row `r`.
    subscript(r: Int) -> [String] { fieldRange(r).map(field) }
    func fieldRange(_ r: Int) -> Range<Int> { (r == 0 ? 0 : rowEnds[r - 1])..<rowEnds[r] }
    func bytes(_ k: Int) -> ArraySlice<UInt8> { data[start(k)..<fieldEnds[k]] }
    func field(_ k: Int) -> String { String(decoding: bytes(k), as: UTF8.self) }
  }

  /// Splits CSV text into rows of fields (quotes may hold commas, doubled quotes and newlines).
  static func parse(
    _ text: String, file: String, poll: () -> Bool = CSV.interruptPending
  ) throws -> Rows {
    var text = text
    return try text.withUTF8 { try parse(bytes: $0, file: file, poll: poll) }
  }

  static func parse(
    bytes b: UnsafeBufferPointer<UInt8>, file: String, poll: () -> Bool
  ) throws -> Rows {
    let quote = UInt8(ascii: "\"")
    let comma = UInt8(ascii: ",")
    let lf = UInt8(ascii: "\n")
    let cr = UInt8(ascii: "\r")
    var rows = Rows()
    // Unquoted text is never longer than the input: write it through a pointer, trim after.
    var data = [UInt8](repeating: 0, count: b.count)
    rows.fieldEnds.reserveCapacity(b.count / 8)
    var w = 0
    var rowStart = 0
    var quoted = false
    var line = 1
    var i = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var fieldStart = 0
    try data.withUnsafeMutableBufferPointer { out in
      func take() {
        rows.fieldEnds.append(w)
        fieldStart = w
      }
      func endRow() throws {
        let empty = w == fieldStart
        take()
        if rows.fieldEnds.count == rowStart + 1 && empty {
          rows.fieldEnds.removeLast()  // an empty line is no row
          return
        }
        rows.rowEnds.append(rows.fieldEnds.count)
        rowStart = rows.fieldEnds.count
        if rows.rowEnds.count % pollEvery == 0 && poll() { throw interrupted() }
      }
      while i < b.count {
        let c = b[i]
        if quoted {
          if c == quote {
            if i + 1 < b.count && b[i + 1] == quote {
              out[w] = quote
              w += 1
              i += 1
            } else {
              quoted = false
            }
          } else {
            if c == lf { line += 1 }
            out[w] = c
            w += 1
          }
        } else if c == quote && w == fieldStart {
          quoted = true
        } else if c == comma {
          take()
        } else if c == lf || c == cr {
          if c == cr && i + 1 < b.count && b[i + 1] == lf { i += 1 }
          try endRow()
          line += 1
        } else {
          // A run of plain bytes: every byte above ',' (digits, letters, '.', '-') is plain,
          // so most bytes cost one comparison.
          out[w] = c
          w += 1
          i += 1
          while i < b.count {
            let d = b[i]
            if d <= comma && (d == comma || d == quote || d == lf || d == cr) { break }
            out[w] = d
            w += 1
            i += 1
          }
          continue
        }
        i += 1
      }
      if quoted {
        throw RuntimeError.io("\(file): line \(line): expected a closing '\"', found end of file")
      }
      if w > fieldStart || rows.fieldEnds.count > rowStart {
        take()
        rows.rowEnds.append(rows.fieldEnds.count)
      }
    }
    data.removeLast(data.count - w)
    rows.data = data
    return rows
  }

  /// `parse` for a file with no quotes, carriage returns or empty lines (checked here; nil
  /// otherwise): the fields are found without copying any byte, the file itself being `data`.
  /// With `chunked`, a large file takes the chunked path (CSV+Plain.swift) and comes back typed.
  static func parsePlain(_ bytes: [UInt8], poll: () -> Bool, chunked: Bool = true) throws -> Rows? {
    if chunked && bytes.count >= plainThreshold,
      let typed = try bytes.withUnsafeBufferPointer({ try plainColumns($0, poll: poll) })
    {
      var rows = Rows()
      rows.typed = typed
      return rows
    }
    let comma = UInt8(ascii: ",")
    let lf = UInt8(ascii: "\n")
    let n = bytes.count
    let plain = bytes.withUnsafeBufferPointer { p -> Bool in
      guard let base = p.baseAddress else { return false }
      return memchr(base, Int32(UInt8(ascii: "\"")), n) == nil
        && memchr(base, Int32(UInt8(ascii: "\r")), n) == nil
    }
    guard plain else { return nil }
    var rows = Rows()
    rows.first = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    rows.gap = 1
    rows.fieldEnds.reserveCapacity(n / 8)
    var fieldStart = rows.first
    var rowStart = 0
    let ok = try bytes.withUnsafeBufferPointer { p -> Bool in
      guard let base = p.baseAddress else { return true }
      let raw = UnsafeRawPointer(base)
      // A separator at `i`: false for an empty line (which `parse` handles).
      @inline(__always) func separator(_ i: Int) throws -> Bool {
        if p[i] == comma {
          rows.fieldEnds.append(i)
          fieldStart = i + 1
          return true
        }
        if fieldStart == i && rows.fieldEnds.count == rowStart { return false }
        rows.fieldEnds.append(i)
        rows.rowEnds.append(rows.fieldEnds.count)
        rowStart = rows.fieldEnds.count
        fieldStart = i + 1
        if rows.rowEnds.count % pollEvery == 0 && poll() { throw interrupted() }
        return true
      }
      // Eight bytes at a time: the exact zero-byte test on x ^ ",,,," and x ^ "\n\n\n\n"
      // marks each separator's high bit, visited in order.
      let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
      let commas = UInt64(comma) &* 0x0101_0101_0101_0101
      let newlines = UInt64(lf) &* 0x0101_0101_0101_0101
      @inline(__always) func zeros(_ y: UInt64) -> UInt64 { ~(((y & low7) &+ low7) | y | low7) }
      var i = rows.first
      while i + 8 <= n {
        let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        var m = zeros(x ^ commas) | zeros(x ^ newlines)
        while m != 0 {
          guard try separator(i + m.trailingZeroBitCount >> 3) else { return false }
          m &= m &- 1
        }
        i += 8
      }
      while i < n {
        if p[i] == comma || p[i] == lf {
          guard try separator(i) else { return false }
        }
        i += 1
      }
      return true
    }
    guard ok else { return nil }
    if fieldStart < n || rows.fieldEnds.count > rowStart {
      rows.fieldEnds.append(n)
      rows.rowEnds.append(rows.fieldEnds.count)
    }
    rows.data = bytes
    return rows
  }

  /// A table from parsed rows (the first is the header).
  static func table(
    _ rows: Rows, file: String, poll: () -> Bool = CSV.interruptPending
  ) throws -> FTable {
    if let typed = rows.typed {
      return try FTable(FDict(Array(zip(headerNames(typed.header), typed.columns))))
    }
    guard let header = rows.first else {
      throw RuntimeError.io("\(file): expected a header row, found an empty file")
    }
    for r in rows.indices where rows.fieldRange(r).count != header.count {
      throw RuntimeError.io(
        "\(file): line \(r + 1): expected \(header.count) fields as in the header, "
          + "found \(rows.fieldRange(r).count)")
    }
    let names = headerNames(header)
    // Columns are typed independently: on a large file, on every core (the string pool locks).
    let width = header.count
    var typed = [Value](repeating: .null, count: width)
    if width > 1 && rows.fieldEnds.count >= 1 << 16 {
      if poll() { throw interrupted() }
      typed.withUnsafeMutableBufferPointer { out in
        guard let base = out.baseAddress else { return }
        DispatchQueue.concurrentPerform(iterations: width) { j in
          base[j] = typedColumn(rows, first: width + j, step: width)
        }
      }
    } else {
      for j in 0..<width {
        if poll() { throw interrupted() }
        typed[j] = typedColumn(rows, first: width + j, step: width)
      }
    }
    if poll() { throw interrupted() }
    let cols = FDict(Array(zip(names, typed)))
    return try FTable(cols)
  }

  /// The header's names, a repeated one suffixed as pandas does (`score`, `score.1`, …).
  static func headerNames(_ header: [String]) -> [String] {
    var names: [String] = []
    var taken: Set<String> = []
    var repeats: [String: Int] = [:]
    for raw in header {
      var name = raw
      if taken.contains(name) {
        // pandas' `mangle_dupe_cols`: the k-th repeat is `name.k` (skipping names taken).
        var k = repeats[raw, default: 0]
        repeat {
          k += 1
          name = "\(raw).\(k)"
        } while taken.contains(name)
        repeats[raw] = k
      }
      taken.insert(name)
      names.append(name)
    }
    return names
  }

  /// `s` without leading and trailing whitespace; no copy when it has none (the usual case).
  static func trimmed(_ s: String) -> String {
    guard let first = s.utf8.first, let last = s.utf8.last else { return s }
    func plain(_ b: UInt8) -> Bool { b > 0x20 && b < 0x80 }
    if plain(first) && plain(last) { return s }
    return s.trimmingCharacters(in: .whitespaces)
  }

  /// The cells read as a missing number: empty, `NA`, `NaN`, `nan`, `null`.
  static func isMissing(_ s: String) -> Bool {
    s.utf8.count <= 4 && (s.isEmpty || s == "NA" || s == "NaN" || s == "nan" || s == "null")
  }
}

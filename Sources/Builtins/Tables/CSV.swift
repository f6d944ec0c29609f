// CSV ↔ tables: RFC 4180 quoting, a header row, numeric columns as f64 tensors with missing
// cells as NaN, other columns as lists of strings. Errors name the file and line.
import Foundation
import Interp
import Tensor

enum CSV {
  /// A text file's contents; `.gz` files are decompressed. Errors name `who`.
  static func readText(_ path: String, _ who: String) throws -> String {
    var bytes = try FileBuiltins.read(path, who)
    if path.lowercased().hasSuffix(".gz") {
      let raw = bytes
      bytes = try FileBuiltins.formatCall { try Gzip.decompress(raw, name: path) }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Splits CSV text into rows of fields (quotes may hold commas, doubled quotes and newlines).
  static func parse(_ text: String, file: String) throws -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var line = 1
    var chars = Array(text.unicodeScalars)
    if chars.first == "\u{FEFF}" { chars.removeFirst() }
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if quoted {
        if c == "\"" {
          if i + 1 < chars.count && chars[i + 1] == "\"" {
            field.unicodeScalars.append("\"")
            i += 1
          } else {
            quoted = false
          }
        } else {
          if c == "\n" { line += 1 }
          field.unicodeScalars.append(c)
        }
      } else if c == "\"" && field.isEmpty {
        quoted = true
      } else if c == "," {
        row.append(field)
        field = ""
      } else if c == "\n" || c == "\r" {
        if c == "\r" && i + 1 < chars.count && chars[i + 1] == "\n" { i += 1 }
        row.append(field)
        field = ""
        if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
        row = []
        line += 1
      } else {
        field.unicodeScalars.append(c)
      }
      i += 1
    }
    if quoted {
      throw RuntimeError.io("\(file): line \(line): expected a closing '\"', found end of file")
    }
    if !field.isEmpty || !row.isEmpty {
      row.append(field)
      rows.append(row)
    }
    return rows
  }

  /// A table from parsed rows (the first is the header).
  static func table(_ rows: [[String]], file: String) throws -> FTable {
    guard let header = rows.first else {
      throw RuntimeError.io("\(file): expected a header row, found an empty file")
    }
    var cols = FDict()
    for (j, name) in header.enumerated() {
      let cells: [String] = try rows.dropFirst().enumerated().map { r, row in
        guard row.count == header.count else {
          throw RuntimeError.io(
            "\(file): line \(r + 2): expected \(header.count) fields as in the header, found \(row.count)"
          )
        }
        return row[j]
      }
      let trimmed = cells.map { $0.trimmingCharacters(in: .whitespaces) }
      let missing: Set<String> = ["", "NA", "NaN", "nan", "null"]
      let numbers = trimmed.map { missing.contains($0) ? Double.nan : Double($0) }
      let name = cols[name] == nil ? name : "\(name)_\(j)"
      if !cells.isEmpty, numbers.allSatisfy({ $0 != nil }),
        trimmed.contains(where: { !missing.contains($0) })
      {
        cols[name] = .tensor(Tensor(shape: [cells.count], f64: numbers.map { $0 ?? .nan }))
      } else {
        cols[name] = .list(cells.map { .string($0) })
      }
    }
    return try FTable(cols)
  }

  static func quoteField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return s
    }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  static func write(_ t: FTable) -> String {
    let names = t.columns.keys
    var out = names.map(quoteField).joined(separator: ",") + "\n"
    for r in 0..<t.rows {
      out +=
        names.map { n -> String in
          let v = t.cell(n, r)
          if case .number(let d) = v, d.isNaN { return "" }
          return quoteField(v.str)
        }.joined(separator: ",") + "\n"
    }
    return out
  }
}

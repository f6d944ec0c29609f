// Table values (docs/tables.md): named columns of equal length, as reports and read_csv return
// them. A column is a 1-d tensor (numbers, bools, or strings as a str tensor) or a list (mixed
// values: a list holding only strings becomes a str tensor). A table is a `ForeignObject` that
// never changes after `init`: every operation, `t.col = v` included, makes a new table, so
// sharing one between values is unobservable and tables keep value semantics (docs/design.md
// §"Value model"). The new table shares the columns' own copy-on-write storage.
import CInterrupt
import Foundation
import Lang
import Tensor

/// A table: ordered named columns, all `rows` long. Immutable.
public final class FTable: ForeignObject {
  public let columns: FDict
  public let rows: Int
  public var typeName: String { "table" }
  /// Methods are builtins taking the table first (`t.head(3)` is `head(t, 3)`).
  public var methodModule: String { "" }
  public var isTruthy: Bool { rows > 0 }

  /// Builds a table, checking every column is 1-d and `rows` long.
  public init(_ columns: FDict) throws {
    var n: Int?
    var cleaned = FDict()
    for (name, v) in columns {
      let col = try FTable.column(v, name)
      let len = FTable.length(col)
      if let n = n, n != len {
        throw RuntimeError(
          "ShapeError", "table: column '\(name)' has \(len) rows, but earlier columns have \(n)")
      }
      n = len
      cleaned[name] = col
    }
    self.columns = cleaned
    self.rows = n ?? 0
  }

  static func column(_ v: Value, _ name: String) throws -> Value {
    switch v {
    case .tensor(let t) where t.rank == 1: return v
    case .tensor(let t):
      throw RuntimeError(
        "ShapeError", "table: column '\(name)' must be 1-d, got shape \(shapeText(t.shape))")
    case .list(let xs):
      if case .tensor(let t) = Value.bracketLiteral(xs), t.rank == 1 { return .tensor(t) }
      if let ss = Operators.stringList(xs) { return .tensor(Tensor(strings: ss)) }
      return v
    default:
      throw RuntimeError.type(
        "table: column '\(name)' must be a tensor or a list, got \(v.typeName)")
    }
  }

  public static func length(_ v: Value) -> Int {
    switch v {
    case .tensor(let t): return t.shape.first ?? 0
    case .list(let xs): return xs.count
    default: return 0
    }
  }

  /// The table with column `name` set to `value` (added last when new), checked as `init`
  /// checks columns: a list of strings becomes a str tensor. `t.name = value` and
  /// `t["name"] = value` (Indexing.write) come here.
  public func setting(_ name: String, _ value: Value) throws -> FTable {
    let col = try FTable.column(value, name)
    let len = FTable.length(col)
    var d = columns
    d[name] = col
    // The other columns were checked when this table was made; only the new one can disagree,
    // unless it replaces the only column (or the table has none) and so sets the length.
    let setsLength = columns.count == 0 || (columns.count == 1 && columns[name] != nil)
    if len != rows && !setsLength { return try FTable(d) }  // init's error, word for word
    return FTable(checked: d, rows: len)
  }

  /// A table of columns already checked as `init` checks them, all `rows` long.
  private init(checked columns: FDict, rows: Int) {
    self.columns = columns
    self.rows = rows
  }

  /// `t.name`: the column, else `t.columns` as the list of names (pandas' `df.columns`).
  func field(_ name: String) throws -> Value {
    if let x = columns[name] { return x }
    if name == "columns" { return .list(columns.keys.map { .string($0) }) }
    var e = RuntimeError("AttributeError", "table has no column '\(name)'")
    if let s = Suggest.nearest(to: name, in: Set(columns.keys)) {
      e.notes.append("did you mean '\(s)'?")
    }
    throw e
  }

  /// Equal tables: the same column names in the same order and equal columns.
  func equals(_ other: FTable) -> Bool {
    if self === other { return true }
    guard rows == other.rows, columns.count == other.columns.count else { return false }
    for ((n, x), (m, y)) in zip(columns, other.columns) {
      guard n == m, Operators.equal(x, y) else { return false }
    }
    return true
  }

  /// The rows chosen by an index item (mask, gather, slice or a single row as a 1-row table).
  public func select(_ item: Value) throws -> FTable {
    var out = FDict()
    for (name, col) in columns {
      let picked: Value
      if case .number = item {
        picked = try Indexing.read(col, [.value(item)])
        out[name] = .list([picked])
        continue
      }
      if case .list(let xs) = col {
        let positions = try FTable.positions(item, rows)
        picked = .list(positions.map { xs[$0] })
      } else {
        picked = try Indexing.read(col, [.value(item)])
      }
      out[name] = picked
    }
    return try FTable(out)
  }

  static func positions(_ item: Value, _ n: Int) throws -> [Int] {
    switch item {
    case .tensor(let t) where t.dtype == .bool:
      guard t.shape == [n] else {
        throw RuntimeError.index(
          "table: a row mask must have \(n) elements, got shape \(shapeText(t.shape))")
      }
      return t.withElements(as: Bool.self) { f in f.indices.filter { f[$0] } }
    default:
      guard let idx = Value.list(try FTable.items(item)).asTensorValue else {
        throw RuntimeError.type("table rows are selected by a bool mask or integers")
      }
      return try idx.doubles.map { d in
        let i = Int(d)
        let j = i < 0 ? i + n : i
        guard Double(i) == d, j >= 0, j < n else {
          throw RuntimeError.index(
            "index \(formatNumber(d)) is out of bounds for axis 0 with size \(n)")
        }
        return j
      }
    }
  }

  public static func items(_ v: Value) throws -> [Value] {
    switch v {
    case .list(let xs): return xs
    case .tensor(let t): return t.rank == 0 ? [v] : t.items
    default: return [v]
    }
  }

  /// The cell at `row` of column `name`, in O(1) (a tensor column is not copied).
  public func cell(_ name: String, _ row: Int) -> Value {
    guard let col = columns[name] else { return .null }
    return FTable.item(col, row)
  }

  /// Item `row` of a column: a number (a bool for a bool tensor) or a list element.
  public static func item(_ col: Value, _ row: Int) -> Value {
    switch col {
    case .tensor(let t):
      switch t.dtype {
      case .f64: return .number(t.withElements(as: Double.self) { $0[row] })
      case .f32: return .number(Double(t.withElements(as: Float.self) { $0[row] }))
      case .i64: return .number(Double(t.withElements(as: Int64.self) { $0[row] }))
      case .bool: return .bool(t.withElements(as: Bool.self) { $0[row] })
      case .str: return .string(t.string(at: row))
      }
    case .list(let xs): return xs[row]
    default: return .null
    }
  }
}

// Printing. Goals: bounded output and time linear in what is shown, whatever the data: at most
// `TablePrintOptions.maxRows` rows (past that the first and last `edgeRows`), at most
// `maxColumns` columns and `width` characters a line (past either, middle columns give way to a
// `…` column, as pandas elides to the terminal width), each cell clipped to `maxCellWidth`
// characters (pandas' `max_colwidth`), so a table with one 80,000-character cell prints in
// microseconds. Clipping walks at most `maxCellWidth` characters of a cell; control characters
// print escaped (`\n`) so every row stays on one line. Only the columns that can be shown are
// formatted, so a 1,000-column table costs as much as a 20-column one.

/// How tables print (`printoptions(table_rows=…, table_columns=…, table_width=…)`).
public enum TablePrintOptions {
  /// Tables longer than this show their first and last `edgeRows` rows (at most half of it
  /// each); 0: no limit.
  nonisolated(unsafe) public static var maxRows = 40
  nonisolated(unsafe) public static var edgeRows = 10
  /// At most this many columns are shown (pandas' `display.max_columns` outside a terminal);
  /// 0: no limit.
  nonisolated(unsafe) public static var maxColumns = 20
  /// The widest line; 0 means the terminal's width when output is a terminal, else 80 (pandas'
  /// `display.width`).
  nonisolated(unsafe) public static var width = 0

  /// The line width in effect.
  public static var lineWidth: Int {
    if width > 0 { return width }
    var size = winsize()
    if isatty(1) != 0, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
      return Int(size.ws_col)
    }
    return 80
  }
}

extension FTable {
  /// The most characters a printed cell (or column name) takes; longer text ends in "…".
  public static let maxCellWidth = 50

  /// Aligned text: a header, then one line per row (numbers right-aligned).
  public var repr: String {
    let all = Array(columns)
    guard !all.isEmpty else { return "<table 0 columns>" }
    // 0 means no limit (rows or columns).
    let maxRows = TablePrintOptions.maxRows
    let edge = max(1, min(TablePrintOptions.edgeRows, maxRows / 2))
    let long = maxRows > 0 && rows > maxRows
    var rowsShown = Array(0..<(long ? edge : rows))
    if long { rowsShown += Array((rows - edge)..<rows) }
    let size =
      "[\(rows) row\(rows == 1 ? "" : "s") × \(all.count) column\(all.count == 1 ? "" : "s")]"
    // Columns that may be shown: all, or the first and last halves of `maxColumns`.
    let most = TablePrintOptions.maxColumns == 0 ? Int.max : max(2, TablePrintOptions.maxColumns)
    var candidates = Array(all.indices)
    var split = candidates.count
    if all.count > most {
      candidates = Array(0..<(most / 2)) + Array((all.count - (most - most / 2))..<all.count)
      split = most / 2
    }
    var cells: [[String]] = []
    var widths: [Int] = []
    var numeric: [Bool] = []
    for c in candidates {
      let (name, col) = all[c]
      // A column costs at most 21 clipped cells; a pending Ctrl-C stops a very wide table here
      // (a repr cannot throw: the interpreter raises `Interrupted` when the print returns).
      if fsl_interrupt_pending() != 0 { return size + " (printing interrupted)" }
      var isNum = true
      if case .list = col { isNum = false }
      if case .tensor(let t) = col, t.dtype == .str { isNum = false }
      var texts = [FTable.clipped(name)]
      for r in rowsShown { texts.append(FTable.clipped(FTable.item(col, r).str)) }
      cells.append(texts.map(\.text))
      widths.append(texts.map(\.width).max() ?? 0)
      numeric.append(isNum)
    }
    // Narrow to the line width: drop middle columns (nearest the gap) while too wide.
    var elided = split < cells.count || all.count > candidates.count
    func total() -> Int {
      widths.reduce(0, +) + 2 * (widths.count - 1) + (elided ? 3 : 0)
    }
    let limit = TablePrintOptions.lineWidth
    while total() > limit && cells.count > 1 {
      if !elided { split = (cells.count + 1) / 2 }
      let k = split > cells.count - split ? split - 1 : split
      cells.remove(at: k)
      widths.remove(at: k)
      numeric.remove(at: k)
      if k < split { split -= 1 }
      elided = true
    }
    if elided {
      cells.insert([String](repeating: "…", count: rowsShown.count + 1), at: split)
      widths.insert(1, at: split)
      numeric.insert(false, at: split)
    }
    func line(_ i: Int) -> String {
      var out = ""
      for c in cells.indices {
        if c > 0 { out += "  " }
        let s = cells[c][i]
        let pad = String(repeating: " ", count: widths[c] - FTable.width(s))
        out += numeric[c] ? pad + s : s + pad
      }
      while out.utf8.last == UInt8(ascii: " ") { out.removeLast() }
      return out
    }
    var out = [line(0)]
    for i in 1..<(rowsShown.count + 1) {
      if long && i == edge + 1 { out.append("…") }
      out.append(line(i))
    }
    out.append(size)
    return out.joined(separator: "\n")
  }

  /// `s` with control characters escaped, cut to `maxCellWidth` characters (the last one "…"
  /// when cut), and its width in characters; reads at most `maxCellWidth + 1` characters of `s`.
  static func clipped(_ s: String) -> (text: String, width: Int) {
    let limit = FTable.maxCellWidth
    var end = s.startIndex
    var n = 0
    while end < s.endIndex && n <= limit {
      s.formIndex(after: &end)
      n += 1
    }
    var text = FTable.escapingControls(s[..<end])
    var width = FTable.width(text)
    if width > limit || end < s.endIndex {
      text = String(text.prefix(limit - 1)) + "…"
      width = limit
    }
    return (text, width)
  }

  /// `s` with control characters written as escapes (`\n`, `\t`, `\r`, `\u{1B}`).
  static func escapingControls(_ s: Substring) -> String {
    guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
      return String(s)
    }
    var out = ""
    for ch in s.unicodeScalars {
      switch ch {
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      case _ where ch.value < 0x20 || ch.value == 0x7F:
        out += "\\u{\(String(ch.value, radix: 16, uppercase: true))}"
      default: out.unicodeScalars.append(ch)
      }
    }
    return out
  }

  /// Characters in a clipped cell (at most `maxCellWidth`, so this is cheap).
  static func width(_ s: String) -> Int { s.count }
}

// Table builtins (docs/tables.md): table, read_csv, write_csv, group_by, columns.
import Foundation
import Interp
import Tensor

enum TableBuiltins {
  static func table(_ a: Arguments, _ i: Int) throws -> FTable {
    if let t = a[i].asTable { return t }
    throw a.fail(i, "a table")
  }

  static let builtins: [Builtin] = [
    Builtin(
      "table", params: [.init("columns", "dict")],
      summary: "A table from a dict of equal-length columns (tensors or lists).",
      example: "t = table({x: [1, 2], name: [\"a\", \"b\"]}); t.x  # -> [1, 2]"
    ) { a in
      guard case .dict(let d) = a[0] else { throw a.fail(0, "a dict of columns") }
      return .table(try FTable(d))
    },
    Builtin(
      "columns", params: [.init("t", "table")], summary: "A table's column names in order.",
      example: "columns(table({x: [1], y: [2]}))  # -> [\"x\", \"y\"]"
    ) { a in .list(try table(a, 0).columns.map { .string($0.key) }) },
    Builtin(
      "read_csv", params: [.init("path", "string")],
      summary:
        "A table from a CSV file with a header: int, float (missing → nan), bool and str columns.",
      example:
        "write_text(\"/tmp/fsl_doc.csv\", \"x,n\\n1,a\\n,b\\n\"); read_csv(\"/tmp/fsl_doc.csv\").x  # -> [  1, nan]",
      effect: .io
    ) { a in
      let path = try a.string(0)
      let interp = a.interp
      let poll = { interp.interruptRequested }
      let bytes = try CSV.readBytes(path, "read_csv")
      let rows =
        try CSV.parsePlain(bytes, poll: poll)
        ?? bytes.withUnsafeBufferPointer { try CSV.parse(bytes: $0, file: path, poll: poll) }
      return .table(try CSV.table(rows, file: path, poll: poll))
    },
    Builtin(
      "write_csv", params: [.init("t", "table"), .init("path", "string")],
      summary: "Writes a table as CSV with a header (nan as an empty cell), atomically.",
      example: "write_csv(table({x: [1, 2]}), \"/tmp/fsl_doc2.csv\")  # -> nil", effect: .io
    ) { a in
      let t = try table(a, 0)
      try FileBuiltins.writeAtomically(try CSV.bytes(t), to: try a.string(1), "write_csv")
      return .null
    },
    Builtin(
      "group_by", params: [.init("t", "table"), .init("column", "string")],
      summary:
        "A dict from each distinct value of a column (as a string) to the table of its rows.",
      example:
        "g = group_by(table({k: [\"a\", \"b\", \"a\"], v: [1, 2, 3]}), \"k\"); g.a.v  # -> [1, 3]"
    ) { a in .dict(try TableOps.groupBy(try table(a, 0), try a.string(1))) },
  ]
}

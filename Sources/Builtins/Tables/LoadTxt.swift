// loadtxt: a numeric text file (CSV or another delimiter, optionally .gz) as a 2-d tensor, as
// NumPy's np.loadtxt — for headerless data such as scikit-learn's digits.csv.gz.
import Foundation
import Interp
import Tensor

enum LoadTxt {
  static func rows(
    _ text: String, delimiter: String, file: String, poll: () -> Bool = CSV.interruptPending
  ) throws -> [[String]] {
    if delimiter == "," { return Array(try CSV.parse(text, file: file, poll: poll)) }
    return text.split(whereSeparator: \.isNewline).map { line in
      delimiter.isEmpty
        ? line.split(whereSeparator: \.isWhitespace).map(String.init)
        : line.components(separatedBy: delimiter)
    }
  }

  static func matrix(_ rows: ArraySlice<[String]>, file: String, skipped: Int) throws -> Tensor {
    guard let width = rows.first?.count else { return Tensor(shape: [0, 0], f64: []) }
    var values: [Double] = []
    values.reserveCapacity(rows.count * width)
    for (r, row) in rows.enumerated() {
      let line = r + skipped + 1
      guard row.count == width else {
        throw RuntimeError.value(
          "\(file): line \(line): expected \(width) values (as on line \(skipped + 1)), found \(row.count)"
        )
      }
      for (c, field) in row.enumerated() {
        guard let d = Double(field.trimmingCharacters(in: .whitespaces)) else {
          throw RuntimeError.value(
            "\(file): line \(line), column \(c + 1): \(quote(field)) is not a number")
        }
        values.append(d)
      }
    }
    return Tensor(shape: [rows.count, width], f64: values)
  }

  static let builtins: [Builtin] = [
    Builtin(
      "loadtxt",
      params: [
        .init("path", "string"), .init("delimiter", "string", default: .string(",")),
        .init("skiprows", "int", default: .number(0)),
      ],
      summary: "A numeric text file (CSV by default; .gz read too) as a 2-d f64 tensor.",
      doc: "As np.loadtxt: every row must have the same number of numeric fields; `skiprows` "
        + "skips leading lines (a header); `delimiter=\"\"` splits on whitespace.",
      example:
        "write_text(\"/tmp/fsl_doc.txt\", \"1,2\\n3,4\\n\"); loadtxt(\"/tmp/fsl_doc.txt\").shape  # -> [2, 2]",
      effect: .io
    ) { a in
      let path = try a.string(0)
      let skip = try a.int(2)
      guard skip >= 0 else {
        throw RuntimeError.value("loadtxt: 'skiprows' must be ≥ 0, got \(skip)")
      }
      let all = try rows(
        try CSV.readText(path, "loadtxt"), delimiter: try a.string(1), file: path,
        poll: { a.interp.interruptRequested })
      return .tensor(try matrix(all.dropFirst(skip), file: path, skipped: skip))
    }
  ]
}

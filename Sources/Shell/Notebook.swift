// `fsl notebook FILE.fsl -o OUT.html|OUT.md [--keep-going] [--allow-html]` (docs/notebook.md):
// splits a jupytext percent-format script into cells, runs them top to bottom in one fresh
// session, and writes a report of each cell's source, printed output, value, figures and error.
//
// Cells run as separate inputs of one interpreter (definitions carry over). Each cell's source
// is padded with the newlines that precede it in the file, so error positions are the file's
// own lines. Writers: Notebook+HTML.swift (one self-contained file) and
// Notebook+Markdown.swift (PNG files beside the report). Markdown cells are untrusted text in a
// report meant to be shared: raw HTML is shown as text and only safe URL schemes are linked
// unless --allow-html (Notebook+Sanitize.swift, Notebook+MarkdownHTML.swift).
import Builtins
import Crypto
import Foundation
import Interp
import Lang

/// One `# %%` cell of a percent-format script.
struct NotebookCell: Equatable {
  enum Kind: Equatable { case code, markdown }
  var kind: Kind
  /// The text after `# %%` (without a `[markdown]` tag), if any.
  var title: String?
  /// Code, or Markdown with the leading `# ` of each line removed.
  var source: String
  /// The 1-based line of the source's first line in the file.
  var line: Int

  /// Splits a script into cells. Text before the first `# %%` line is a code cell unless it
  /// is only comments; blank lines around each cell's source are dropped; empty code cells are
  /// kept out.
  static func split(_ text: String) -> [NotebookCell] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    var cells: [NotebookCell] = []
    var current = NotebookCell(kind: .code, title: nil, source: "", line: 1)
    var body: [String] = []
    func flush() {
      var first = 0
      var last = body.count
      while first < last && body[first].trimmingCharacters(in: .whitespaces).isEmpty { first += 1 }
      while last > first && body[last - 1].trimmingCharacters(in: .whitespaces).isEmpty {
        last -= 1
      }
      var cell = current
      cell.line = current.line + first
      cell.source = body[first..<last].joined(separator: "\n")
      // Comments before the first marker are the file's header (jupytext keeps them out too).
      let header =
        cells.isEmpty && !seenMarker && body[first..<last].allSatisfy { $0.hasPrefix("#") }
      if (!cell.source.isEmpty || cell.kind == .markdown || cell.title != nil) && !header {
        cells.append(cell)
      }
      body = []
    }
    var seenMarker = false
    for (i, raw) in lines.enumerated() {
      if let header = cellHeader(raw) {
        flush()
        seenMarker = true
        current = NotebookCell(kind: header.kind, title: header.title, source: "", line: i + 2)
        continue
      }
      body.append(current.kind == .markdown ? uncomment(raw) : raw)
    }
    flush()
    return cells
  }

  /// `# %%`, `# %% title`, `# %% [markdown]`, `# %% title [md]` → kind and title.
  static func cellHeader(_ line: String) -> (kind: Kind, title: String?)? {
    guard line.hasPrefix("# %%") || line.hasPrefix("#%%") else { return nil }
    var rest = line.drop { $0 != "%" }.dropFirst(2).trimmingCharacters(in: .whitespaces)
    if rest.hasPrefix("%") { return nil }  // `# %%%` is not a cell marker
    var kind = Kind.code
    for tag in ["[markdown]", "[md]"] {
      if let r = rest.range(of: tag) {
        kind = .markdown
        rest.removeSubrange(r)
      }
    }
    rest = rest.trimmingCharacters(in: .whitespaces)
    return (kind, rest.isEmpty ? nil : rest)
  }

  /// `# text` → `text`, `#` → ``; other lines are kept.
  static func uncomment(_ line: String) -> String {
    if line.hasPrefix("# ") { return String(line.dropFirst(2)) }
    if line.hasPrefix("#") { return String(line.dropFirst()) }
    return line
  }
}

/// What running one cell produced.
struct CellResult {
  var cell: NotebookCell
  var ran = false
  var stdout = ""
  /// The `warning: …` lines the cell's code reported (`Interpreter.warn`).
  var warnings = ""
  /// The repr of the cell's final expression, when it has one (and no trailing `;`).
  var value: String?
  /// PNG bytes of every figure made or shown in the cell.
  var figures: [[UInt8]] = []
  /// The rendered error, without colour.
  var error: String?
}

/// The report header.
struct NotebookHeader {
  var path: String
  var version = fslVersion
  var date: String
  var seed: UInt64
  var sha256: String
  /// `--allow-html`: Markdown cells keep raw HTML and any URL scheme (the report says so).
  var allowHTML = false
  /// `--toc`: a table of contents from the Markdown headings at the top of the report.
  var toc = false

  init(path: String, source: [UInt8], seed: UInt64 = 0, date: Date = Date()) {
    self.path = path
    self.seed = seed
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    self.date = f.string(from: date)
    sha256 = SHA256.hash(data: source).map { String(format: "%02x", $0) }.joined()
  }
}

/// Runs cells in one session.
struct NotebookRunner {
  var path: String
  var keepGoing = false
  /// Figures are rendered at this resolution.
  var dpi = 150.0

  /// Runs every cell (stopping after the first failure unless `keepGoing`); cells after a stop
  /// come back with `ran == false`.
  func run(_ cells: [NotebookCell], fullText: String) -> [CellResult] {
    let interp = Interpreter(builtins: [REPL.helpBuiltin] + allBuiltins, output: StringSink())
    interp.mainFile = SourceFile(path: path, text: fullText)
    var results: [CellResult] = []
    var stopped = false
    for cell in cells {
      var r = CellResult(cell: cell)
      if cell.kind == .markdown || stopped {
        results.append(r)
        continue
      }
      runCell(cell, interp, &r)
      if r.error != nil && !keepGoing { stopped = true }
      results.append(r)
    }
    return results
  }

  func runCell(_ cell: NotebookCell, _ interp: Interpreter, _ r: inout CellResult) {
    let (sink, warned) = (StringSink(), StringSink())
    (interp.output, interp.warnings) = (sink, warned)
    r.ran = true
    let padded = String(repeating: "\n", count: max(0, cell.line - 1)) + cell.source
    let src = SourceFile(path: path, text: padded)
    var shown: ForeignObject?
    do {
      let value = try interp.run(src, wantLastValue: true)
      if let v = value, !REPL.endsWithSemicolon(src) {
        if let fig = FigureSupport.figure(in: v) {
          shown = fig
        } else if case .null = v {
        } else {
          r.value = v.repr
        }
      }
    } catch let e as StaticErrors {
      r.error = DiagnosticRenderer.render(all: e.diagnostics, file: e.file, color: false)
    } catch let e as RuntimeError {
      r.error = e.render(color: false)
    } catch {
      r.error = "error: \(error)"
    }
    (r.stdout, r.warnings) = (sink.text, warned.text)
    // Every figure made in the cell, then the cell's value if it is an older figure.
    var figures = FigureSupport.drain()
    if let s = shown, !figures.contains(where: { $0 === s }) { figures.append(s) }
    for fig in figures {
      do {
        // A grid's panel renders its whole grid: show each picture once.
        if let png = try FigureSupport.png(fig, dpi: dpi), !r.figures.contains(png) {
          r.figures.append(png)
        }
      } catch let e as RuntimeError {
        r.error = (r.error.map { $0 + "\n" } ?? "") + "cannot render a figure: \(e.message)"
      } catch {
        r.error = (r.error.map { $0 + "\n" } ?? "") + "cannot render a figure: \(error)"
      }
    }
  }
}

/// The `fsl notebook` command's work: read, run, write, choose the exit status.
public enum NotebookJob {
  public static func run(
    input: String, output: String, keepGoing: Bool, allowHTML: Bool = false, toc: Bool = false
  ) -> Int32 {
    let ext = (output as NSString).pathExtension.lowercased()
    guard ext == "html" || ext == "htm" || ext == "md" else {
      printError("fsl notebook: the output must end in .html or .md, got '\(output)'")
      return Status.usage
    }
    let data: Data
    let text: String
    switch Runner.loadScript(input, "fsl notebook") {
    case .success(let loaded): (data, text) = loaded
    case .failure(let f): return f.status
    }
    let cells = NotebookCell.split(text)
    var header = NotebookHeader(path: input, source: [UInt8](data))
    header.allowHTML = allowHTML
    header.toc = toc
    let results = NotebookRunner(path: input, keepGoing: keepGoing).run(cells, fullText: text)
    do {
      if ext == "md" {
        try MarkdownReport.write(header: header, results: results, to: output)
      } else {
        try writeAtomically(
          Data(HTMLReport.render(header: header, results: results).utf8), to: output)
      }
    } catch {
      printError("fsl notebook: \(error)")
      return Status.runtimeError
    }
    let failed = results.filter { $0.error != nil }
    let ran = results.filter { $0.ran }.count
    let code = results.filter { $0.cell.kind == .code }.count
    if let first = failed.first {
      printError(first.error ?? "")
      if !keepGoing {
        printError(
          "fsl notebook: stopped at the cell on line \(first.cell.line) (\(ran) of \(code) code cells run); wrote \(output)"
        )
        return Status.runtimeError
      }
      printError(
        "fsl notebook: \(failed.count) cell\(failed.count == 1 ? "" : "s") failed (--keep-going); wrote \(output)"
      )
      return Status.ok
    }
    printError("fsl notebook: ran \(ran) code cells; wrote \(output)")
    return Status.ok
  }
}

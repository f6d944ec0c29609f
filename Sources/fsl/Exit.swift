// Exit codes (docs/design.md §"Command line"), error printing, and running work on a thread with a
// large stack.
import Foundation
import Interp
import Lang

/// Process exit codes from docs/design.md §"Command line".
enum Status {
  static let ok: Int32 = 0
  static let usage: Int32 = 64
  static let staticError: Int32 = 65
  static let noInput: Int32 = 66
  static let runtimeError: Int32 = 70
  static let interrupted: Int32 = 130
}

/// Whether to colour diagnostics on stderr: only on a terminal and never with NO_COLOR.
var useColor: Bool {
  isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
}

func printError(_ s: String) {
  fflush(stdout)
  FileHandle.standardError.write((s + "\n").data(using: .utf8) ?? Data())
}

/// Renders a static or runtime error for the terminal and returns its exit code.
/// Static errors printed at most; the rest are counted.
let maxReportedDiagnostics = 100

func report(_ error: Error, color: Bool = useColor) -> Int32 {
  switch error {
  case let e as StaticErrors:
    // Generated or damaged input can hold thousands of errors; the first ones say what is wrong.
    let shown = e.diagnostics.prefix(maxReportedDiagnostics)
    var text = shown.map { DiagnosticRenderer.render($0, file: e.file, color: color) }
      .joined(separator: "\n")
    if e.diagnostics.count > shown.count {
      text += "\n… and \(e.diagnostics.count - shown.count) more errors not shown"
    }
    printError(text)
    return Status.staticError
  case let e as RuntimeError where e.kind == "Interrupted":
    // Ctrl-C: the terminal echoed `^C` where the cursor was, so start on a fresh line.
    printError((isatty(STDERR_FILENO) != 0 ? "\n" : "") + e.render(color: color))
    return Status.interrupted
  case let e as RuntimeError:
    printError(e.render(color: color))
    return Status.runtimeError
  default:
    printError("error: \(error)")
    return Status.runtimeError
  }
}

// Exit codes (docs/design.md §"Command line") and error printing.
import Foundation
import Interp
import Lang

/// The version `fsl --version`, the REPL banner, reports and `%save` show.
public let fslVersion = "0.1.0"

/// Process exit codes from docs/design.md §"Command line".
public enum Status {
  public static let ok: Int32 = 0
  public static let usage: Int32 = 64
  public static let staticError: Int32 = 65
  public static let noInput: Int32 = 66
  public static let runtimeError: Int32 = 70
  public static let interrupted: Int32 = 130
}

/// Whether to colour diagnostics on stderr: only on a terminal and never with NO_COLOR.
var useColor: Bool {
  isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
}

/// Writes `s` and a newline to stderr, after flushing stdout so the two stay in order.
public func printError(_ s: String) {
  fflush(stdout)
  FileHandle.standardError.write((s + "\n").data(using: .utf8) ?? Data())
}

/// Static errors printed at most; the rest are counted.
let maxReportedDiagnostics = 100

/// A static or runtime error as the terminal shows it, and its exit code.
func rendered(_ error: Error, color: Bool, terminal: Bool = false) -> (text: String, status: Int32)
{
  switch error {
  case let e as StaticErrors:
    // Generated or damaged input can hold thousands of errors; the first ones say what is wrong.
    let shown = e.diagnostics.prefix(maxReportedDiagnostics)
    var text = shown.map { DiagnosticRenderer.render($0, file: e.file, color: color) }
      .joined(separator: "\n")
    if e.diagnostics.count > shown.count {
      text += "\n… and \(e.diagnostics.count - shown.count) more errors not shown"
    }
    return (text, Status.staticError)
  case let e as RuntimeError where e.kind == "Interrupted":
    // Ctrl-C: the terminal echoed `^C` where the cursor was, so start on a fresh line.
    return ((terminal ? "\n" : "") + e.render(color: color), Status.interrupted)
  case let e as RuntimeError:
    return (e.render(color: color), Status.runtimeError)
  default:
    return ("error: \(error)", Status.runtimeError)
  }
}

/// Prints a static or runtime error on stderr and returns its exit code.
func report(_ error: Error, color: Bool = useColor) -> Int32 {
  let (text, status) = rendered(error, color: color, terminal: isatty(STDERR_FILENO) != 0)
  printError(text)
  return status
}

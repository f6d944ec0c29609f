// Exit codes (SPEC §1), error printing, and running work on a thread with a large stack.
import Foundation
import Interp
import Lang

/// Process exit codes from SPEC §1.
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
func report(_ error: Error, color: Bool = useColor) -> Int32 {
  switch error {
  case let e as StaticErrors:
    printError(e.diagnostics.map { DiagnosticRenderer.render($0, file: e.file, color: color) }
      .joined(separator: "\n"))
    return Status.staticError
  case let e as RuntimeError:
    printError(e.render(color: color))
    return e.kind == "Interrupted" ? Status.interrupted : Status.runtimeError
  default:
    printError("error: \(error)")
    return Status.runtimeError
  }
}

/// Runs `body` on a thread with a 1 GiB stack (deep FSL recursion nests many Swift frames) and
/// returns its result.
func runOnLargeStack(_ body: @escaping () -> Int32) -> Int32 {
  final class Box: @unchecked Sendable {
    var body: () -> Int32
    var result: Int32 = 0
    init(_ b: @escaping () -> Int32) { body = b }
  }
  let box = Box(body)
  var attr = pthread_attr_t()
  pthread_attr_init(&attr)
  pthread_attr_setstacksize(&attr, 1 << 30)
  var thread = pthread_t()
  let arg = Unmanaged.passRetained(box).toOpaque()
  let rc = pthread_create(
    &thread, &attr,
    { raw in
      guard let raw = raw else { return nil }
      let b = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
      b.result = b.body()
      return nil
    }, arg)
  pthread_attr_destroy(&attr)
  if rc != 0 {
    Unmanaged<Box>.fromOpaque(arg).release()
    return body()
  }
  pthread_join(thread, nil)
  return box.result
}

// Runs FSL source in a fresh interpreter and captures what it printed or the error it raised.
import Builtins
import Interp
import Lang

/// The outcome of running a snippet.
public struct FSLResult {
  /// Everything printed to standard output.
  public var output: String
  /// The final expression's value (repr), if the snippet ended with one.
  public var value: String?
  /// The error kind and message (`TypeError`, `E302`…) if running failed.
  public var error: String?
  /// The fully rendered error, as the CLI prints it.
  public var rendered: String?
}

/// Runs `source` as the file `path` with all builtins, capturing output, value and errors.
public func runFSL(_ source: String, path: String = "test.fsl") -> FSLResult {
  runOnLargeStack { runFSLHere(source, path: path) }
}

func runFSLHere(_ source: String, path: String) -> FSLResult {
  let sink = StringSink()
  let interp = Interpreter(builtins: allBuiltins, output: sink)
  let file = SourceFile(path: path, text: source)
  do {
    let v = try interp.run(file, wantLastValue: true)
    return FSLResult(output: sink.text, value: v.map(\.repr), error: nil, rendered: nil)
  } catch let e as StaticErrors {
    let text = e.diagnostics.map { DiagnosticRenderer.render($0, file: e.file, color: false) }
    let first = e.diagnostics.first.map { "\($0.code): \($0.message)" }
    return FSLResult(
      output: sink.text, value: nil, error: first, rendered: text.joined(separator: "\n"))
  } catch let e as RuntimeError {
    return FSLResult(
      output: sink.text, value: nil, error: "\(e.kind): \(e.message)",
      rendered: e.render(color: false))
  } catch {
    return FSLResult(output: sink.text, value: nil, error: "\(error)", rendered: "\(error)")
  }
}

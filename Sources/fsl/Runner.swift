// Running a script file or snippet: read, optionally dump tokens/AST, run, report errors.
import Builtins
import CInterrupt
import Foundation
import Interp
import Lang

enum Runner {
  static func runFile(_ path: String, args: [String], options: ScriptOptions) -> Int32 {
    guard let (_, text) = readScript(path, "fsl") else { return Status.noInput }
    return run(SourceFile(path: path, text: text), args: args, options: options, printLast: false)
  }

  /// A script's bytes and text, or nil after saying on stderr (as `who`) why it can't be read.
  static func readScript(_ path: String, _ who: String) -> (data: Data, text: String)? {
    guard let data = FileManager.default.contents(atPath: path) else {
      printError("\(who): cannot open '\(path)': no such file")
      return nil
    }
    guard let text = String(data: data, encoding: .utf8) else {
      printError("\(who): '\(path)' is not UTF-8 text")
      return nil
    }
    return (data, text)
  }

  /// Runs standard input as a script (`fsl < script.fsl`, or piped input).
  static func runStdin(args: [String], options: ScriptOptions) -> Int32 {
    let data = FileHandle.standardInput.readDataToEndOfFile()
    guard let text = String(data: data, encoding: .utf8) else {
      printError("fsl: standard input is not UTF-8 text")
      return Status.noInput
    }
    return run(
      SourceFile(path: "<stdin>", text: text), args: args, options: options, printLast: false)
  }

  static func run(_ src: SourceFile, args: [String], options: ScriptOptions, printLast: Bool)
    -> Int32
  {
    if options.dumpTokens {
      print(dumpTokens(src), terminator: "")
      return Status.ok
    }
    if options.dumpAST {
      switch Parser.parse(src, interactive: false) {
      case .success(let p):
        print(dumpAST(p), terminator: "")
        return Status.ok
      case .failure(let ds): return report(StaticErrors(file: src, diagnostics: ds))
      case .needsMoreInput:
        return report(StaticErrors(file: src, diagnostics: [incompleteInput(src)]))
      }
    }
    // Ctrl-C raises `Interrupted` at the next check (exit 130 with the traceback) instead of
    // killing the process; a second press quits at once, for builtins that never check.
    let handled = fsl_interrupt_install_restarting(2) == 0
    defer { if handled { _ = fsl_interrupt_uninstall() } }
    let interp = Interpreter(builtins: allBuiltins)
    interp.scriptArgs = args
    do {
      if let v = try interp.run(src, wantLastValue: printLast) {
        if case .null = v {} else { interp.write(v.repr + "\n") }
      }
      return Status.ok
    } catch {
      return report(error)
    }
  }

  static func incompleteInput(_ src: SourceFile) -> Diagnostic {
    Diagnostic(
      code: "E299", "unexpected end of file", span: SourceSpan(src.bytes.count, src.bytes.count))
  }
}

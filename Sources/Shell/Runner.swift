// Running a script file or snippet: read, optionally dump tokens/AST, run, report errors.
import Builtins
import CInterrupt
import FileOut
import Foundation
import Interp
import Lang

/// What to do with a script instead of running it (`--dump-tokens`, `--dump-ast`).
public struct ScriptDumps {
  public var tokens = false
  public var ast = false
  public init(tokens: Bool = false, ast: Bool = false) {
    self.tokens = tokens
    self.ast = ast
  }
}

public enum Runner {
  /// `fsl FILE.fsl [ARGS…]`; returns the exit status.
  public static func runFile(_ path: String, args: [String], options: ScriptDumps) -> Int32 {
    switch loadScript(path, "fsl") {
    case .success(let (_, text)):
      return run(
        SourceFile(path: path, text: text), args: args, options: options, printLast: false)
    case .failure(let failure): return failure.status
    }
  }

  /// Why a script could not be loaded (already said on stderr) and the exit status for it.
  struct LoadFailure: Error {
    /// 66 when the file cannot be read (missing, a directory, a device), 65 when it is not
    /// UTF-8 (a static error, like a lexer error).
    var status: Int32
  }

  /// A script's bytes and text, or the failure after saying on stderr (as `who`) what it is:
  /// `cannot open 'x.fsl': no such file` / `is a directory` / `not a regular file`, or
  /// `'x.fsl' is not UTF-8 text: invalid byte 0xff at offset 6 (line 2)`. Pipes are read
  /// (`fsl <(generate)`); devices are refused (reading /dev/zero would never end).
  static func loadScript(
    _ path: String, _ who: String, errors: (String) -> Void = printError
  ) -> Result<(data: Data, text: String), LoadFailure> {
    let bytes: [UInt8]
    do {
      bytes = try RegularFile.contents(of: path, allowPipes: true)
    } catch {
      errors("\(who): cannot open '\(path)': \(error.reason)")
      return .failure(LoadFailure(status: Status.noInput))
    }
    guard let text = decodeUTF8(bytes, name: "'\(path)'", who, errors: errors) else {
      return .failure(LoadFailure(status: Status.staticError))
    }
    return .success((Data(bytes), text))
  }

  /// `bytes` as a String, or nil after saying where the first invalid UTF-8 byte is.
  static func decodeUTF8(
    _ bytes: [UInt8], name: String, _ who: String, errors: (String) -> Void = printError
  ) -> String? {
    guard let offset = SourceFile.firstInvalidUTF8(in: bytes) else {
      return String(decoding: bytes, as: UTF8.self)
    }
    let line = bytes[..<offset].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    let byte = String(bytes[offset], radix: 16)
    errors(
      "\(who): \(name) is not UTF-8 text: invalid byte 0x\(byte.count == 1 ? "0" : "")\(byte) "
        + "at offset \(offset) (line \(line))")
    return nil
  }

  /// Runs standard input as a script (`fsl < script.fsl`, or piped input).
  public static func runStdin(args: [String], options: ScriptDumps) -> Int32 {
    let data = FileHandle.standardInput.readDataToEndOfFile()
    guard let text = decodeUTF8([UInt8](data), name: "standard input", "fsl") else {
      return Status.staticError
    }
    return run(
      SourceFile(path: "<stdin>", text: text), args: args, options: options, printLast: false)
  }

  /// `fsl -e CODE [ARGS…]`: runs CODE and prints the value of a final expression.
  public static func runSnippet(_ code: String, args: [String], options: ScriptDumps) -> Int32 {
    run(SourceFile(path: "-e", text: code), args: args, options: options, printLast: true)
  }

  static func run(_ src: SourceFile, args: [String], options: ScriptDumps, printLast: Bool)
    -> Int32
  {
    if options.tokens {
      print(dumpTokens(src), terminator: "")
      return Status.ok
    }
    if options.ast {
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

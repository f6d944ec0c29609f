// The interactive REPL (docs/repl.md): prompts, multi-line input, Out/ans/err, errors, Ctrl-C.
//
// Whether an input is complete is the parser's decision (`.needsMoreInput`), never a guess
// from the text. Each input runs in the session's main module, so definitions persist; an
// error or Ctrl-C ends only that input. Meta commands (`%…`) and help (`?name`) are in
// REPL+Meta.swift, readline in LineReader.swift.
import Builtins
import CInterrupt
import Foundation
import Interp
import Lang

/// Where a session's input lines come from: readline on a terminal (LineReader), a list in tests.
protocol LineSource: AnyObject {
  /// Shows `prompt` and reads one line; `prefill` starts the line with text (`%load`);
  /// `context` is the input's earlier lines, each ending in a newline (for completion).
  func read(prompt: String, prefill: String?, context: String) -> ReadResult
  /// Records a finished input (the history).
  func remember(_ input: String)
}

/// Where a session writes: its output (prompts' answers, FSL's `print`) and its messages.
protocol Console: OutputSink {
  /// One message line for stderr (errors, usage).
  func error(_ line: String)
}

/// The process's stdout and stderr.
final class TerminalConsole: Console {
  func write(_ s: String) { fputs(s, stdout) }
  func error(_ line: String) { printError(line) }
}

/// One interactive session.
public final class REPL {
  var interp: Interpreter
  /// The number of the next `In [n]:` prompt.
  var number = 1
  /// `Out[n]`: the displayed value of input n (nil where there was none).
  var outputs: [Value] = [.null]
  /// Every input of the session with its number and whether it ran without error.
  var inputs: [(number: Int, text: String, ok: Bool, isCode: Bool)] = []
  /// Text to start the next prompt with (`%load`).
  var prefill: String?
  let color: Bool
  let lines: LineSource
  let console: Console

  /// A session on the terminal: readline with the history file (`~/.fsl_history`) and tab
  /// completion, output on stdout.
  public convenience init() {
    let color = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    self.init(lines: LineReader(history: History()), console: TerminalConsole(), color: color)
    LineReader.completer = { [weak self] before in
      guard let s = self else {
        return Completion(word: "", candidates: [], suffix: "", inString: false)
      }
      return Completer.complete(before, in: s.interp)
    }
  }

  init(lines: LineSource, console: Console, color: Bool = false) {
    self.lines = lines
    self.console = console
    self.color = color
    interp = REPL.makeInterpreter(output: console)
    bindSessionGlobals()
  }

  /// Writes `s` and a newline to the session's output.
  func say(_ s: String = "") { console.write(s + "\n") }

  /// A fresh interpreter with the REPL's `help` builtin (a library `help`, if one appears,
  /// takes precedence).
  static func makeInterpreter(output: OutputSink) -> Interpreter {
    Interpreter(builtins: [REPL.helpBuiltin] + allBuiltins, output: output)
  }

  func bindSessionGlobals() {
    interp.main.set("Out", .list(outputs))
  }

  // MARK: - The loop

  /// Runs until Ctrl-D; returns the exit status (0).
  public func run() -> Int32 {
    setvbuf(stdout, nil, _IOLBF, 0)
    if fsl_interrupt_install(3) != 0 {
      console.error("fsl: cannot install the Ctrl-C handler; Ctrl-C will end the session")
    }
    defer { _ = fsl_interrupt_uninstall() }
    say("FSL \(fslVersion) — ?name for help, %help for commands, Ctrl-D to quit")
    while true {
      guard let input = readInput() else {
        say()
        return Status.ok
      }
      if input.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
      lines.remember(input)
      handle(input)
      fflush(stdout)
    }
  }

  /// Reads one complete input (several lines while the parser needs more); nil at Ctrl-D.
  func readInput() -> String? {
    var lines: [String] = []
    while true {
      let prompt = lines.isEmpty ? inPrompt() : continuationPrompt()
      let context = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
      let result = self.lines.read(
        prompt: prompt, prefill: lines.isEmpty ? prefill : nil, context: context)
      if lines.isEmpty { prefill = nil }
      switch result {
      case .eof:
        return nil
      case .interrupted:
        lines = []
      case .line(let l):
        lines.append(l)
        let text = lines.joined(separator: "\n")
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return text }
        if REPL.isMeta(text) { return text }
        if case .needsMoreInput = Parser.parse(SourceFile(path: "", text: text)) { continue }
        return text
      }
    }
  }

  func inPrompt() -> String {
    colored("In [\(number)]: ", "\u{1B}[32m")
  }

  func continuationPrompt() -> String {
    let width = "In [\(number)]: ".count
    return colored(String(repeating: " ", count: max(0, width - 5)) + "...: ", "\u{1B}[32m")
  }

  /// Readline prompts mark escape sequences with \001…\002 so the cursor column stays right.
  func colored(_ s: String, _ code: String) -> String {
    color ? "\u{01}\(code)\u{02}\(s)\u{01}\u{1B}[0m\u{02}" : s
  }

  /// Whether the input is a meta command or a help request rather than FSL code.
  static func isMeta(_ text: String) -> Bool {
    guard let c = text.first(where: { !$0.isWhitespace }) else { return false }
    return c == "%" || c == "?"
  }

  /// Runs one input: meta command, help, or code; advances the prompt number.
  func handle(_ input: String) {
    // A Ctrl-C that arrived while this input ran (or was read) belongs to it, not the next one.
    defer { fsl_interrupt_set(0) }
    let n = number
    number += 1
    let ok: Bool
    let isCode = !REPL.isMeta(input)
    if isCode {
      ok = execute(input, number: n)
    } else {
      ok = meta(input.trimmingCharacters(in: .whitespaces), number: n)
    }
    inputs.append((n, input, ok, isCode))
    if outputs.count <= n { outputs += Array(repeating: .null, count: n + 1 - outputs.count) }
    bindSessionGlobals()
  }

  // MARK: - Running code

  /// Runs FSL code as input `number`; prints its value as `Out[n]:` unless it ends with `;`.
  /// Returns whether it ran without error.
  @discardableResult
  func execute(_ code: String, number n: Int, timed: Bool = false) -> Bool {
    let src = SourceFile(path: "In[\(n)]", text: code)
    let program: Program
    switch Parser.parse(src, interactive: false) {
    case .success(let p): program = p
    case .failure(let ds):
      showError(StaticErrors(file: src, diagnostics: ds))
      return false
    case .needsMoreInput:
      showError(StaticErrors(file: src, diagnostics: [Runner.incompleteInput(src)]))
      return false
    }
    // No clearing of the interrupt flag here: a Ctrl-C pressed after Enter, while the input
    // is parsed, must stop the run (`handle` clears the flag once the input is done).
    let start = DispatchTime.now().uptimeNanoseconds
    defer {
      fsl_interrupt_set(0)
      _ = FigureSupport.drain()
    }
    do {
      let value = try interp.run(program, wantLastValue: true)
      fflush(stdout)
      if timed {
        let ns = Double(DispatchTime.now().uptimeNanoseconds - start)
        say("Wall time: \(formatDuration(ns / 1e9))")
      }
      if let v = value, !REPL.endsWithSemicolon(src) { show(v, number: n) }
      return true
    } catch {
      showError(error)
      return false
    }
  }

  /// Whether the last token of the input is `;` (output suppressed, IPython style).
  static func endsWithSemicolon(_ src: SourceFile) -> Bool {
    let tokens = Lexer.tokenize(src).tokens.filter { $0.kind != .newline && $0.kind != .eof }
    return tokens.last?.kind == .semicolon
  }

  /// Prints a value as `Out[n]:` and binds it to `ans` and `Out[n]`.
  func show(_ v: Value, number n: Int) {
    if case .null = v { return }
    if outputs.count <= n { outputs += Array(repeating: .null, count: n + 1 - outputs.count) }
    outputs[n] = v
    interp.main.set("ans", v)
    let label = colored("Out[\(n)]: ", "\u{1B}[31m").replacingOccurrences(of: "\u{01}", with: "")
      .replacingOccurrences(of: "\u{02}", with: "")
    if let fig = FigureSupport.figure(in: v) {
      let (text, image) = showFigure(fig, number: n)
      say(label + text)
      if let image = image { say(image) }
      return
    }
    // A multi-line repr (a matrix) starts on its own line so its columns stay aligned.
    let r = v.repr
    say(r.contains("\n") ? label.trimmingCharacters(in: .whitespaces) + "\n" + r : label + r)
  }

  /// Saves a figure value to a temporary PNG; returns the text to show and, on terminals that
  /// can draw images, the escape sequence that draws it inline.
  func showFigure(_ fig: ForeignObject, number n: Int) -> (String, String?) {
    do {
      guard let png = try FigureSupport.png(fig, dpi: 150) else { return (fig.repr, nil) }
      let dir = FileManager.default.temporaryDirectory.path
      let path = (dir as NSString).appendingPathComponent("fsl-\(getpid())-out\(n).png")
      try writeAtomically(Data(png), to: path)
      return ("\(fig.repr) saved to \(path)", InlineImage.escape(for: png))
    } catch {
      return ("\(fig.repr) (could not render: \(error))", nil)
    }
  }

  /// Prints an error with the caret under its span and binds it to `err`.
  func showError(_ error: Error) {
    fflush(stdout)
    switch error {
    case let e as RuntimeError where e.kind == "Interrupted":
      console.error("\nInterrupted")
      interp.main.set("err", e.asValue)
    case let e as RuntimeError:
      console.error(rendered(e, color: useColor).text)
      interp.main.set("err", e.asValue)
    case let e as StaticErrors:
      console.error(rendered(e, color: useColor).text)
      let d = e.diagnostics.first
      let line = d.map { e.file.location(of: $0.span.start).line } ?? 0
      interp.main.set(
        "err",
        .dict(
          FDict([
            ("message", .string(d?.message ?? "syntax error")), ("kind", .string("SyntaxError")),
            ("line", .number(Double(line))), ("file", .string(e.file.path)),
          ])))
    default:
      console.error(rendered(error, color: useColor).text)
    }
  }
}

/// `1.23 ms`, `45.6 µs`: three significant digits in a unit that fits.
func formatDuration(_ seconds: Double) -> String {
  let (v, unit): (Double, String) =
    seconds >= 1
    ? (seconds, "s")
    : seconds >= 1e-3
      ? (seconds * 1e3, "ms") : seconds >= 1e-6 ? (seconds * 1e6, "µs") : (seconds * 1e9, "ns")
  let digits = v >= 100 ? 0 : v >= 10 ? 1 : 2
  return String(format: "%.\(digits)f \(unit)", v)
}

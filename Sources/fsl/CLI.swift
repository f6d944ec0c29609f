// The command line (docs/design.md §"Command line"): `fsl`, `fsl FILE`, `fsl run`, `fsl -e`,
// `fsl test`, `fsl doc`.
import ArgumentParser
import Foundation
import Shell

struct FSLCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fsl",
    abstract:
      "FSL: an array language for federated learning, pruning, data valuation and fairness.",
    usage: """
      fsl                          start the REPL
      fsl FILE.fsl [ARGS…]         run a script (also: fsl run FILE.fsl [ARGS…])
      fsl -e CODE                  run a snippet, print the final expression's value
      fsl notebook FILE.fsl -o OUT.html|OUT.md [--keep-going] [--allow-html] [--toc]
                                   run percent cells, write a report
      fsl test [PATH…]             run golden tests
      fsl doc [NAME]               help for a builtin
      """,
    discussion:
      "Exit codes: 0 ok, 64 usage, 65 static error, 66 missing input, 70 runtime error, "
      + "130 interrupted (Ctrl-C).",
    version: fslVersion,
    subcommands: [Main.self, Run.self, NotebookCommand.self, TestCommand.self, Doc.self],
    defaultSubcommand: Main.self)

  /// The words that name a subcommand rather than a script (`help` is the parser's own).
  /// Spelled out: asking the parser (`_commandName`) reflects on the types, which costs what
  /// the fast path saves; debug builds (the CLI tests) check the list against it.
  static let subcommandNames: Set<String> = ["main", "run", "notebook", "test", "doc", "help"]

  /// Parses `argv` and runs the chosen command; returns the process exit status.
  static func runMain(_ argv: [String]) -> Int32 {
    // `fsl -e CODE [ARGS…]`: CODE may start with '-' (`fsl -e '-1 + 2'`), which an option
    // parser would take for an option, so this form is recognised before parsing.
    if argv.count >= 3, argv[1] == "-e" {
      let status = Runner.runSnippet(
        argv[2], args: Array(argv.dropFirst(3)), options: ScriptDumps())
      fflush(stdout)
      return status
    }
    // The forms below skip the option parser, whose first use scans the runtime's protocol
    // conformances: about 5 ms of every start-up.
    // `fsl` alone: the REPL on a terminal, else stdin is the script (as `Main` does).
    if argv.count == 1 {
      let status =
        isatty(STDIN_FILENO) != 0
        ? REPL().run() : Runner.runStdin(args: [], options: ScriptDumps())
      fflush(stdout)
      return status
    }
    // `fsl FILE [ARGS…]` and `fsl run FILE [ARGS…]`: everything after FILE is the script's, as
    // the parser would pass it through.
    assert(subcommandNames == Set(configuration.subcommands.map { $0._commandName } + ["help"]))
    let viaRun = argv.count >= 3 && argv[1] == "run"
    let rest = argv.dropFirst(viaRun ? 2 : 1)
    if let file = rest.first, !file.hasPrefix("-"), viaRun || !subcommandNames.contains(file) {
      let status = Runner.runFile(file, args: Array(rest.dropFirst()), options: ScriptDumps())
      fflush(stdout)
      return status
    }
    do {
      var command = try parseAsRoot(Array(argv.dropFirst()))
      try command.run()
      return 0
    } catch let e as ExitCode {
      return e.rawValue
    } catch {
      let code = exitCode(for: error).rawValue
      let message = fullMessage(for: error)
      if code == 0 {
        print(message)
        return 0
      }
      printError(message)
      return code == 1 ? Status.usage : code
    }
  }
}

/// Options shared by the ways of running a script.
struct ScriptOptions: ParsableArguments {
  @Flag(name: .customLong("dump-tokens"), help: "Print the token stream and exit.")
  var dumpTokens = false
  @Flag(name: .customLong("dump-ast"), help: "Print the syntax tree and exit.")
  var dumpAST = false

  var dumps: ScriptDumps { ScriptDumps(tokens: dumpTokens, ast: dumpAST) }
}

struct Main: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "main", abstract: "Run FILE.fsl, a snippet (-e), or start the REPL.",
    usage: "fsl [--dump-tokens] [--dump-ast] [-e CODE | FILE.fsl [ARGS…]]",
    shouldDisplay: false)

  @Option(name: .short, help: "Run CODE and print the value of a final expression.")
  var e: String?
  @OptionGroup var options: ScriptOptions
  @ArgumentParser.Argument(help: "Script to run.") var file: String?
  @ArgumentParser.Argument(
    parsing: .captureForPassthrough, help: "Arguments for the script (args()).")
  var args: [String] = []

  mutating func run() throws {
    if let code = e {
      try finish(
        Runner.runSnippet(code, args: ([file].compactMap { $0 }) + args, options: options.dumps))
    }
    guard let file = file else {
      // No file: the REPL on a terminal, otherwise stdin is the script (`echo 'print(1)' | fsl`).
      let tty = isatty(STDIN_FILENO) != 0
      try finish(tty ? REPL().run() : Runner.runStdin(args: args, options: options.dumps))
      return
    }
    try finish(Runner.runFile(file, args: args, options: options.dumps))
  }
}

struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a script: fsl run FILE.fsl [ARGS…]")
  @OptionGroup var options: ScriptOptions
  @ArgumentParser.Argument(help: "Script to run.") var file: String
  @ArgumentParser.Argument(
    parsing: .captureForPassthrough, help: "Arguments for the script (args()).")
  var args: [String] = []

  mutating func run() throws {
    try finish(Runner.runFile(file, args: args, options: options.dumps))
  }
}

struct NotebookCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "notebook",
    abstract: "Run a percent-cell script (# %%) and write an HTML or Markdown report.",
    discussion: """
      Cells run top to bottom in one fresh session. A failing cell is shown with its error and \
      stops the run (exit 70) unless --keep-going. Reports are meant to be shared, so raw HTML \
      in Markdown cells is shown as text and links and images keep only http:, https:, \
      mailto:, relative and data:image URLs, unless --allow-html.
      """)
  @ArgumentParser.Argument(help: "Script with `# %%` cells.") var file: String
  @Option(name: [.short, .customLong("output")], help: "Report to write: OUT.html or OUT.md.")
  var output: String
  @Flag(help: "Run every cell even after one fails (exit 0).") var keepGoing = false
  @Flag(
    help: """
      Keep raw HTML (script included) and any URL scheme in Markdown cells; only for \
      reports from sources you trust.
      """)
  var allowHTML = false
  @Flag(help: "Start the report with a table of contents linking the Markdown headings.")
  var toc = false

  mutating func run() throws {
    try finish(
      NotebookJob.run(
        input: file, output: output, keepGoing: keepGoing, allowHTML: allowHTML, toc: toc))
  }
}

struct TestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test", abstract: "Run golden tests (.fsl files with # expect comments).")
  @ArgumentParser.Argument(help: "Files or folders (default: Tests/golden).") var paths: [String] =
    []
  @Flag(name: .shortAndLong, help: "Print every test's name.") var verbose = false

  mutating func run() throws {
    let runner = GoldenRunner(verbose: verbose)
    try finish(runner.run(paths.isEmpty ? ["Tests/golden"] : paths))
  }
}

struct Doc: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show help for a builtin, or list them.")
  @ArgumentParser.Argument(help: "A builtin's name, a library module or module.function.")
  var name: String?
  @Flag(help: "Print the Markdown reference of all builtins (docs/builtins.md).")
  var markdown = false

  mutating func run() throws {
    let out = Help.doc(name, markdown: markdown)
    print(out.stdout, terminator: "")
    if !out.stderr.isEmpty { printError(out.stderr) }
    if out.status != Status.ok { throw ExitCode(out.status) }
  }
}

/// Exits with `status` unless it is 0.
func finish(_ status: Int32) throws {
  fflush(stdout)
  if status != 0 { throw ExitCode(status) }
  throw ExitCode.success
}

// `fsl test`: runs golden tests — .fsl files whose `# expect…` comments state the exact stdout
// lines, or the static/runtime error message, and the warnings they must produce
// (docs/design.md §"Tests").
import Builtins
import Foundation
import Interp
import Lang

/// What one golden file expects.
struct GoldenExpectation {
  var stdout: [String] = []
  /// Static error messages (exit 65) that stderr must all contain (one `# expect error:` line
  /// each, so that a test can check that independent errors are all reported).
  var staticErrors: [String] = []
  /// A runtime error message (exit 70) that stderr must contain.
  var runtimeError: String?
  /// `# expect warning: TEXT`: when there is one, the run's warnings (without `warning: `)
  /// must be exactly these, in order; without any, warnings are not checked.
  var warnings: [String] = []
  /// `# requires: PATH how to get it`: files (relative to the working directory) without which
  /// the test is skipped with that message (fetched model weights).
  var requires: [(path: String, hint: String)] = []

  init(parsing text: String) {
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      guard let hash = raw.range(of: "# expect") else { continue }
      let rest = raw[hash.upperBound...]
      if rest.hasPrefix(": ") || rest == ":" {
        stdout.append(String(rest.dropFirst(2)))
      } else if rest.hasPrefix(" error: ") {
        staticErrors.append(String(rest.dropFirst(" error: ".count)))
      } else if rest.hasPrefix(" runtime error: ") {
        runtimeError = String(rest.dropFirst(" runtime error: ".count))
      } else if rest.hasPrefix(" warning: ") {
        warnings.append(String(rest.dropFirst(" warning: ".count)))
      }
    }
    for raw in text.split(separator: "\n") where raw.hasPrefix("# requires: ") {
      let words = raw.dropFirst("# requires: ".count).split(separator: " ", maxSplits: 1)
      if let path = words.first {
        requires.append((String(path), words.count > 1 ? String(words[1]) : ""))
      }
    }
  }

  var isEmpty: Bool {
    stdout.isEmpty && staticErrors.isEmpty && runtimeError == nil && warnings.isEmpty
  }
}

/// The result of running one source text in a fresh interpreter, output captured.
struct CapturedRun {
  var stdout: String
  var stderr: String
  var status: Int32
  /// The `warning: …` lines `Interpreter.warn` wrote.
  var warnings = ""

  static func run(_ src: SourceFile, args: [String] = []) -> CapturedRun {
    let sink = StringSink()
    let interp = Interpreter(builtins: allBuiltins, output: sink)
    interp.scriptArgs = args
    let warned = StringSink()
    interp.warnings = warned
    var r = CapturedRun(stdout: "", stderr: "", status: Status.ok)
    do {
      try interp.run(src)
    } catch let e as StaticErrors {
      let text = e.diagnostics.map { DiagnosticRenderer.render($0, file: e.file, color: false) }
      (r.stderr, r.status) = (text.joined(separator: "\n"), Status.staticError)
    } catch let e as RuntimeError {
      (r.stderr, r.status) = (e.render(color: false), Status.runtimeError)
    } catch {
      (r.stderr, r.status) = ("\(error)", Status.runtimeError)
    }
    (r.stdout, r.warnings) = (sink.text, warned.text)
    return r
  }
}

public struct GoldenRunner {
  var verbose = false
  /// Where the per-file lines and the summary go (stdout) and where errors go (stderr).
  var say: (String) -> Void = { print($0) }
  var complain: (String) -> Void = printError

  public init(verbose: Bool = false) {
    self.verbose = verbose
  }

  /// Runs every .fsl file under `paths`; prints failures and `N passed, N failed`.
  public func run(_ paths: [String]) -> Int32 {
    var files: [String] = []
    for p in paths {
      var isDir: ObjCBool = false
      guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
        complain("fsl test: no such file or folder '\(p)'")
        return Status.noInput
      }
      if isDir.boolValue {
        let items = FileManager.default.enumerator(atPath: p)?.compactMap { $0 as? String } ?? []
        files += items.filter { $0.hasSuffix(".fsl") }.sorted().map { "\(p)/\($0)" }
      } else {
        files.append(p)
      }
    }
    var passed = 0
    var failed = 0
    for f in files {
      switch check(f) {
      case .skipped(let why):
        say("skip \(f): \(why)")
      case .failed(let problem):
        failed += 1
        say(
          "FAIL \(f)\n\(problem.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))")
      case .passed:
        passed += 1
        if verbose { say("ok   \(f)") }
      }
    }
    say("\(passed) passed, \(failed) failed")
    return failed == 0 ? Status.ok : 1
  }

  /// What running one golden file showed.
  enum Outcome: Equatable {
    case passed
    case failed(String)
    /// A `# requires:` file is absent: why, with its hint.
    case skipped(String)
  }

  /// Whether the file behaves as its comments say (else a description of the difference), or
  /// why it cannot run here.
  func check(_ path: String) -> Outcome {
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else { return .failed("cannot read file") }
    let expect = GoldenExpectation(parsing: text)
    if let missing = expect.requires.first(where: {
      !FileManager.default.fileExists(atPath: $0.path)
    }) {
      return .skipped("needs \(missing.path)" + (missing.hint.isEmpty ? "" : " " + missing.hint))
    }
    if expect.isEmpty {
      return .failed("no '# expect' comments: a golden test must assert something")
    }
    // Imports resolve next to the test file; data paths are relative to the working directory.
    let r = CapturedRun.run(SourceFile(path: path, text: text))
    var problems: [String] = []
    var lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    if lines != expect.stdout {
      problems.append("stdout differs:\n" + diff(expect.stdout, lines))
    }
    let warnings = r.warnings.split(separator: "\n").map { String($0.dropFirst("warning: ".count)) }
    if !expect.warnings.isEmpty && warnings != expect.warnings {
      problems.append("warnings differ:\n" + diff(expect.warnings, warnings))
    }
    let wantStatus: Int32 =
      !expect.staticErrors.isEmpty
      ? Status.staticError
      : expect.runtimeError != nil ? Status.runtimeError : Status.ok
    if r.status != wantStatus {
      problems.append("exit status \(r.status), expected \(wantStatus)\n\(r.stderr)")
    } else {
      let wanted = expect.staticErrors + (expect.runtimeError.map { [$0] } ?? [])
      for m in wanted where !r.stderr.contains(m) {
        problems.append("error message does not contain: \(m)\nstderr:\n\(r.stderr)")
      }
    }
    return problems.isEmpty ? .passed : .failed(problems.joined(separator: "\n"))
  }

  func diff(_ want: [String], _ got: [String]) -> String {
    var out: [String] = []
    for i in 0..<max(want.count, got.count) {
      let w = i < want.count ? want[i] : "<missing>"
      let g = i < got.count ? got[i] : "<missing>"
      if w != g { out.append("line \(i + 1): expected \(quote(w))\n         got      \(quote(g))") }
    }
    return out.joined(separator: "\n")
  }
}

// The REPL's meta commands (`%time`, `%timeit`, `%who`, `%reset`, `%run`, `%save`, `%hist`,
// `%load`, `%pwd`, `%cd`, `%help`) and help requests (`?name`, `??name`).
import Builtins
import CInterrupt
import Foundation
import Interp
import Lang

extension REPL {
  /// Every meta command with its one-line description, as `%help` lists them.
  static let commands: [(name: String, usage: String, summary: String)] = [
    ("cd", "%cd [DIR]", "change the working directory (default: $HOME)"),
    ("help", "%help", "list these commands"),
    ("hist", "%hist", "show this session's inputs with their numbers"),
    ("load", "%load FILE", "put FILE's text into the next prompt for editing"),
    ("pwd", "%pwd", "print the working directory"),
    ("reset", "%reset", "delete every variable of the session"),
    ("run", "%run FILE [ARGS…]", "run FILE in this session (its definitions stay)"),
    ("save", "%save FILE", "write the session's successful inputs to FILE as a script"),
    ("time", "%time CODE", "run CODE once and print the wall time"),
    ("timeit", "%timeit CODE", "time CODE over many runs: mean ± std per loop"),
    ("who", "%who", "list the variables of the session"),
  ]

  /// Runs a meta command or help request; returns whether it succeeded.
  func meta(_ input: String, number n: Int) -> Bool {
    if input.hasPrefix("??") {
      return help(String(input.dropFirst(2)).trimmingCharacters(in: .whitespaces), source: true)
    }
    if input.hasPrefix("?") {
      return help(String(input.dropFirst()).trimmingCharacters(in: .whitespaces), source: false)
    }
    let body = input.dropFirst()
    let name = String(body.prefix { !$0.isWhitespace })
    let rest = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
    switch name {
    case "time":
      guard !rest.isEmpty else { return usage("%time needs code to run: %time CODE") }
      return execute(rest, number: n, timed: true)
    case "timeit":
      guard !rest.isEmpty else { return usage("%timeit needs code to time: %timeit CODE") }
      return timeit(rest, number: n)
    case "who": return who()
    case "reset":
      interp = REPL.makeInterpreter(output: console)
      outputs = [.null]
      say("All variables deleted.")
      return true
    case "run": return runFile(rest)
    case "save": return save(rest)
    case "hist", "history": return hist()
    case "load": return load(rest)
    case "pwd":
      say(FileManager.default.currentDirectoryPath)
      return true
    case "cd": return cd(rest)
    case "help":
      for c in REPL.commands {
        say("  \(c.usage.padding(toLength: 20, withPad: " ", startingAt: 0)) \(c.summary)")
      }
      say("  ?NAME / help(NAME)   signature, doc and example;  ??NAME  also the source")
      return true
    default:
      let names = REPL.commands.map(\.name)
      var msg = "unknown command '%\(name)'"
      if let s = Suggest.nearest(to: name, in: Set(names)) { msg += " (did you mean '%\(s)'?)" }
      return usage(msg + "; commands: " + names.map { "%" + $0 }.joined(separator: ", "))
    }
  }

  func usage(_ message: String) -> Bool {
    console.error("UsageError: \(message)")
    return false
  }

  // MARK: - Help

  /// `?name` (signature, doc, example) and `??name` (also the FSL source).
  func help(_ name: String, source: Bool) -> Bool {
    if name.isEmpty {
      say(Help.intro)
      return true
    }
    guard let v = Completer.lookup(name, in: interp) else {
      var names = interp.builtinNames
      for g in interp.main.table.names where interp.main.value(of: g) != nil { names.insert(g) }
      var msg = "no variable, function or builtin named '\(name)'"
      if let s = Suggest.nearest(to: name, in: names) { msg += "; did you mean '\(s)'?" }
      console.error("error: \(msg)")
      return false
    }
    say(
      source
        ? Help.source(of: v, name: name, interp: interp)
        : Help.text(for: v, name: name, interp: interp))
    return true
  }

  // MARK: - Commands

  /// `%timeit CODE`: compiles once, picks a loop count so one timing takes ≥ 0.2 s (1, 2, 5,
  /// 10, 20, 50, …), repeats the timing up to 7 times and prints mean ± population std.
  func timeit(_ code: String, number n: Int) -> Bool {
    let src = SourceFile(path: "In[\(n)]", text: code)
    defer { fsl_interrupt_set(0) }
    do {
      let program: Program
      switch Parser.parse(src, interactive: false) {
      case .success(let p): program = p
      case .failure(let ds): throw StaticErrors(file: src, diagnostics: ds)
      case .needsMoreInput:
        throw StaticErrors(file: src, diagnostics: [Runner.incompleteInput(src)])
      }
      let body = try interp.prepare(program)
      func time(_ loops: Int) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<loops {
          // Builtins that never poll the flag (one big matmul) still stop between loops.
          if fsl_interrupt_pending() != 0 { throw RuntimeError("Interrupted", "interrupted") }
          _ = try body()
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      }
      var loops = 1
      var t = try time(loops)
      var step = 0
      while t < 0.2 {
        loops = [1, 2, 5][(step + 1) % 3] * Int(pow(10, Double((step + 1) / 3)))
        step += 1
        t = try time(loops)
      }
      // At most ~10 s in all for slow code, at least one run.
      let repeats = max(1, min(7, Int(10 / max(t, 1e-9))))
      var per = [t / Double(loops)]
      while per.count < repeats { per.append(try time(loops) / Double(loops)) }
      let mean = per.reduce(0, +) / Double(per.count)
      let std = (per.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(per.count))
        .squareRoot()
      let runs = repeats == 1 ? "1 run" : "\(repeats) runs"
      let each = loops == 1 ? "1 loop each" : "\(loops) loops each"
      say(
        "\(formatDuration(mean)) ± \(formatDuration(std)) per loop (mean ± std. dev. of \(runs), \(each))"
      )
      _ = FigureSupport.drain()
      return true
    } catch {
      _ = FigureSupport.drain()
      showError(error)
      return false
    }
  }

  func who() -> Bool {
    let hidden: Set = ["ans", "Out", "err"]
    let names = interp.main.table.names.filter {
      !hidden.contains($0) && interp.main.value(of: $0) != nil
    }.sorted()
    if names.isEmpty {
      say("No variables defined.")
      return true
    }
    let width = min(24, names.map(\.count).max() ?? 0)
    for name in names {
      guard let v = interp.main.value(of: name) else { continue }
      var r = v.repr.split(separator: "\n").first.map(String.init) ?? ""
      if r.count > 50 { r = String(r.prefix(49)) + "…" }
      let pad = name.padding(toLength: max(width, name.count), withPad: " ", startingAt: 0)
      say("\(pad)  \(v.typeName.padding(toLength: 8, withPad: " ", startingAt: 0))  \(r)")
    }
    return true
  }

  func runFile(_ rest: String) -> Bool {
    let words = rest.split(separator: " ").map(String.init)
    guard let path = words.first else { return usage("%run needs a file: %run FILE [ARGS…]") }
    guard
      case .success(let (_, text)) = Runner.loadScript(
        expandTilde(path), "error", errors: console.error)
    else {
      return false
    }
    interp.scriptArgs = Array(words.dropFirst())
    defer {
      fsl_interrupt_set(0)
      _ = FigureSupport.drain()
    }
    do {
      try interp.run(SourceFile(path: path, text: text))
      return true
    } catch {
      showError(error)
      return false
    }
  }

  func save(_ rest: String) -> Bool {
    guard !rest.isEmpty else { return usage("%save needs a file name: %save FILE") }
    var path = expandTilde(rest)
    if (path as NSString).pathExtension.isEmpty { path += ".fsl" }
    let (code, left) = scriptInputs()
    var text = "# Saved from an FSL \(fslVersion) session: \(code.count) inputs.\n"
    for i in code { text += i + "\n" }
    do {
      try writeAtomically(Data(text.utf8), to: path)
    } catch {
      console.error("error: \(error)")
      return false
    }
    say("Saved \(code.count) input\(code.count == 1 ? "" : "s") to \(path)")
    for l in left { say("  left out In[\(l.number)]: \(l.reason)") }
    return true
  }

  /// The code inputs that ran without error and still run as a script: each is kept when the
  /// script so far plus it parses and resolves on its own, without the session's `ans`, `Out`,
  /// `err` and `help`, names from `%run`, or names only a failed input would have made. The
  /// others come back with the reason (their static error in the script).
  func scriptInputs() -> (kept: [String], left: [(number: Int, reason: String)]) {
    var kept: [String] = []
    var left: [(number: Int, reason: String)] = []
    for i in inputs where i.ok && i.isCode {
      let file = SourceFile(path: "saved", text: (kept + [i.text]).joined(separator: "\n") + "\n")
      var problem: String?
      switch Parser.parse(file, interactive: false) {
      case .success(let program):
        let table = GlobalTable()
        if case .failure(let e) = Resolver.resolve(
          program, globals: table, builtins: REPL.scriptBuiltinNames)
        {
          problem = e.diagnostics.first?.message ?? "a static error"
        }
      case .failure(let ds): problem = ds.first?.message ?? "a syntax error"
      case .needsMoreInput: problem = "unexpected end of input"
      }
      if let p = problem { left.append((i.number, p)) } else { kept.append(i.text) }
    }
    return (kept, left)
  }

  /// The builtin names a script sees (the REPL adds `help`).
  static let scriptBuiltinNames = Interpreter(builtins: allBuiltins).builtinNames

  func hist() -> Bool {
    for i in inputs {
      let lines = i.text.split(separator: "\n", omittingEmptySubsequences: false)
      let label = "\(i.number): ".leftPadded(to: 6)
      say(label + (lines.first.map(String.init) ?? ""))
      for l in lines.dropFirst() { say(String(repeating: " ", count: label.count) + l) }
    }
    return true
  }

  func load(_ rest: String) -> Bool {
    guard !rest.isEmpty else { return usage("%load needs a file: %load FILE") }
    guard
      case .success(let (_, loaded)) = Runner.loadScript(
        expandTilde(rest), "error", errors: console.error)
    else {
      return false
    }
    var text = loaded
    while text.hasSuffix("\n") { text.removeLast() }
    prefill = text
    return true
  }

  func cd(_ rest: String) -> Bool {
    let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
    let dir = rest.isEmpty ? home : expandTilde(rest)
    guard FileManager.default.changeCurrentDirectoryPath(dir) else {
      console.error("error: cd: no such directory '\(rest)'")
      return false
    }
    say(FileManager.default.currentDirectoryPath)
    return true
  }

  func expandTilde(_ path: String) -> String {
    guard path == "~" || path.hasPrefix("~/") else { return path }
    let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
    return home + path.dropFirst()
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}

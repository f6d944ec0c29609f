// Help for values in the REPL and notebooks: `?name`, `??name` and the `help(x)` builtin read
// the Builtin record (signature, summary, doc, example) or a user function's docstring.
import Builtins
import Foundation
import Interp
import Lang

public enum Help {
  static let intro = """
    FSL \(fslVersion): an array language for ML research.
      ?NAME, help(NAME)   signature, doc and an example (NAME may be dotted: ?plot.figure)
      ??NAME              the same, plus the FSL source of a user function
      %help               the meta commands (%time, %timeit, %who, %run, %save, …)
      NAME.<TAB>          module members and dict keys; TAB also completes names and paths
      In [n] / Out[n]     Out[n] and ans hold values, err the last error; end with ; to hide
    Ctrl-C stops a computation, Ctrl-D quits. The language: docs/language.md; `fsl doc`.
    """

  /// What `?name` shows for value `v` found under `name`.
  static func text(for v: Value, name: String, interp: Interpreter) -> String {
    switch v {
    case .builtin(let b):
      return Help.helpText(b)
    case .function(let c):
      var out = c.signature
      out += "\n\n" + (c.proto.doc ?? "(no docstring)")
      let (line, _) = c.proto.file.location(of: c.proto.decl.span.start)
      out += "\n\nDefined at \(c.proto.file.path):\(line)."
      return out
    case .module(let m):
      var out = "module \(m.name)"
      let summary = m.doc.isEmpty ? (builtinModuleIntro(m.name) ?? "") : m.doc
      if !summary.isEmpty { out += ": " + summary }
      out += "\n"
      for (k, member) in m.members {
        switch member {
        case .builtin(let b):
          out += memberLine(b.signature, b.summary)
        case .function(let c):
          out += memberLine(c.signature, firstLine(c.proto.doc))
        default:
          out += "\n  \(k): \(member.typeName)"
        }
      }
      return out
    case .object(let o):
      let methods = Completer.methods(of: o, in: interp).joined(separator: ", ")
      if interp.modules[o.methodModule] != nil {
        return "\(name): \(o.typeName) \(o.repr)\nmethods (\(o.methodModule).NAME with the "
          + "\(o.typeName) first): \(methods)"
      }
      var out = "\(name): \(o.typeName) =\(clipped(o.repr))"
      if let t = o as? FTable {
        out += "\ncolumns: " + t.columns.keys.joined(separator: ", ")
        out += "\nmethods (NAME(\(name), …)): \(methods)"
      } else if o is RandomBox {
        out += "\nmethods (NAME(…, rng=\(name))): \(methods)"
      }
      return out
    default:
      return "\(name): \(v.typeName) =\(clipped(v.repr))"
    }
  }

  /// A repr cut at 400 characters, after `=`: on the same line after a space, or from the next
  /// line when it spans several (a table or a matrix keeps its columns aligned).
  static func clipped(_ repr: String) -> String {
    let r = repr.count > 400 ? String(repr.prefix(400)) + "…" : repr
    return (r.contains("\n") ? "\n" : " ") + r
  }

  /// What `??name` shows: the help text, then the function's FSL source.
  static func source(of v: Value, name: String, interp: Interpreter) -> String {
    let head = text(for: v, name: name, interp: interp)
    switch v {
    case .function(let c):
      let file = c.proto.file
      let (line, _) = file.location(of: c.proto.decl.span.start)
      let start = c.proto.decl.span.start
      // From the start of the declaration's line, so the first line keeps its indentation.
      var lineStart = start
      while lineStart > 0 && file.bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
      let code = file.text(of: SourceSpan(lineStart, c.proto.decl.span.end))
      return head + "\n\nSource (\(file.path):\(line)):\n" + code
    case .builtin:
      return head + "\n\n(a builtin written in Swift: there is no FSL source to show)"
    default:
      return head
    }
  }

  /// One member of a module listing (`?MODULE`, `fsl doc MODULE`): signature, then summary.
  /// Signatures are padded to 40 columns; a longer one is kept whole.
  static func memberLine(_ signature: String, _ summary: String) -> String {
    let padding = String(repeating: " ", count: max(0, 40 - signature.count))
    return "\n  \(signature)\(padding) \(summary)"
  }

  static func firstLine(_ s: String?) -> String {
    s.flatMap { $0.split(separator: "\n").first.map(String.init) } ?? ""
  }
}

/// What a command prints: text for stdout, a message for stderr, the exit status.
public struct CommandOutput: Equatable {
  public var stdout = ""
  public var stderr = ""
  public var status = Status.ok
}

extension Help {
  /// `fsl doc [NAME]`: every builtin with its summary (no NAME), a builtin's help, a builtin
  /// module's members, or a library module's doc; `--markdown`: docs/builtins.md.
  public static func doc(_ name: String?, markdown: Bool = false) -> CommandOutput {
    if markdown { return CommandOutput(stdout: builtinsMarkdown()) }
    guard let name = name else {
      var out = ""
      for b in allBuiltins {
        out += "\(b.signature.padding(toLength: 34, withPad: " ", startingAt: 0)) \(b.summary)\n"
      }
      let modules = Library.modules
      if !modules.isEmpty {
        out += "\nLibrary modules (import NAME; fsl doc NAME): \(modules.joined(separator: ", "))\n"
      }
      return CommandOutput(stdout: out)
    }
    if let b = builtin(named: name) { return CommandOutput(stdout: helpText(b) + "\n") }
    if let intro = builtinModuleIntro(name) {
      return CommandOutput(stdout: moduleHelp(name, intro: intro) + "\n")
    }
    if let text = Library.doc(name) { return CommandOutput(stdout: text + "\n") }
    var msg = "fsl doc: no builtin or library module named '\(name)'"
    let names = Set(allBuiltins.map(\.name))
    if let s = Suggest.nearest(to: name, in: names) { msg += "; did you mean '\(s)'?" }
    return CommandOutput(stderr: msg, status: Status.usage)
  }

  /// The text `fsl doc NAME` and the REPL's `?name` show.
  static func helpText(_ b: Builtin) -> String {
    var out = "\(b.signature)\n\n\(b.summary)"
    if !b.doc.isEmpty { out += "\n\n\(b.doc)" }
    out += "\n\nExample:\n  \(b.example)"
    out += "\n\nDefined in \(b.sourceFile)."
    return out
  }

  /// `fsl doc MODULE` for a builtin module: its introduction and its members.
  static func moduleHelp(_ name: String, intro: String) -> String {
    var out = "module \(name): \(intro)\n"
    for b in allBuiltins where b.module == name { out += memberLine(b.signature, b.summary) }
    return out
  }
}

extension REPL {
  /// `help(x)`: prints help for a value or a name given as a string; `help()` prints the
  /// introduction. Added to REPL and notebook sessions only.
  static let helpBuiltin = Builtin(
    "help", params: [BuiltinParam("x", "any", default: .null)],
    summary: "Print help for a builtin, function, module or value (the REPL's ?name).",
    doc: "With a string, looks the name up (dotted names work: \"plot.figure\").",
    example: "help(mean)", effect: .io
  ) { a in
    let text: String
    switch a[0] {
    case .null:
      text = Help.intro
    case .string(let name):
      if let v = Completer.lookup(name, in: a.interp) {
        text = Help.text(for: v, name: name, interp: a.interp)
      } else {
        throw RuntimeError.value("help: no variable, function or builtin named '\(name)'")
      }
    case let v:
      let name: String
      switch v {
      case .builtin(let b): name = b.name
      case .function(let c): name = c.proto.name
      case .module(let m): name = m.name
      default: name = v.typeName
      }
      text = Help.text(for: v, name: name, interp: a.interp)
    }
    a.interp.write(text + "\n")
    return .null
  }
}

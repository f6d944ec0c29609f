// Runtime errors: a kind (`TypeError`, `IndexError`, …), a message, where it happened, and the
// user call stack collected while the error unwinds.
import Lang

/// One user frame of a runtime error's call stack: `function` was called at `span` in `file`.
public struct TraceEntry {
  public var function: String
  public var span: SourceSpan
  public var file: SourceFile
}

/// An error raised while running FSL code; `try … catch` catches it, exit code 70 otherwise.
public struct RuntimeError: Error {
  public var kind: String
  public var message: String
  public var span: SourceSpan?
  public var file: SourceFile?
  /// Calls the error unwound through, innermost first.
  public var trace: [TraceEntry] = []
  /// Extra notes shown under the message.
  public var notes: [String] = []

  public init(_ kind: String, _ message: String, span: SourceSpan? = nil, file: SourceFile? = nil) {
    self.kind = kind
    self.message = message
    self.span = span
    self.file = file
  }

  public static func type(_ m: String) -> RuntimeError { RuntimeError("TypeError", m) }
  public static func value(_ m: String) -> RuntimeError { RuntimeError("ValueError", m) }
  public static func index(_ m: String) -> RuntimeError { RuntimeError("IndexError", m) }
  public static func key(_ m: String) -> RuntimeError { RuntimeError("KeyError", m) }
  public static func io(_ m: String) -> RuntimeError { RuntimeError("IOError", m) }

  /// Fills in the location if the error does not have one yet.
  func located(_ s: SourceSpan, _ f: SourceFile) -> RuntimeError {
    if span != nil { return self }
    var e = self
    e.span = s
    e.file = f
    return e
  }

  /// `file:line:col: error: Kind: message`, the source line with a caret, and the call stack.
  public func render(color: Bool) -> String {
    let header = "\(kind): \(message)"
    var out: String
    if let f = file, let s = span {
      var d = Diagnostic(code: "E700", header, span: s)
      d.notes = notes.map { DiagnosticNote($0) }
      out = DiagnosticRenderer.render(d, file: f, color: color)
    } else {
      out = "error: \(header)"
      for n in notes { out += "\nnote: \(n)" }
    }
    if !trace.isEmpty, let f = file, let s = span {
      out += "\ncall stack (innermost first):"
      var (loc, locFile) = (s, f)
      var lines: [String] = []
      for t in trace {
        let (l, c) = locFile.location(of: loc.start)
        lines.append("  in \(t.function) at \(locFile.path):\(l):\(c)")
        (loc, locFile) = (t.span, t.file)
      }
      let (l, c) = locFile.location(of: loc.start)
      lines.append("  in <main> at \(locFile.path):\(l):\(c)")
      // Deep recursion repeats one frame thousands of times: show it once with a count.
      var i = 0
      while i < lines.count {
        var j = i + 1
        while j < lines.count && lines[j] == lines[i] { j += 1 }
        out += "\n" + lines[i]
        if j - i > 1 { out += "\n  … the frame above repeated \(j - i - 1) more times" }
        i = j
      }
    }
    return out
  }

  /// The dict a `catch e` clause binds: message, kind, line, file.
  public var asValue: Value {
    var line = 0
    if let f = file, let s = span { line = f.location(of: s.start).line }
    return .dict(
      FDict([
        ("message", .string(message)), ("kind", .string(kind)), ("line", .number(Double(line))),
        ("file", .string(file?.path ?? "")),
      ]))
  }
}

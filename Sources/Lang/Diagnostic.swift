// Diagnostics as data: severity, stable code, message, primary span, notes. Rendering is separate.

/// How serious a diagnostic is.
public enum Severity: String, Sendable {
  case error, warning, note
}

/// A secondary message attached to a diagnostic, optionally pointing somewhere else.
public struct DiagnosticNote: Sendable {
  public var message: String
  public var span: SourceSpan?
  public init(_ message: String, span: SourceSpan? = nil) {
    self.message = message
    self.span = span
  }
}

/// One problem found in a source file (lexing, parsing, resolving, or at run time).
public struct Diagnostic: Error, Sendable {
  public var severity: Severity
  /// Stable code such as `E101`; see the catalogue of each stage.
  public var code: String
  public var message: String
  public var span: SourceSpan
  public var notes: [DiagnosticNote]
  public var hint: String?

  public init(
    _ severity: Severity = .error, code: String, _ message: String, span: SourceSpan,
    notes: [DiagnosticNote] = [], hint: String? = nil
  ) {
    self.severity = severity
    self.code = code
    self.message = message
    self.span = span
    self.notes = notes
    self.hint = hint
  }
}

/// Thrown by the front end when a source file has static errors (exit code 65).
public struct StaticErrors: Error, Sendable {
  public var file: SourceFile
  public var diagnostics: [Diagnostic]
  public init(file: SourceFile, diagnostics: [Diagnostic]) {
    self.file = file
    self.diagnostics = diagnostics
  }
}

// Renders diagnostics clang-style: `file:line:col: error: msg`, the source line, a `^~~~` caret.

/// Turns `Diagnostic` values into text for a terminal or a log.
public enum DiagnosticRenderer {
  private static let reset = "\u{1B}[0m"
  private static let bold = "\u{1B}[1m"
  private static let red = "\u{1B}[1;31m"
  private static let green = "\u{1B}[1;32m"
  private static let cyan = "\u{1B}[1;36m"
  private static let magenta = "\u{1B}[1;35m"

  /// Renders one diagnostic with its notes and hint, without a trailing newline.
  ///
  /// The caret sits under the first character of the span, followed by `~` for the rest of
  /// the span on that line. Columns count Unicode scalars; tabs before the caret are kept.
  public static func render(_ d: Diagnostic, file: SourceFile, color: Bool) -> String {
    var lines: [String] = []
    lines.append(header(d.severity.rawValue, d.message, d.span, file: file, color: color))
    lines.append(contentsOf: snippet(d.span, file: file, color: color))
    for note in d.notes {
      if let span = note.span {
        lines.append(header("note", note.message, span, file: file, color: color))
        lines.append(contentsOf: snippet(span, file: file, color: color))
      } else {
        lines.append(label("note", color: color) + " " + note.message)
      }
    }
    if let hint = d.hint {
      lines.append(label("hint", color: color) + " " + hint)
    }
    return lines.joined(separator: "\n")
  }

  /// Renders several diagnostics, one after the other, separated by newlines.
  public static func render(all ds: [Diagnostic], file: SourceFile, color: Bool) -> String {
    ds.map { render($0, file: file, color: color) }.joined(separator: "\n")
  }

  private static func label(_ kind: String, color: Bool) -> String {
    guard color else { return kind + ":" }
    let c: String
    switch kind {
    case "error": c = red
    case "warning": c = magenta
    default: c = cyan
    }
    return c + kind + ":" + reset
  }

  private static func header(
    _ kind: String, _ message: String, _ span: SourceSpan, file: SourceFile, color: Bool
  ) -> String {
    let (line, col) = file.location(of: span.start)
    let place = "\(file.path):\(line):\(col):"
    guard color else { return "\(place) \(kind): \(message)" }
    return bold + place + reset + " " + label(kind, color: true) + " " + bold + message + reset
  }

  /// The source line of the span's start and the caret line under it.
  /// Source lines longer than this are shown as a window around the span, so a 1 MB line
  /// (generated code) does not print 1 MB per diagnostic.
  static let snippetWidth = 160

  private static func snippet(_ span: SourceSpan, file: SourceFile, color: Bool) -> [String] {
    let (line, col) = file.location(of: span.start)
    let all = Array(file.lineText(line).unicodeScalars)
    let (endLine, endCol) = file.location(of: span.end)
    // The window [from, to) of the line that is shown; the whole line when it is short.
    var from = 0
    var to = all.count
    if all.count > snippetWidth {
      from = max(0, min(col - 1 - snippetWidth / 3, all.count - snippetWidth))
      to = min(all.count, from + snippetWidth)
    }
    var text = String(String.UnicodeScalarView(all[from..<to]))
    var pad = ""
    if from > 0 {
      text = "…" + text
      pad = " "
    }
    if to < all.count { text += "…" }
    for s in all[min(from, all.count)..<min(max(from, col - 1), to)] {
      pad.append(s == "\t" ? "\t" : " ")
    }
    if col - 1 > all.count { pad += String(repeating: " ", count: col - 1 - all.count) }
    let lastCol = endLine == line ? min(endCol, to + 1) : to + 1
    let width = max(1, lastCol - col)
    let marks = "^" + String(repeating: "~", count: width - 1)
    return [text, pad + (color ? green + marks + reset : marks)]
  }
}

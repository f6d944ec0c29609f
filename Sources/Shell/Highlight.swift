// Syntax highlighting for notebook reports: HTML spans classed by the lexer's token kinds, so
// highlighting agrees with the language (comments are the gaps between tokens that hold `#`).
import Lang

enum Highlight {
  /// `code` as HTML with `<span class="…">` around keywords (`k`), numbers (`n`), strings
  /// (`s`), builtin names (`b`), operators (`o`), comments (`c`) and lexer errors (`e`).
  static func html(_ code: String, builtins: Set<String>) -> String {
    let file = SourceFile(path: "<cell>", text: code)
    let bytes = file.bytes
    let tokens = Lexer.tokenize(file).tokens
    var out = ""
    var pos = 0
    func text(_ a: Int, _ b: Int) -> String { String(decoding: bytes[a..<b], as: UTF8.self) }
    func gap(upTo end: Int) {
      // Between tokens there is only whitespace and comments (`#` to the end of the line).
      var i = pos
      while i < end {
        if bytes[i] == UInt8(ascii: "#") {
          var j = i
          while j < end && bytes[j] != UInt8(ascii: "\n") { j += 1 }
          out += "<span class=\"c\">\(escapeHTML(text(i, j)))</span>"
          i = j
        } else {
          var j = i
          while j < end && bytes[j] != UInt8(ascii: "#") { j += 1 }
          out += escapeHTML(text(i, j))
          i = j
        }
      }
      pos = max(pos, end)
    }
    for t in tokens where t.kind != .eof {
      let start = min(max(t.span.start, pos), bytes.count)
      let end = min(t.span.end, bytes.count)
      guard end > start else { continue }
      gap(upTo: start)
      let piece = escapeHTML(text(start, end))
      if let cls = cssClass(t, builtins: builtins) {
        out += "<span class=\"\(cls)\">\(piece)</span>"
      } else {
        out += piece
      }
      pos = end
    }
    gap(upTo: bytes.count)
    return out
  }

  static func cssClass(_ t: Token, builtins: Set<String>) -> String? {
    if t.kind.isKeyword { return "k" }
    switch t.kind {
    case .number: return "n"
    case .string, .fstring: return "s"
    case .name: return builtins.contains(t.text) ? "b" : nil
    case .error: return "e"
    case .plus, .minus, .star, .slash, .slashSlash, .percent, .caret, .at, .eqEq, .notEq, .less,
      .lessEq, .greater, .greaterEq, .assign, .plusEq, .minusEq, .starEq, .slashEq, .slashSlashEq,
      .percentEq, .caretEq, .atEq, .arrow:
      return "o"
    default: return nil
    }
  }
}

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values (either quote).
func escapeHTML(_ s: String) -> String {
  var out = ""
  out.reserveCapacity(s.utf8.count)
  for ch in s.unicodeScalars {
    switch ch {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&#39;"
    default: out.unicodeScalars.append(ch)
    }
  }
  return out
}

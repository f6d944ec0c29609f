// Figures for the REPL and notebooks: which figures a cell made (FigureLog, in Builtins), their
// PNG bytes, and inline display through the kitty or iTerm2 terminal image protocols.
import Builtins
import Foundation
import Interp

enum FigureSupport {
  /// The figure (or subplot grid) a value holds, if it is one.
  static func figure(in v: Value) -> ForeignObject? {
    if case .object(let o) = v, o.typeName == "figure" || o.typeName == "grid" { return o }
    return nil
  }

  /// Figures and grids made since the last call, in creation order.
  static func drain() -> [ForeignObject] { FigureLog.drain() }

  /// PNG bytes of a figure or grid at `dpi` (a grid's panel renders the whole grid); nil for
  /// other objects.
  static func png(_ o: ForeignObject, dpi: Double) throws -> [UInt8]? {
    try FigureLog.render(o, dpi: dpi)
  }
}

/// Terminal inline images. Detection follows TERM/TERM_PROGRAM only (off otherwise, and always
/// off when stdout is not a terminal); FSL_INLINE_IMAGES=0 turns it off, =kitty/=iterm forces one.
enum InlineImage {
  enum Kind { case kitty, iterm }

  static var protocolInUse: Kind? {
    let env = ProcessInfo.processInfo.environment
    switch env["FSL_INLINE_IMAGES"] {
    case "0", "off", "no": return nil
    case "kitty": return .kitty
    case "iterm", "iterm2": return .iterm
    default: break
    }
    guard isatty(STDOUT_FILENO) != 0 else { return nil }
    let term = env["TERM"] ?? ""
    let program = env["TERM_PROGRAM"] ?? ""
    if term == "xterm-kitty" || program == "kitty" || term == "xterm-ghostty" { return .kitty }
    if program == "iTerm.app" || program == "WezTerm" { return .iterm }
    return nil
  }

  /// The escape sequence that draws `png` at the cursor with `kind` (the terminal's protocol by
  /// default), or nil when inline images are off.
  static func escape(for png: [UInt8], kind: Kind? = protocolInUse) -> String? {
    guard let p = kind else { return nil }
    let b64 = Data(png).base64EncodedString()
    switch p {
    case .iterm:
      return "\u{1B}]1337;File=inline=1;size=\(png.count);preserveAspectRatio=1:\(b64)\u{07}"
    case .kitty:
      // Payloads go in chunks of at most 4096 bytes; m=1 on every chunk but the last.
      var out = ""
      var rest = Substring(b64)
      var first = true
      while !rest.isEmpty || first {
        let chunk = rest.prefix(4096)
        rest = rest.dropFirst(chunk.count)
        let more = rest.isEmpty ? 0 : 1
        let keys = first ? "a=T,f=100,m=\(more)" : "m=\(more)"
        out += "\u{1B}_G\(keys);\(chunk)\u{1B}\\"
        first = false
      }
      return out
    }
  }
}

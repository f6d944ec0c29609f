// Figures for the REPL and notebooks: which figures a cell made (FigureLog, in Builtins), their
// PNG bytes, and inline display through the kitty or iTerm2 terminal image protocols.
import Builtins
import Foundation
import Interp

enum FigureSupport {
  /// The figure a value holds, if it is one.
  static func figure(in v: Value) -> ForeignObject? {
    if case .object(let o) = v, o.typeName == "figure" { return o }
    return nil
  }

  /// Figures already reported by `drain`, kept alive so their identities stay unique.
  nonisolated(unsafe) private static var seen: [ObjectIdentifier: ForeignObject] = [:]

  /// Figures made since the last call. TODO(#6): use `FigureLog.drain()` from Builtins once it
  /// lands; until then this reports figures newly bound to a global of `interp`.
  static func drain(_ interp: Interpreter) -> [ForeignObject] {
    var out: [ForeignObject] = []
    for name in interp.main.table.names {
      guard let v = interp.main.value(of: name), let o = figure(in: v) else { continue }
      let id = ObjectIdentifier(o)
      if seen[id] == nil {
        seen[id] = o
        out.append(o)
      }
    }
    return out
  }

  /// Marks a figure as reported (a figure value shown by the REPL or a notebook cell).
  static func markSeen(_ o: ForeignObject) { seen[ObjectIdentifier(o)] = o }

  /// PNG bytes of a figure at `dpi`; nil when the object is not a figure. TODO(#6): use
  /// `FigureLog.render(_:dpi:)` once it lands; until then the figure's own `save` method writes
  /// a temporary file.
  static func png(_ o: ForeignObject, dpi: Double, interp: Interpreter) throws -> [UInt8]? {
    guard figure(in: .object(o)) != nil,
      case .builtin(let save)? = interp.modules["plot"]?.members["save"]
    else { return nil }
    let path = (FileManager.default.temporaryDirectory.path as NSString).appendingPathComponent(
      "fsl-render-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).png")
    defer { unlink(path) }
    _ = try interp.call(
      .builtin(save), [.object(o), .string(path)], keywords: [("dpi", .number(dpi))])
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return [UInt8](data)
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

  /// The escape sequence that draws `png` at the cursor, or nil when inline images are off.
  static func escape(for png: [UInt8]) -> String? {
    guard let p = protocolInUse else { return nil }
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

// `plot` module: labels, scales, limits, legend, text, and save (PNG metadata: Software and
// Source = script path + SHA-256 of its text).
import Crypto
import Interp
import Plot

extension PlotBuiltins {
  static func textMethod(
    _ name: String, _ summary: String, _ apply: @escaping (Figure, String) -> Void
  )
    -> Builtin
  {
    method(
      name, [.init("text", "string")], summary, "f = plot.figure(); f.\(name)(\"x\")  # -> nil"
    ) {
      a, f in apply(f, try a.string(1))
    }
  }

  static func scaleMethod(_ name: String, _ apply: @escaping (Figure, String) throws -> Void)
    -> Builtin
  {
    method(
      name, [.init("scale", "string")], "Axis scale: \"linear\" or \"log\".",
      "f = plot.figure(); f.\(name)(\"log\")  # -> nil"
    ) { a, f in try apply(f, try a.string(1)) }
  }

  static func limitMethod(_ name: String, _ apply: @escaping (Figure, Double, Double) -> Void)
    -> Builtin
  {
    method(
      name, [.init("lo", "number"), .init("hi", "number")], "Axis limits.",
      "f = plot.figure(); f.\(name)(0, 10)  # -> nil"
    ) { a, f in
      let (lo, hi) = (try a.number(1), try a.number(2))
      guard lo < hi else {
        throw RuntimeError.value(
          "\(name): 'lo' (\(formatNumber(lo))) must be below 'hi' (\(formatNumber(hi)))")
      }
      apply(f, lo, hi)
    }
  }

  /// `path (sha256 …)` of the session's main script, for the PNG Source chunk.
  static func sourceStamp(_ interp: Interpreter) -> String? {
    guard let file = interp.mainFile else { return nil }
    let digest = SHA256.hash(data: Array(file.text.utf8))
    let hex = digest.map { String(format: "%02x", $0) }.joined()
    return "\(file.path) sha256:\(hex)"
  }

  static let decorations: [Builtin] = [
    textMethod("xlabel", "The x-axis label (supports $\\alpha$, x_i, x^2).") { $0.xlabel($1) },
    textMethod("ylabel", "The y-axis label.") { $0.ylabel($1) },
    textMethod("title", "The figure title.") { $0.title($1) },
    scaleMethod("xscale") { try $0.xscale($1) },
    scaleMethod("yscale") { try $0.yscale($1) },
    limitMethod("xlim") { $0.xlim($1, $2) },
    limitMethod("ylim") { $0.ylim($1, $2) },
    grid,
    method(
      "legend", [.init("position", "string", default: opt)],
      "Shows the legend at a position (\"lower right\", …) or where it hides the fewest points.",
      "f = plot.figure(); f.line([1, 2], [1, 2], label=\"a\"); f.legend()  # -> nil"
    ) { a, f in try f.legend(try a.optionalString(1)) },
    method(
      "text", [.init("x", "number"), .init("y", "number"), .init("s", "string")],
      "Text at data coordinates.", "f = plot.figure(); f.text(1, 2, \"note\")  # -> nil"
    ) { a, f in f.text(x: try a.number(1), y: try a.number(2), try a.string(3)) },
    save,
  ]
}

/// The version string written into files FSL makes.
public let fslVersionString = "0.1.0"

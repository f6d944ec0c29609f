// Generates docs/builtins.md from the Builtin records (checked fresh by BuiltinDocsTests).
import Interp

/// The Markdown reference of every builtin, grouped by module, in registration order.
public func builtinsMarkdown() -> String {
  var out = """
    # FSL builtins

    Generated from the `Builtin` records by `scripts/gen-docs`; do not edit by hand.
    `fsl doc NAME` (and `?NAME` in the REPL) shows the same text.

    """
  var lastModule: String?
  for b in allBuiltins {
    if b.module != lastModule {
      out += "\n## \(b.module.isEmpty ? "Core" : b.module)\n"
      lastModule = b.module
    }
    out += "\n### `\(b.signature)`\n\n\(b.summary)\n"
    if !b.doc.isEmpty { out += "\n\(b.doc)\n" }
    out += "\n```\n\(b.example)\n```\n"
  }
  return out
}

/// What a builtin's example promises: a final value (`# -> repr`) or printed text (`# prints:`).
public struct DocExample {
  public var code: String
  public var expectedValue: String?
  public var expectedOutput: String?

  public init(_ example: String) {
    if let r = example.range(of: "  # -> ") {
      code = String(example[..<r.lowerBound])
      expectedValue = String(example[r.upperBound...])
    } else if let r = example.range(of: "  # prints: ") {
      code = String(example[..<r.lowerBound])
      expectedOutput = String(example[r.upperBound...])
    } else {
      code = example
    }
  }
}

// Generates docs/builtins.md from the Builtin records (checked fresh by BuiltinDocsTests).
import Interp

/// The Markdown reference of every builtin, grouped by module, in registration order.
public func builtinsMarkdown() -> String {
  var out = """
    # FSL builtins

    Generated from the `Builtin` records by `scripts/gen-docs`; do not edit by hand.
    `fsl doc NAME` (and `?NAME` in the REPL) shows the same text.

    """
  var groups: [String: [Builtin]] = [:]
  for b in allBuiltins { groups[sectionKey(of: b), default: []].append(b) }
  let known = Set(builtinSections.map(\.key))
  let extra = allBuiltins.map(sectionKey).filter { !known.contains($0) }
  var seen = Set<String>()
  let sections =
    builtinSections
    + extra.filter { seen.insert($0).inserted }.map {
      BuiltinSection(key: $0, title: $0, intro: "")
    }
  for section in sections {
    guard let members = groups[section.key] else { continue }
    out += "\n## \(section.title)\n"
    if !section.intro.isEmpty { out += "\n\(section.intro)\n" }
    for b in members {
      out += "\n### `\(b.signature)`\n\n\(b.summary)\n"
      if !b.doc.isEmpty { out += "\n\(b.doc)\n" }
      out += "\n```\n\(b.example)\n```\n\nDefined in `\(b.sourceFile)`.\n"
    }
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

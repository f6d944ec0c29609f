// Everyday string functions as Python's str methods: strip, lower/upper, replace,
// startswith/endswith, and int() for truncating conversion.
import Foundation
import Interp

enum CoreStrings {
  /// `s` without leading and/or trailing characters in `chars` (whitespace when nil).
  static func strip(_ a: Arguments, leading: Bool, trailing: Bool) throws -> Value {
    let s = try a.string(0)
    let drop: (Character) -> Bool
    if a.isNil(1) {
      drop = { $0.isWhitespace }
    } else {
      let set = Set(try a.string(1))
      drop = { set.contains($0) }
    }
    var sub = Substring(s)
    if leading { sub = sub.drop(while: drop) }
    if trailing {
      while let last = sub.last, drop(last) { sub = sub.dropLast() }
    }
    return .string(String(sub))
  }

  static func stripRecord(_ name: String, _ leading: Bool, _ trailing: Bool, _ what: String)
    -> Builtin
  {
    let result = leading && trailing ? "a b" : leading ? "a b \\n" : "  a b"
    return Builtin(
      name, params: [.init("s", "string"), .init("chars", "string", default: .null)],
      summary: "The string without \(what) whitespace (or characters in `chars`), as Python's.",
      example: "\(name)(\"  a b \\n\")  # -> \"\(result)\""
    ) { a in try strip(a, leading: leading, trailing: trailing) }
  }

  static let builtins: [Builtin] = [
    stripRecord("strip", true, true, "leading and trailing"),
    stripRecord("lstrip", true, false, "leading"),
    stripRecord("rstrip", false, true, "trailing"),
    Builtin(
      "lower", params: [.init("s", "string")], summary: "The string in lower case (Unicode).",
      example: "lower(\"Straße ÄB\")  # -> \"straße äb\""
    ) { a in .string(try a.string(0).lowercased()) },
    Builtin(
      "upper", params: [.init("s", "string")], summary: "The string in upper case (Unicode).",
      example: "upper(\"abc é\")  # -> \"ABC É\""
    ) { a in .string(try a.string(0).uppercased()) },
    Builtin(
      "replace",
      params: [.init("s", "string"), .init("old", "string"), .init("new", "string")],
      summary: "Every occurrence of old replaced by new, left to right, as Python's.",
      doc: "An empty `old` inserts `new` before every character and at the end, as Python does.",
      example: "replace(\"a-b-c\", \"-\", \"+\")  # -> \"a+b+c\""
    ) { a in
      let (s, old, new) = (try a.string(0), try a.string(1), try a.string(2))
      let pieces = old.isEmpty ? [""] + s.map(String.init) + [""] : s.components(separatedBy: old)
      var bytes: Int? = 0
      for p in pieces { bytes = bytes.map { $0 + p.utf8.count + new.utf8.count } }
      try checkStringSize(bytes)
      return .string(pieces.joined(separator: new))
    },
    Builtin(
      "startswith", params: [.init("s", "string"), .init("prefix", "string")],
      summary: "Whether the string starts with prefix.",
      example: "startswith(\"model.safetensors\", \"model\")  # -> true"
    ) { a in .bool(try a.string(0).hasPrefix(try a.string(1))) },
    Builtin(
      "endswith", params: [.init("s", "string"), .init("suffix", "string")],
      summary: "Whether the string ends with suffix.",
      example: "endswith(\"model.gguf\", \".gguf\")  # -> true"
    ) { a in .bool(try a.string(0).hasSuffix(try a.string(1))) },
    Builtin(
      "int", params: [.init("x")],
      summary: "A number truncated toward zero, or an integer parsed from a string, as Python's.",
      doc: "Numbers and bools truncate (int(-2.7) is -2); a string must hold an integer "
        + "(\"42\", \" -7 \", \"1_000\"); \"2.5\" is an error, as in Python (use number()).",
      example: "int(-2.7) + int(\" 40 \")  # -> 38"
    ) { a in
      switch a[0] {
      case .number(let d):
        guard d.isFinite else {
          throw RuntimeError.value("int: cannot convert \(formatNumber(d)) to an integer")
        }
        return .number(d.rounded(.towardZero))
      case .bool(let b): return .number(b ? 1 : 0)
      case .string(let s):
        let t = s.trimmingCharacters(in: .whitespaces)
        let digits = t.hasPrefix("-") || t.hasPrefix("+") ? t.dropFirst() : Substring(t)
        guard !digits.isEmpty, !digits.hasPrefix("_"), !digits.hasSuffix("_"),
          !digits.contains("__"), digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") }),
          let d = Double(t.replacingOccurrences(of: "_", with: ""))
        else {
          throw RuntimeError.value("int: invalid literal for an integer: \(quote(s))")
        }
        return .number(d)
      default: throw a.fail(0, "a number, bool or string")
      }
    },
  ]
}

// How values print: `repr` (what the REPL and print show for non-strings) and `str`.
import Lang

extension Value {
  /// The printed form: `[1, "a", nil]`, `{lr: 0.1, "n clients": 8}`, `<fn f(x, y=2)>`.
  public var repr: String {
    var out = ""
    writeRepr(into: &out)
    return out
  }

  /// Strings raw, everything else as `repr`.
  public var str: String {
    if case .string(let s) = self { return s }
    return repr
  }

  func writeRepr(into out: inout String) {
    switch self {
    case .null: out += "nil"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let d): out += formatNumber(d)
    case .string(let s): out += quote(s)
    case .list(let xs):
      out += "["
      for (i, x) in xs.enumerated() {
        if i > 0 { out += ", " }
        x.writeRepr(into: &out)
      }
      out += "]"
    case .dict(let d):
      out += "{"
      var first = true
      for (k, v) in d {
        if !first { out += ", " }
        first = false
        out += isPlainKey(k) ? k : quote(k)
        out += ": "
        v.writeRepr(into: &out)
      }
      out += "}"
    case .function(let c): out += "<fn \(c.signature)>"
    case .builtin(let b): out += "<builtin \(b.signature)>"
    case .module(let m): out += "<module \(m.name)>"
    case .tensor(let t): out += t.repr
    case .object(let o): out += o.repr
    case .cell(let c): c.value.writeRepr(into: &out)
    }
  }
}

extension Closure {
  /// `f(x, y=2)`
  public var signature: String {
    let ps = proto.paramNames.enumerated().map { (i, n) -> String in
      if i < defaults.count, let d = defaults[i] { return "\(n)=\(d.repr)" }
      return n
    }
    return "\(proto.name)(\(ps.joined(separator: ", ")))"
  }
}

let reservedWords: Set<String> = [
  "fn", "end", "if", "elif", "else", "for", "in", "while", "break", "continue", "return", "and",
  "or", "not", "try", "catch", "import", "as", "global", "true", "false", "nil",
]

/// Keys that print unquoted in dict reprs: identifiers that are not keywords.
func isPlainKey(_ k: String) -> Bool {
  guard let f = k.unicodeScalars.first, !reservedWords.contains(k) else { return false }
  func ok(_ c: Unicode.Scalar, first: Bool) -> Bool {
    (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" || (!first && c >= "0" && c <= "9")
  }
  return ok(f, first: true) && k.unicodeScalars.dropFirst().allSatisfy { ok($0, first: false) }
}

/// A double-quoted string literal that reads back as `s`.
public func quote(_ s: String) -> String { "\"" + escapeString(s) + "\"" }

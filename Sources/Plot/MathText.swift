// A small math subset for labels: `$…$` spans with Greek letters and a few symbols by name,
// `_x` / `^x` (or `_{…}` / `^{…}`) as Unicode sub/superscripts where those characters exist.
// Text outside `$…$` is left as it is; an unmatched `$` is kept literally.
//
// As TeX sets them, single Latin letters in math are variables, drawn in italic (`$k$`); words
// (`$loss$`), function names (`\log`, `\sin`), `\mathrm{…}`/`\text{…}` and digits stay upright.
// Italic runs are marked inside the string by two private-use characters (`StyledText`), so a
// label stays one `String` through Figure, Layout and Scene; measuring and drawing switch the
// font's slant at the marks, and `plain` strips them.

public enum MathText {
  static let symbols: [String: String] = [
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
    "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "sqrt": "√", "infty": "∞", "times": "×", "cdot": "·", "pm": "±", "leq": "≤", "geq": "≥",
    "neq": "≠", "approx": "≈", "sum": "∑", "partial": "∂", "nabla": "∇", "to": "→", "in": "∈",
  ]
  /// Commands whose `{…}` argument is set upright (words, not products of variables).
  static let upright: Set<String> = ["mathrm", "text", "textrm", "operatorname", "mbox"]
  static let sub: [Character: Character] = Dictionary(
    uniqueKeysWithValues: zip("0123456789+-=()aeoxhklmnpstij", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ"))
  static let sup: [Character: Character] = Dictionary(
    uniqueKeysWithValues: zip("0123456789+-=()nitTxyabdekm", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵗᵀˣʸᵃᵇᵈᵉᵏᵐ"))

  /// `s` with each `$…$` span rendered as plain text; e.g. `"$\\alpha_i^2$"` → `"αᵢ²"`.
  public static func render(_ s: String) -> String { StyledText.plain(styled(s)) }

  /// `s` with each `$…$` span rendered and its single-letter variables marked italic.
  public static func styled(_ s: String) -> String {
    var out = ""
    var rest = Substring(s)
    while let open = rest.firstIndex(of: "$") {
      out += rest[..<open]
      let after = rest[rest.index(after: open)...]
      guard let close = after.firstIndex(of: "$") else {
        out += rest[open...]
        return out
      }
      out += math(after[..<close], italic: true)
      rest = after[after.index(after: close)...]
    }
    return out + rest
  }

  /// One math span; `italic` false inside `\mathrm{…}` and the like.
  static func math(_ m: Substring, italic: Bool) -> String {
    var out = ""
    var i = m.startIndex
    while i < m.endIndex {
      let c = m[i]
      if c == "\\" {
        var j = m.index(after: i)
        while j < m.endIndex, m[j].isLetter { j = m.index(after: j) }
        let name = String(m[m.index(after: i)..<j])
        if upright.contains(name), j < m.endIndex, m[j] == "{",
          let end = m[j...].firstIndex(of: "}")
        {
          out += math(m[m.index(after: j)..<end], italic: false)
          i = m.index(after: end)
          continue
        }
        out += symbols[name] ?? name
        i = j
      } else if c == "_" || c == "^", m.index(after: i) < m.endIndex {
        let table = c == "_" ? sub : sup
        var j = m.index(after: i)
        var group: Substring
        if m[j] == "{", let end = m[j...].firstIndex(of: "}") {
          group = m[m.index(after: j)..<end]
          j = m.index(after: end)
        } else {
          group = m[j...j]
          j = m.index(after: j)
        }
        let rendered = math(group, italic: italic)
        let mapped = StyledText.plain(rendered).map { table[$0] }
        if mapped.allSatisfy({ $0 != nil }) {
          out += String(mapped.compactMap { $0 })
        } else {
          out += String(c) + rendered
        }
        i = j
      } else if c.isASCII && c.isLetter {
        var j = m.index(after: i)
        while j < m.endIndex, m[j].isASCII && m[j].isLetter { j = m.index(after: j) }
        let word = m[i..<j]
        out += italic && word.count == 1 ? StyledText.italic(String(word)) : String(word)
        i = j
      } else if c != "{" && c != "}" {
        out.append(c)
        i = m.index(after: i)
      } else {
        i = m.index(after: i)
      }
    }
    return out
  }
}

/// Text with italic runs marked by U+E000 (start) and U+E001 (end), private-use characters no
/// label contains otherwise.
enum StyledText {
  static let start: Character = "\u{E000}"
  static let end: Character = "\u{E001}"

  /// `s` marked as one italic run.
  static func italic(_ s: String) -> String { String(start) + s + String(end) }

  /// `s` without its marks.
  static func plain(_ s: String) -> String { String(s.filter { $0 != start && $0 != end }) }

  /// Whether `s` has any italic run.
  static func isStyled(_ s: String) -> Bool { s.contains(start) }

  /// The runs of `s` in order, each with its slant (empty runs left out).
  static func runs(_ s: String) -> [(text: String, italic: Bool)] {
    var out: [(String, Bool)] = []
    var current = ""
    var italic = false
    for ch in s {
      if ch == start || ch == end {
        if !current.isEmpty { out.append((current, italic)) }
        current = ""
        italic = ch == start
      } else {
        current.append(ch)
      }
    }
    if !current.isEmpty { out.append((current, italic)) }
    return out
  }

  /// `s` for dumps: italic runs as `<i>…</i>`.
  static func markup(_ s: String) -> String {
    var out = ""
    for ch in s {
      out += ch == start ? "<i>" : ch == end ? "</i>" : String(ch)
    }
    return out
  }
}

// A small math subset for labels: `$…$` spans with Greek letters and a few symbols by name,
// `_x` / `^x` (or `_{…}` / `^{…}`) as Unicode sub/superscripts where those characters exist.
// Text outside `$…$` is left as it is; an unmatched `$` is kept literally.

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
  static let sub: [Character: Character] = Dictionary(
    uniqueKeysWithValues: zip("0123456789+-=()aeoxhklmnpstij", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ"))
  static let sup: [Character: Character] = Dictionary(
    uniqueKeysWithValues: zip("0123456789+-=()nitTxyabdekm", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵗᵀˣʸᵃᵇᵈᵉᵏᵐ"))

  /// `s` with each `$…$` span rendered; e.g. `"$\\alpha_i^2$"` → `"αᵢ²"`.
  public static func render(_ s: String) -> String {
    var out = ""
    var rest = Substring(s)
    while let open = rest.firstIndex(of: "$") {
      out += rest[..<open]
      let after = rest[rest.index(after: open)...]
      guard let close = after.firstIndex(of: "$") else {
        out += rest[open...]
        return out
      }
      out += math(after[..<close])
      rest = after[after.index(after: close)...]
    }
    return out + rest
  }

  static func math(_ m: Substring) -> String {
    var out = ""
    var i = m.startIndex
    while i < m.endIndex {
      let c = m[i]
      if c == "\\" {
        var j = m.index(after: i)
        while j < m.endIndex, m[j].isLetter { j = m.index(after: j) }
        let name = String(m[m.index(after: i)..<j])
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
        let rendered = math(group)
        let mapped = rendered.map { table[$0] }
        if mapped.allSatisfy({ $0 != nil }) {
          out += String(mapped.compactMap { $0 })
        } else {
          out += String(c) + rendered
        }
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

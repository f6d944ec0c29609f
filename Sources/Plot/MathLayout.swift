// Two-dimensional math layout for notebook reports: a TeX subset parsed into nodes and set as
// boxes (glyph runs and rules around a baseline). Covers what `MathText` does on one line
// (Greek letters and symbols by name, italic single-letter variables, `\mathrm{…}`) plus real
// sub/superscripts, `\frac{a}{b}` and `\sqrt{x}`. An unknown command is set as its name,
// upright (never dropped, never an error). Coordinates are points, y down, baseline at 0.

/// One parsed piece of math.
indirect enum MathNode: Equatable {
  /// Text at the current size; `pad` is space on both sides (binary operators, relations).
  case text(String, italic: Bool, pad: Double)
  case row([MathNode])
  case scripts(base: MathNode, sub: MathNode?, sup: MathNode?)
  case frac(MathNode, MathNode)
  case sqrt(MathNode)
}

/// A drawing operation of a math box, relative to its origin on the baseline.
enum MathItem: Equatable {
  case glyphs(String, x: Double, y: Double, size: Double, italic: Bool)
  /// A polyline of stroke `width`.
  case line([Point], width: Double)

  func shifted(_ dx: Double, _ dy: Double) -> MathItem {
    switch self {
    case .glyphs(let s, let x, let y, let size, let italic):
      return .glyphs(s, x: x + dx, y: y + dy, size: size, italic: italic)
    case .line(let points, let width):
      return .line(points.map { Point(x: $0.x + dx, y: $0.y + dy) }, width: width)
    }
  }
}

/// A laid-out box: `ascent` above and `descent` below the baseline.
struct MathBox {
  var width = 0.0, ascent = 0.0, descent = 0.0
  var items: [MathItem] = []

  mutating func append(_ b: MathBox, dx: Double, dy: Double) {
    items += b.items.map { $0.shifted(dx, dy) }
    ascent = max(ascent, b.ascent - dy)
    descent = max(descent, b.descent + dy)
  }
}

/// Parser for the TeX subset.
struct MathParser {
  static let functions: Set<String> = [
    "log", "ln", "exp", "sin", "cos", "tan", "max", "min", "lim", "arg", "det", "sup", "inf",
  ]
  static let spaced: Set<String> = [
    "+", "−", "=", "<", ">", "≤", "≥", "≠", "≈", "×", "·", "→", "∈", "±",
  ]
  let chars: [Character]
  var i = 0

  init(_ tex: String) { chars = Array(tex) }

  /// The whole input as one row.
  static func parse(_ tex: String) -> MathNode {
    var p = MathParser(tex)
    return .row(p.row(italic: true))
  }

  /// Atoms with their scripts up to a `}` (consumed) or the end.
  mutating func row(italic: Bool) -> [MathNode] {
    var out: [MathNode] = []
    while i < chars.count {
      if chars[i] == "}" {
        i += 1
        break
      }
      if chars[i] == "_" || chars[i] == "^" {
        // Scripts attach to the previous atom (or to nothing at the start of a group).
        let base = out.popLast() ?? .row([])
        out.append(scripts(on: base, italic: italic))
        continue
      }
      out.append(atom(italic: italic))
    }
    return out
  }

  mutating func scripts(on base: MathNode, italic: Bool) -> MathNode {
    var sub: MathNode?
    var sup: MathNode?
    var base = base
    if case .scripts(let b, let s, let p) = base { (base, sub, sup) = (b, s, p) }
    while i < chars.count, chars[i] == "_" || chars[i] == "^" {
      let isSub = chars[i] == "_"
      i += 1
      guard i < chars.count else {
        // A trailing `_`/`^` is shown as typed.
        return .row([base, .text(isSub ? "_" : "^", italic: false, pad: 0)])
      }
      let arg = argument(italic: italic)
      if isSub { sub = arg } else { sup = arg }
    }
    return .scripts(base: base, sub: sub, sup: sup)
  }

  /// A `{…}` group or a single atom.
  mutating func argument(italic: Bool) -> MathNode {
    while i < chars.count, chars[i].isWhitespace { i += 1 }
    guard i < chars.count else { return .row([]) }
    return atom(italic: italic)
  }

  mutating func atom(italic: Bool) -> MathNode {
    let c = chars[i]
    if c == "{" {
      i += 1
      return .row(row(italic: italic))
    }
    if c == "\\" { return command(italic: italic) }
    if c.isASCII && c.isLetter {
      let start = i
      while i < chars.count, chars[i].isASCII && chars[i].isLetter { i += 1 }
      let word = String(chars[start..<i])
      return .text(word, italic: italic && word.count == 1, pad: 0)
    }
    if c.isNumber {
      let start = i
      while i < chars.count, chars[i].isNumber || chars[i] == "." { i += 1 }
      return .text(String(chars[start..<i]), italic: false, pad: 0)
    }
    i += 1
    if c.isWhitespace { return .row([]) }
    let s = c == "-" ? "−" : c == "*" ? "∗" : String(c)
    return .text(s, italic: false, pad: MathParser.spaced.contains(s) ? 0.22 : 0)
  }

  mutating func command(italic: Bool) -> MathNode {
    i += 1
    guard i < chars.count else { return .text("\\", italic: false, pad: 0) }
    if !chars[i].isLetter {
      let c = chars[i]
      i += 1
      let spaces: [Character: Double] = [",": 0.17, ";": 0.28, ":": 0.22, " ": 0.25, "!": 0]
      if let w = spaces[c] ?? (c.isWhitespace ? 0.25 : nil) {
        return .text("", italic: false, pad: w / 2)
      }
      return .text(String(c), italic: false, pad: 0)
    }
    let start = i
    while i < chars.count, chars[i].isLetter { i += 1 }
    let name = String(chars[start..<i])
    switch name {
    case "frac", "dfrac", "tfrac":
      let num = argument(italic: italic)
      return .frac(num, argument(italic: italic))
    case "sqrt":
      return .sqrt(argument(italic: italic))
    case "quad": return .text("", italic: false, pad: 0.5)
    case "qquad": return .text("", italic: false, pad: 1)
    default: break
    }
    if MathText.upright.contains(name) { return argument(italic: false) }
    if let symbol = MathText.symbols[name] {
      return .text(symbol, italic: false, pad: MathParser.spaced.contains(symbol) ? 0.22 : 0)
    }
    // Function names and unknown commands: the name, upright.
    return .text(name, italic: false, pad: MathParser.functions.contains(name) ? 0.08 : 0)
  }
}

/// Sets parsed math as boxes, measuring text with `TextMetrics`.
struct MathSetter {
  let metrics: TextMetrics
  /// Display math keeps fractions at full size; inline math sets them smaller, as TeX does.
  let display: Bool

  static let ascent = 0.80, descent = 0.24

  func layout(_ node: MathNode, size: Double) -> MathBox {
    switch node {
    case .text(let s, let italic, let pad):
      let w = s.isEmpty ? 0 : metrics.width(italic ? StyledText.italic(s) : s, size: size)
      var box = MathBox(
        width: w + 2 * pad * size, ascent: s.isEmpty ? 0 : MathSetter.ascent * size,
        descent: s.isEmpty ? 0 : MathSetter.descent * size)
      if !s.isEmpty { box.items = [.glyphs(s, x: pad * size, y: 0, size: size, italic: italic)] }
      return box
    case .row(let nodes):
      var box = MathBox()
      for n in nodes {
        let b = layout(n, size: size)
        box.append(b, dx: box.width, dy: 0)
        box.width += b.width
      }
      return box
    case .scripts(let base, let sub, let sup):
      return scripts(layout(base, size: size), sub, sup, size: size)
    case .frac(let num, let den):
      return frac(num, den, size: size)
    case .sqrt(let body):
      return sqrt(layout(body, size: size), size: size)
    }
  }

  func scripts(_ base: MathBox, _ sub: MathNode?, _ sup: MathNode?, size: Double) -> MathBox {
    let small = max(size * 0.7, 4)
    var box = base
    var extra = 0.0
    if let sup {
      let b = layout(sup, size: small)
      let shift = max(size * 0.38, base.ascent - b.ascent * 0.55)
      box.append(b, dx: base.width + size * 0.04, dy: -shift)
      extra = b.width + size * 0.04
    }
    if let sub {
      let b = layout(sub, size: small)
      let shift = max(size * (sup == nil ? 0.18 : 0.26), base.descent - b.descent * 0.3)
      box.append(b, dx: base.width + size * 0.02, dy: shift)
      extra = max(extra, b.width + size * 0.02)
    }
    box.width = base.width + extra + size * 0.04
    return box
  }

  func frac(_ num: MathNode, _ den: MathNode, size: Double) -> MathBox {
    let inner = display ? size : max(size * 0.8, 4)
    let n = layout(num, size: inner)
    let d = layout(den, size: inner)
    let axis = size * 0.27
    let rule = max(size * 0.05, 0.5)
    let gap = size * 0.12
    let pad = size * 0.1
    let width = max(n.width, d.width) + 2 * pad
    var box = MathBox(width: width)
    box.append(n, dx: (width - n.width) / 2, dy: -(axis + rule / 2 + gap + n.descent))
    box.append(d, dx: (width - d.width) / 2, dy: -axis + rule / 2 + gap + d.ascent)
    let y = -axis
    box.items.append(
      .line([Point(x: pad / 2, y: y), Point(x: width - pad / 2, y: y)], width: rule))
    return box
  }

  func sqrt(_ body: MathBox, size: Double) -> MathBox {
    let rule = max(size * 0.05, 0.5)
    let gap = size * 0.12
    let top = -(max(body.ascent, size * 0.7) + gap)
    let bottom = max(body.descent, size * 0.2)
    let sign = size * 0.55
    let mid = bottom - 0.45 * (bottom - top)
    let width = sign + size * 0.06 + body.width + size * 0.08
    var box = MathBox(width: width + size * 0.04)
    box.append(body, dx: sign + size * 0.06, dy: 0)
    let points = [
      Point(x: size * 0.03, y: mid + size * 0.06), Point(x: size * 0.14, y: mid),
      Point(x: size * 0.3, y: bottom), Point(x: sign, y: top), Point(x: width, y: top),
    ]
    box.items.append(.line(points, width: rule))
    box.ascent = max(box.ascent, -top + rule)
    box.descent = max(box.descent, bottom + rule)
    return box
  }

  /// Text-only dump for tests: one line per item, numbers to 2 decimals.
  static func dump(_ box: MathBox) -> String {
    func n(_ v: Double) -> String { Ticks.format("%.2f", v) }
    var lines = ["box w=\(n(box.width)) a=\(n(box.ascent)) d=\(n(box.descent))"]
    for item in box.items {
      switch item {
      case .glyphs(let s, let x, let y, let size, let italic):
        lines.append("\(italic ? "i" : "t") \"\(s)\" (\(n(x)),\(n(y))) \(n(size))pt")
      case .line(let points, let width):
        let p = points.map { "(\(n($0.x)),\(n($0.y)))" }.joined(separator: " ")
        lines.append("line w=\(n(width)) \(p)")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

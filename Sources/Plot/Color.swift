// Colours: parsing "#rrggbb" / names, and the colour-blind-safe default cycle (Okabe–Ito).

/// A straight-alpha colour with components in 0…1.
public struct RGBA: Hashable, Sendable {
  /// Red, green, blue and alpha in 0…1.
  public var r: Double, g: Double, b: Double, a: Double

  /// A colour from components in 0…1.
  public init(_ r: Double, _ g: Double, _ b: Double, _ a: Double = 1) {
    (self.r, self.g, self.b, self.a) = (r, g, b, a)
  }

  /// A colour from a 24-bit `0xRRGGBB` value.
  init(hex: UInt32, alpha: Double = 1) {
    self.init(
      Double((hex >> 16) & 0xff) / 255, Double((hex >> 8) & 0xff) / 255, Double(hex & 0xff) / 255,
      alpha)
  }

  /// The same colour with alpha multiplied by `alpha`.
  func withAlpha(_ alpha: Double) -> RGBA { RGBA(r, g, b, a * alpha) }

  /// `#rrggbb` (or `#rrggbbaa` when not opaque), as in scene dumps.
  public var hex: String {
    func byte(_ v: Double) -> String {
      let n = Int((min(1, max(0, v)) * 255).rounded())
      return n < 16 ? "0" + String(n, radix: 16) : String(n, radix: 16)
    }
    return "#" + byte(r) + byte(g) + byte(b) + (a < 1 ? byte(a) : "")
  }
}

/// Colour names and the default cycle.
enum Palette {
  /// Okabe & Ito (2008), ordered so the first colours are the most distinct in print and for
  /// the common colour-vision deficiencies: blue, orange, bluish green, vermillion, reddish
  /// purple, sky blue, yellow, black.
  static let cycle: [RGBA] = [
    0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0xCC79A7, 0x56B4E9, 0xF0E442, 0x000000,
  ].map { RGBA(hex: $0) }

  static let black = RGBA(0, 0, 0)
  static let white = RGBA(1, 1, 1)
  /// Axis lines, ticks and text: not pure black, as in most journal styles.
  static let ink = RGBA(hex: 0x222222)
  static let gridLine = RGBA(hex: 0xdddddd)

  static let names: [String: UInt32] = [
    "black": 0x000000, "white": 0xffffff, "gray": 0x808080, "grey": 0x808080,
    "lightgray": 0xd3d3d3, "darkgray": 0x404040, "red": 0xD55E00, "orange": 0xE69F00,
    "yellow": 0xF0E442, "green": 0x009E73, "blue": 0x0072B2, "skyblue": 0x56B4E9,
    "purple": 0xCC79A7, "pink": 0xCC79A7,
  ]

  /// Parses `#rgb`, `#rrggbb`, `#rrggbbaa`, a name (`"blue"`: the cycle's blue), or `C0`…`C7`.
  static func parse(_ text: String, call: String, argument: String = "color") throws(PlotError)
    -> RGBA
  {
    let s = text.lowercased()
    if let hex = names[s] { return RGBA(hex: hex) }
    if s.count == 2, s.first == "c", let i = Int(s.dropFirst()), cycle.indices.contains(i) {
      return cycle[i]
    }
    if s.hasPrefix("#") {
      var digits = String(s.dropFirst())
      if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
      if digits.count == 6 || digits.count == 8, let value = UInt64(digits, radix: 16) {
        if digits.count == 6 { return RGBA(hex: UInt32(value)) }
        return RGBA(hex: UInt32(value >> 8), alpha: Double(value & 0xff) / 255)
      }
    }
    throw .invalid(
      "\(call): '\(argument)' must be \"#rrggbb\", a colour name or C0…C7, got \"\(text)\"")
  }
}

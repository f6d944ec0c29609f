// Axis labels and titles that never leave their panel: a label longer than the room beside its
// axes is set smaller (down to 70 % of its size), then wrapped at spaces into the fewest lines
// at the largest size that fits; a word that fits no line even at 70 % shrinks further (not
// below 4 pt) with a warning. Layout fits the labels for the room its plot rectangle leaves and
// sizes the margins for the lines chosen.

/// A title or axis label as drawn: its lines (top to bottom; for the y label, outermost first)
/// and font size.
struct FittedLabel: Equatable {
  var lines: [String]
  var size: Double
  /// Why the label could not be fitted within the rules above (nil: it was).
  var warning: String?

  /// The extent across the lines: their count × line height.
  func depth(_ m: TextMetrics) -> Double { Double(lines.count) * m.height(size: size) }

  /// The smallest fraction of the nominal size a label is shrunk to before it wraps.
  static let minScale = 0.7
  /// The size below which nothing is shrunk, even with a warning.
  static let floor = 4.0

  /// `text` at `size` points fitted into `room` points of length; `what` names it in warnings.
  static func fit(_ text: String, size: Double, room: Double, what: String, _ m: TextMetrics)
    -> FittedLabel
  {
    let full = m.width(text, size: size)
    if full <= room { return FittedLabel(lines: [text], size: size) }
    let smallest = size * minScale
    // Shrink: the width scales with the size (unhinted metrics); step down in 0.05 pt so the
    // result is the same on every machine and the measured width is checked, not assumed.
    var s = (size * room / full * 20).rounded(.down) / 20
    while s - 0.05 >= smallest && m.width(text, size: s) > room { s -= 0.05 }
    if s >= smallest && m.width(text, size: s) <= room {
      return FittedLabel(lines: [text], size: s)
    }
    let words = text.split(separator: " ").map(String.init)
    let widest = words.map { m.width($0, size: smallest) }.max() ?? 0
    if widest > room {
      // A word is longer than the room: one size for every line so that word fits.
      var small = max(floor, (smallest * room / widest * 20).rounded(.down) / 20)
      while small > floor && (words.map { m.width($0, size: small) }.max() ?? 0) > room {
        small -= 0.05
      }
      let lines = wrap(words, size: small, room: room, m)
      let fits = (words.map { m.width($0, size: small) }.max() ?? 0) <= room
      let roomText = "\(Int(room.rounded())) pt"
      let warning =
        fits
        ? "\(what) \"\(StyledText.plain(text))\" is set at \(format(small)) pt (below "
          + "\(format(smallest)) pt) to fit in \(roomText)"
        : "\(what) \"\(StyledText.plain(text))\" does not fit in \(roomText) even at "
          + "\(format(small)) pt and is cut at the page edge"
      return FittedLabel(lines: lines, size: small, warning: warning)
    }
    // Wrap: the fewest lines (those at 70 %), then the largest size giving no more lines.
    let count = wrap(words, size: smallest, room: room, m).count
    var t = size
    while t > smallest {
      let lines = wrap(words, size: t, room: room, m)
      if lines.count <= count { return FittedLabel(lines: lines, size: t) }
      t -= 0.25
    }
    return FittedLabel(lines: wrap(words, size: smallest, room: room, m), size: smallest)
  }

  /// Greedy line filling: each line takes words while it fits in `room`.
  static func wrap(_ words: [String], size: Double, room: Double, _ m: TextMetrics) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in words {
      let candidate = line.isEmpty ? word : line + " " + word
      if line.isEmpty || m.width(candidate, size: size) <= room {
        line = candidate
      } else {
        lines.append(line)
        line = word
      }
    }
    if !line.isEmpty || lines.isEmpty { lines.append(line) }
    return lines
  }

  static func format(_ v: Double) -> String { Ticks.format("%.1f", v) }
}

extension Layout {
  /// Space kept between a label's ends and its panel's frame, in points.
  static let labelEdge = 2.0

  /// The title, x label and y label fitted to the room this layout's plot rectangle leaves:
  /// each is centred on the plot, so its room is twice the distance from the plot's centre to
  /// the nearer frame edge.
  static func fitLabels(
    _ figure: Figure, frame: Rect, plot: Rect, _ m: TextMetrics
  ) -> (title: FittedLabel?, x: FittedLabel?, y: FittedLabel?) {
    let cx = plot.x + plot.w / 2
    let cy = plot.y + plot.h / 2
    let across = 2 * min(cx - frame.x, frame.maxX - cx) - 2 * labelEdge
    let along = 2 * min(cy - frame.y, frame.maxY - cy) - 2 * labelEdge
    return (
      figure.titleText.map {
        FittedLabel.fit($0, size: Style.titleFont, room: across, what: "title", m)
      },
      figure.xlabelText.map {
        FittedLabel.fit($0, size: Style.labelFont, room: across, what: "x label", m)
      },
      figure.ylabelText.map {
        FittedLabel.fit($0, size: Style.labelFont, room: along, what: "y label", m)
      }
    )
  }

  /// Warnings for the labels that could not be fitted within the rules: title and axis labels,
  /// and category labels too crowded to clear each other even upright.
  var labelWarnings: [String] {
    var out = [title, xlabel, ylabel].compactMap { $0?.warning }
    if xRotation == 90, !options.hideXLabels, let n = x.categories?.count {
      let slot = plot.w / Double(n)
      if slot < Style.tickFont {
        out.append(
          "the \(n) x category labels overlap (\(FittedLabel.format(slot)) pt apart); a wider "
            + "figure or fewer categories would separate them")
      }
    }
    return out
  }
}

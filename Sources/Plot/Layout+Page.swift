// A single figure's page: margins grown until every label fits, and the page grown (when its
// height was not given) until the y axis keeps three ticks — rotated category labels can take
// half the height of a small figure. What cannot be kept becomes a warning.

extension Layout {
  /// The fewest ticks a linear value axis should keep.
  static let minTicks = 3
  /// How much a page grows per step while looking for room for `minTicks` y ticks, in points.
  static let growStep = 9.0

  /// Lays out `figure` alone on its page: margins grow until every label fits; the page grows
  /// up to `figure.maxHeight` while the y axis has fewer than three ticks.
  init(_ figure: Figure, metrics m: TextMetrics) {
    let limit = figure.maxHeight * 72
    var height = figure.height * 72
    var layout = Layout(figure, pageHeight: height, m)
    while layout.lacksYTicks, height + Layout.growStep <= limit + 1e-9 {
      height += Layout.growStep
      layout = Layout(figure, pageHeight: height, m)
    }
    layout.warnings = layout.labelWarnings
    if layout.lacksYTicks {
      layout.warnings.append(
        layout.fewTicksWarning(
          grown: height > figure.height * 72, given: figure.maxHeight == figure.height))
    }
    self = layout
  }

  /// `figure` on a page `height` points tall, margins grown until every label fits.
  private init(_ figure: Figure, pageHeight height: Double, _ m: TextMetrics) {
    let page = Rect(x: 0, y: 0, w: figure.width * 72, h: height)
    func settle(_ options: PanelOptions) -> Layout {
      var layout = Layout(figure, frame: page, margins: Margins(), options: options, m)
      for _ in 0..<8 {
        let grown = layout.margins.union(layout.needs(figure, m))
        if layout.margins.covers(grown) { break }
        layout = Layout(figure, frame: page, margins: grown, options: layout.options, m)
      }
      return layout
    }
    let layout = settle(PanelOptions())
    // Category labels turned upright once the plot narrowed: lay out again with them upright
    // from the start, so the margin grown for slanted labels does not linger.
    self = layout.xRotation == 90 ? settle(PanelOptions(uprightCategories: true)) : layout
  }

  /// Whether the y axis is a linear value axis showing labels on fewer than `minTicks` ticks.
  var lacksYTicks: Bool {
    y.categories == nil && !y.log && !options.hideYLabels && y.ticks.count < Layout.minTicks
  }

  /// Why the y axis has so few ticks and what would give it more.
  func fewTicksWarning(grown: Bool, given: Bool) -> String {
    let n = y.ticks.count
    let size = "\(FittedLabel.format(frame.w / 72))×\(FittedLabel.format(frame.h / 72)) in"
    let fix =
      given
      ? "a taller 'height' would give it more"
      : grown ? "the figure grew to the venue's text height" : "the figure cannot grow"
    return "the y axis has only \(n) tick\(n == 1 ? "" : "s") on a \(size) figure (\(fix))"
  }
}

// Math typeset to a self-contained SVG through Cairo's SVG surface: glyphs become paths (no font
// needed to view it), so a report shows the same math offline and everywhere. The bytes are
// reproducible: Cairo's process-wide `surface<N>` ids are renumbered as for figures, and the
// file has no dates or random ids.

import CCairo

/// One typeset formula: the SVG file and its size in points.
public struct MathImage: Equatable {
  public var svg: [UInt8]
  /// Width and height of the image, points.
  public var width: Double, height: Double
  /// How far the image reaches below the text baseline, points (for `vertical-align`).
  public var depth: Double
}

public enum MathSVG {
  /// `tex` (without its `$` delimiters) typeset at `size` points; `display` math sets
  /// fractions at full size.
  public static func render(_ tex: String, display: Bool, size: Double = 10) throws(PlotError)
    -> MathImage
  {
    let metrics = try TextMetrics()
    let setter = MathSetter(metrics: metrics, display: display)
    let box = setter.layout(MathParser.parse(tex), size: size)
    let padX = size * 0.08
    let padY = size * 0.06
    // Whole tenths of a point: short numbers in the SVG and the HTML, at most 0.01 em spare.
    let width = ((box.width + 2 * padX) * 10).rounded(.up) / 10
    let height = ((box.ascent + box.descent + 2 * padY) * 10).rounded(.up) / 10
    let bytes = try draw(box, width: width, height: height, x: padX, baseline: padY + box.ascent)
    return MathImage(
      svg: bytes, width: width, height: height, depth: height - padY - box.ascent)
  }

  /// The box drawn in black on a transparent `width × height` SVG, origin at (x, baseline).
  static func draw(_ box: MathBox, width: Double, height: Double, x: Double, baseline: Double)
    throws(PlotError) -> [UInt8]
  {
    let sink = CairoByteSink()
    let closure = Unmanaged.passRetained(sink)
    defer { closure.release() }
    let write = CairoByteSink.write
    guard
      let surface = cairo_svg_surface_create_for_stream(write, closure.toOpaque(), width, height)
    else { throw .cairo("cannot create SVG surface") }
    defer { cairo_surface_destroy(surface) }
    guard let cr = cairo_create(surface) else { throw .cairo("cannot create math context") }
    if let options = cairo_font_options_create() {
      cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
      cairo_set_font_options(cr, options)
      cairo_font_options_destroy(options)
    }
    cairo_set_source_rgb(cr, 0, 0, 0)
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
    for item in box.items {
      switch item {
      case .glyphs(let s, let gx, let gy, let size, let italic):
        TextMetrics.face(cr, italic: italic)
        cairo_set_font_size(cr, size)
        cairo_move_to(cr, x + gx, baseline + gy)
        cairo_show_text(cr, s)
      case .line(let points, let w):
        guard let first = points.first else { continue }
        cairo_set_line_width(cr, w)
        cairo_move_to(cr, x + first.x, baseline + first.y)
        for p in points.dropFirst() { cairo_line_to(cr, x + p.x, baseline + p.y) }
        cairo_stroke(cr)
      }
    }
    let drawn = cairo_status(cr)
    cairo_destroy(cr)
    cairo_surface_finish(surface)
    let status = cairo_surface_status(surface)
    guard drawn == CAIRO_STATUS_SUCCESS, status == CAIRO_STATUS_SUCCESS else {
      throw .cairo(cairoStatusText(drawn != CAIRO_STATUS_SUCCESS ? drawn : status))
    }
    return Figure.renumberSurfaces(sink.bytes)
  }
}

// A fixed drawing (curve + DejaVu Sans text) proving the Cairo → PNG/PDF/SVG path end to end.

import CCairo

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The smallest real figure: white background, a sine polyline, an axis line and a label with
/// non-ASCII text. Tests and `fsl` smoke checks render it; real figures go through `Scene`.
public enum CairoProbe {
  /// The label drawn under the curve (Unicode on purpose: DejaVu Sans has → and α).
  public static let label = "communication round → accuracy α"

  /// Draws the probe figure filling `canvas`.
  public static func draw(on canvas: CairoCanvas) {
    let cr = canvas.context
    let (w, h) = (canvas.width, canvas.height)
    cairo_set_source_rgb(cr, 1, 1, 1)
    cairo_paint(cr)

    cairo_set_source_rgb(cr, 0, 0, 0)
    cairo_set_line_width(cr, 1)
    cairo_move_to(cr, 0.1 * w, 0.8 * h)
    cairo_line_to(cr, 0.95 * w, 0.8 * h)
    cairo_stroke(cr)

    cairo_set_source_rgb(cr, 0, 0.45, 0.7)
    cairo_set_line_width(cr, max(1.5, h / 100))
    let points = 100
    for i in 0..<points {
      let t = Double(i) / Double(points - 1)
      let x = 0.1 * w + t * 0.85 * w
      let y = 0.45 * h - sin(t * 2 * Double.pi) * 0.3 * h
      if i == 0 { cairo_move_to(cr, x, y) } else { cairo_line_to(cr, x, y) }
    }
    cairo_stroke(cr)

    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
    cairo_set_font_size(cr, max(6, h / 20))
    cairo_set_source_rgb(cr, 0, 0, 0)
    cairo_move_to(cr, 0.1 * w, 0.93 * h)
    cairo_show_text(cr, label)
  }
}

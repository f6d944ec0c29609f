// Draws a Scene with Cairo: vector paths for PDF/SVG, direct pixel blits for PNG scatters.
//
// Raster speed (docs/plots.md "Speed", bench/plot_scatter): drawing 100k arcs through Cairo costs
// ~5x more than compositing a small pre-rendered coverage mask per point, and even one `cairo_fill`
// of a sprite per point spends most of its time in Cairo's pattern bookkeeping; so image output
// blits cached marker masks straight into the surface's pixels (`CairoRenderer+Raster.swift`), and
// a heatmap is one image scaled with nearest-neighbour filtering, not one rectangle per cell.

import CCairo

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Renders scenes onto a Cairo context.
final class CairoRenderer {
  let cr: OpaquePointer
  /// The image surface drawn on, for direct pixel access (nil for vector output).
  let image: OpaquePointer?
  /// Device pixels per point (dpi / 72) for images, 1 for vector output.
  let scale: Double
  /// The current clip in page points (nil: none), for blits that bypass Cairo.
  var clipRect: Rect?
  /// Coverage masks of stamped markers by shape, size and sub-pixel offset.
  var masks: [MaskKey: CoverageMask] = [:]

  init(canvas: CairoCanvas, scale: Double) {
    cr = canvas.context
    self.scale = scale
    image = canvas.kind == .image ? canvas.surface : nil
  }

  /// Paints a white page, then every item in order.
  func render(_ scene: Scene) {
    cairo_scale(cr, scale, scale)
    cairo_set_source_rgb(cr, 1, 1, 1)
    cairo_paint(cr)
    TextMetrics.face(cr, italic: false)
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
    for item in scene.items { draw(item) }
  }

  func source(_ c: RGBA) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a) }

  private func draw(_ item: SceneItem) {
    switch item {
    case .path(let points, let closed, let fill, let stroke, let width, let dash):
      guard let first = points.first else { return }
      cairo_new_path(cr)
      cairo_move_to(cr, first.x, first.y)
      for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
      if closed { cairo_close_path(cr) }
      if let fill {
        source(fill)
        if stroke == nil { cairo_fill(cr) } else { cairo_fill_preserve(cr) }
      }
      if let stroke {
        source(stroke)
        cairo_set_line_width(cr, width)
        cairo_set_dash(cr, dash.map { $0 * width }, Int32(dash.count), 0)
        cairo_set_line_cap(cr, dash.isEmpty ? CAIRO_LINE_CAP_SQUARE : CAIRO_LINE_CAP_BUTT)
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
      }
      cairo_new_path(cr)
    case .markers(let shape, let points, let size, let colors):
      if image != nil && points.count > 50 {
        blit(shape, points, size, colors)
        return
      }
      for (i, p) in points.enumerated() {
        CairoRenderer.marker(
          cr, shape, p, size, colors.count == points.count ? colors[i] : colors[0])
      }
    case .text(let s, let at, let size, let color, let h, let v, let rotation, let sup):
      text(s, at, size, color, h, v, rotation, sup)
    case .cells(let rect, let rows, let cols, let colors):
      cells(rect, rows, cols, colors)
    case .clip(let rect):
      clipRect = rect
      cairo_reset_clip(cr)
      if let rect {
        cairo_rectangle(cr, rect.x, rect.y, rect.w, rect.h)
        cairo_clip(cr)
      }
    }
  }

  /// Adds the marker outline at `p` to the current path and fills or strokes it.
  static func marker(_ cr: OpaquePointer, _ shape: Marker, _ p: Point, _ size: Double, _ c: RGBA) {
    let r = size / 2
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a)
    cairo_new_path(cr)
    switch shape {
    case .circle:
      cairo_arc(cr, p.x, p.y, r, 0, 2 * Double.pi)
      cairo_fill(cr)
    case .square:
      cairo_rectangle(cr, p.x - r * 0.9, p.y - r * 0.9, r * 1.8, r * 1.8)
      cairo_fill(cr)
    case .triangle:
      cairo_move_to(cr, p.x, p.y - r * 1.1)
      cairo_line_to(cr, p.x + r, p.y + r * 0.7)
      cairo_line_to(cr, p.x - r, p.y + r * 0.7)
      cairo_close_path(cr)
      cairo_fill(cr)
    case .cross, .plus:
      let d = shape == .cross ? r * 0.8 : r
      cairo_set_line_width(cr, max(0.6, size / 5))
      cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
      if shape == .cross {
        cairo_move_to(cr, p.x - d, p.y - d)
        cairo_line_to(cr, p.x + d, p.y + d)
        cairo_move_to(cr, p.x - d, p.y + d)
        cairo_line_to(cr, p.x + d, p.y - d)
      } else {
        cairo_move_to(cr, p.x - d, p.y)
        cairo_line_to(cr, p.x + d, p.y)
        cairo_move_to(cr, p.x, p.y - d)
        cairo_line_to(cr, p.x, p.y + d)
      }
      cairo_stroke(cr)
    }
  }

  private func text(
    _ s: String, _ at: Point, _ size: Double, _ color: RGBA, _ h: HAnchor, _ v: VAnchor,
    _ rotation: Double, _ sup: String?
  ) {
    cairo_save(cr)
    cairo_set_font_size(cr, size)
    let runs = StyledText.runs(s)
    var advance = 0.0
    for run in runs {
      TextMetrics.face(cr, italic: run.italic)
      var e = cairo_text_extents_t()
      cairo_text_extents(cr, run.text, &e)
      advance += e.x_advance
    }
    TextMetrics.face(cr, italic: false)
    var width = advance
    if let sup {
      cairo_set_font_size(cr, size * 0.7)
      var se = cairo_text_extents_t()
      cairo_text_extents(cr, sup, &se)
      width += se.x_advance
      cairo_set_font_size(cr, size)
    }
    var fe = cairo_font_extents_t()
    cairo_font_extents(cr, &fe)
    cairo_translate(cr, at.x, at.y)
    cairo_rotate(cr, -rotation * Double.pi / 180)
    let x = h == .left ? 0 : h == .center ? -width / 2 : -width
    let capHeight = size * 0.73
    let y: Double
    switch v {
    case .top: y = capHeight
    case .middle: y = capHeight / 2
    case .baseline: y = 0
    case .bottom: y = -fe.descent
    }
    source(color)
    cairo_move_to(cr, x, y)
    for run in runs {
      TextMetrics.face(cr, italic: run.italic)
      cairo_show_text(cr, run.text)
    }
    TextMetrics.face(cr, italic: false)
    if let sup {
      cairo_set_font_size(cr, size * 0.7)
      cairo_move_to(cr, x + advance, y - size * 0.4)
      cairo_show_text(cr, sup)
    }
    cairo_restore(cr)
  }
}

// Draws a Scene with Cairo: vector paths for PDF/SVG, pre-rendered marker stamps for PNG.
//
// Raster scatter speed (RECIPES.md): drawing 100k arcs costs ~5x more than painting a small
// pre-rendered sprite per point, so image output stamps sprites from a cache keyed by colour,
// shape and one of 4×4 sub-pixel offsets; vector output keeps real paths.

import CCairo

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Renders scenes onto a Cairo context.
final class CairoRenderer {
  private let cr: OpaquePointer
  /// Device pixels per point (dpi / 72) for images, 1 for vector output.
  private let scale: Double
  private let raster: Bool
  /// What makes two stamped markers identical (a struct key: no string is built per point).
  private struct SpriteKey: Hashable {
    let shape: Marker
    let color: RGBA
    let size: Double
    let sx: Int
    let sy: Int
  }
  private var sprites: [SpriteKey: OpaquePointer] = [:]

  init(canvas: CairoCanvas, scale: Double) {
    cr = canvas.context
    self.scale = scale
    raster = canvas.kind == .image
  }

  deinit { for s in sprites.values { cairo_surface_destroy(s) } }

  /// Paints a white page, then every item in order.
  func render(_ scene: Scene) {
    cairo_scale(cr, scale, scale)
    cairo_set_source_rgb(cr, 1, 1, 1)
    cairo_paint(cr)
    cairo_select_font_face(cr, Style.font, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
    for item in scene.items { draw(item) }
  }

  private func source(_ c: RGBA) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a) }

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
      for (i, p) in points.enumerated() {
        let c = colors.count == points.count ? colors[i] : colors[0]
        if raster && points.count > 50 {
          stamp(shape, p, size, c)
        } else {
          CairoRenderer.marker(cr, shape, p, size, c)
        }
      }
    case .text(let s, let at, let size, let color, let h, let v, let rotation, let sup):
      text(s, at, size, color, h, v, rotation, sup)
    case .cells(let rect, let rows, let cols, let colors):
      let w = rect.w / Double(cols)
      let hh = rect.h / Double(rows)
      cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
      for r in 0..<rows {
        for c in 0..<cols {
          source(colors[r * cols + c])
          cairo_rectangle(cr, rect.x + Double(c) * w, rect.y + Double(r) * hh, w + 0.01, hh + 0.01)
          cairo_fill(cr)
        }
      }
      cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT)
    case .clip(let rect):
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

  /// Paints a cached sprite of the marker at `p`, snapped to a quarter pixel.
  private func stamp(_ shape: Marker, _ p: Point, _ size: Double, _ c: RGBA) {
    let dx = p.x * scale
    let dy = p.y * scale
    guard dx.isFinite, dy.isFinite, abs(dx) < 1e6, abs(dy) < 1e6 else { return }
    let fx = floor(dx)
    let fy = floor(dy)
    let sx = Int((dx - fx) * 4)
    let sy = Int((dy - fy) * 4)
    let half = Int(ceil(size * scale / 2)) + 2
    let key = SpriteKey(shape: shape, color: c, size: size, sx: sx, sy: sy)
    let sprite: OpaquePointer
    if let cached = sprites[key] {
      sprite = cached
    } else {
      guard
        let made = cairo_image_surface_create(
          CAIRO_FORMAT_ARGB32, Int32(2 * half), Int32(2 * half)),
        let scr = cairo_create(made)
      else { return }
      cairo_scale(scr, scale, scale)
      CairoRenderer.marker(
        scr, shape,
        Point(
          x: (Double(half) + Double(sx) / 4 + 0.125) / scale,
          y: (Double(half) + Double(sy) / 4 + 0.125) / scale), size, c)
      cairo_destroy(scr)
      sprites[key] = made
      sprite = made
    }
    cairo_save(cr)
    cairo_identity_matrix(cr)
    let x0 = fx - Double(half)
    let y0 = fy - Double(half)
    cairo_set_source_surface(cr, sprite, x0, y0)
    cairo_rectangle(cr, x0, y0, Double(2 * half), Double(2 * half))
    cairo_fill(cr)
    cairo_restore(cr)
  }

  private func text(
    _ s: String, _ at: Point, _ size: Double, _ color: RGBA, _ h: HAnchor, _ v: VAnchor,
    _ rotation: Double, _ sup: String?
  ) {
    cairo_save(cr)
    cairo_set_font_size(cr, size)
    var e = cairo_text_extents_t()
    cairo_text_extents(cr, s, &e)
    var width = e.x_advance
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
    cairo_show_text(cr, s)
    if let sup {
      cairo_set_font_size(cr, size * 0.7)
      cairo_move_to(cr, x + e.x_advance, y - size * 0.4)
      cairo_show_text(cr, sup)
    }
    cairo_restore(cr)
  }
}

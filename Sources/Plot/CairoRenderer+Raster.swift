// Raster fast paths: marker coverage masks blitted straight into the image's pixels, and heatmap
// cells drawn as one nearest-neighbour-scaled image.
//
// The blit does what Cairo would do for `fill` with a solid colour through an antialiased mask
// and a rectangular clip (pixman's OVER on premultiplied ARGB32, same 8-bit rounding), without
// Cairo's per-call pattern and clip bookkeeping: ~10x less time for 100k markers.

import CCairo

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What makes two stamped markers' coverage identical (a struct: no string is built per point).
struct MaskKey: Hashable {
  let shape: Marker
  let size: Double
  let sx: Int
  let sy: Int
}

/// The antialiased coverage (0…255) of one marker in a `side × side` square, centred at
/// (`half`, `half`) plus a sub-pixel offset, with the runs of non-zero pixels per row.
struct CoverageMask {
  let side: Int
  let half: Int
  let alpha: [UInt8]
  /// (row, first column, end column) of each row's non-zero run.
  let runs: [(row: Int, start: Int, end: Int)]
}

/// `a * b / 255` rounded as pixman does (exact for all 8-bit inputs).
@inline(__always)
func mul255(_ a: UInt32, _ b: UInt32) -> UInt32 {
  let t = a &* b &+ 0x80
  return (t &+ (t >> 8)) >> 8
}

extension CairoRenderer {
  /// The coverage mask for `key`, rendered once with Cairo into an A8 surface.
  func mask(_ key: MaskKey) -> CoverageMask? {
    if let cached = masks[key] { return cached }
    let half = Int(ceil(key.size * scale / 2)) + 2
    let side = 2 * half
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(side), Int32(side))
    else { return nil }
    defer { cairo_surface_destroy(surface) }
    guard let scr = cairo_create(surface) else { return nil }
    cairo_scale(scr, scale, scale)
    let centre = Point(
      x: (Double(half) + Double(key.sx) / 4 + 0.125) / scale,
      y: (Double(half) + Double(key.sy) / 4 + 0.125) / scale)
    CairoRenderer.marker(scr, key.shape, centre, key.size, RGBA(0, 0, 0))
    cairo_destroy(scr)
    cairo_surface_flush(surface)
    guard let data = cairo_image_surface_get_data(surface) else { return nil }
    let stride = Int(cairo_image_surface_get_stride(surface))
    var alpha = [UInt8](repeating: 0, count: side * side)
    var runs: [(row: Int, start: Int, end: Int)] = []
    for y in 0..<side {
      var first = side
      var last = -1
      for x in 0..<side {
        let a = data[y * stride + x]
        alpha[y * side + x] = a
        if a != 0 {
          first = min(first, x)
          last = x
        }
      }
      if last >= first { runs.append((y, first, last + 1)) }
    }
    let made = CoverageMask(side: side, half: half, alpha: alpha, runs: runs)
    masks[key] = made
    return made
  }

  /// Per-column and per-row coverage (0…255) of the current clip in device pixels: a pixel's
  /// coverage is the product, as for Cairo's antialiased rectangular clip.
  private func clipCoverage(width: Int, height: Int) -> (cols: [UInt32], rows: [UInt32]) {
    func axis(_ lo: Double, _ hi: Double, _ n: Int) -> [UInt32] {
      (0..<n).map { i in
        let covered = min(Double(i + 1), hi) - max(Double(i), lo)
        return UInt32((max(0, min(1, covered)) * 255).rounded())
      }
    }
    guard let c = clipRect else {
      return ([UInt32](repeating: 255, count: width), [UInt32](repeating: 255, count: height))
    }
    return (
      axis(c.x * scale, c.maxX * scale, width), axis(c.y * scale, c.maxY * scale, height)
    )
  }

  /// Composites `shape` markers at `points` (colour per point, or one for all) into the image.
  func blit(_ shape: Marker, _ points: [Point], _ size: Double, _ colors: [RGBA]) {
    guard let image, !colors.isEmpty else { return }
    // The 16 sub-pixel variants, looked up by index rather than hashed per point.
    var variants: [CoverageMask] = []
    for k in 0..<16 {
      guard let m = mask(MaskKey(shape: shape, size: size, sx: k % 4, sy: k / 4)) else { return }
      variants.append(m)
    }
    cairo_surface_flush(image)
    guard let bytes = cairo_image_surface_get_data(image) else { return }
    defer { cairo_surface_mark_dirty(image) }
    let width = Int(cairo_image_surface_get_width(image))
    let height = Int(cairo_image_surface_get_height(image))
    let stride = Int(cairo_image_surface_get_stride(image)) / 4
    let pixels = UnsafeMutableRawPointer(bytes).assumingMemoryBound(to: UInt32.self)
    let (colCover, rowCover) = clipCoverage(width: width, height: height)
    // Pixels where the clip covers fully: a marker inside needs no per-pixel clip or bounds test.
    let inside = (
      x: colCover.firstIndex(of: 255) ?? width, maxX: (colCover.lastIndex(of: 255) ?? -1) + 1,
      y: rowCover.firstIndex(of: 255) ?? height, maxY: (rowCover.lastIndex(of: 255) ?? -1) + 1
    )
    // Premultiplied sprites (colour IN coverage) per variant, remade when the colour changes.
    let side = variants[0].side
    var sprites = [UInt32](repeating: 0, count: 16 * side * side)
    var madeFor = [Int](repeating: -1, count: 16)
    var colorVersion = 0
    var lastColor = colors[0]
    var c = CairoRenderer.premultiplied(lastColor)
    let perPoint = colors.count == points.count
    sprites.withUnsafeMutableBufferPointer { spriteBuffer in
      guard let sprites = spriteBuffer.baseAddress else { return }
      for (i, p) in points.enumerated() {
        let dx = p.x * scale
        let dy = p.y * scale
        guard dx.isFinite, dy.isFinite, abs(dx) < 1e6, abs(dy) < 1e6 else { continue }
        let fx = floor(dx)
        let fy = floor(dy)
        let v = Int((dy - fy) * 4) * 4 + Int((dx - fx) * 4)
        let m = variants[v]
        if perPoint, colors[i] != lastColor {
          lastColor = colors[i]
          c = CairoRenderer.premultiplied(lastColor)
          colorVersion += 1
        }
        let sprite = sprites + v * side * side
        if madeFor[v] != colorVersion {
          madeFor[v] = colorVersion
          for (k, a) in m.alpha.enumerated() {
            sprite[k] = CairoRenderer.pixel(c, coverage: UInt32(a))
          }
        }
        let x0 = Int(fx) - m.half
        let y0 = Int(fy) - m.half
        let clean =
          x0 >= inside.x && x0 + side <= inside.maxX && y0 >= inside.y && y0 + side <= inside.maxY
        for run in m.runs {
          let y = y0 + run.row
          let src = sprite + run.row * side
          let dst = pixels + y * stride + x0
          if clean {
            for k in run.start..<run.end { dst[k] = CairoRenderer.over(src[k], dst[k]) }
            continue
          }
          guard y >= 0, y < height, rowCover[y] != 0 else { continue }
          let from = max(run.start, -x0)
          let to = min(run.end, width - x0)
          guard from < to else { continue }
          for k in from..<to {
            let cover = mul255(rowCover[y], colCover[x0 + k])
            if cover != 0 {
              dst[k] = CairoRenderer.over(CairoRenderer.scaled(src[k], cover), dst[k])
            }
          }
        }
      }
    }
  }

  /// A straight-alpha colour as premultiplied 8-bit ARGB, converted as Cairo does
  /// (premultiply in floating point, round to 16 bits, keep the high byte).
  static func premultiplied(_ c: RGBA) -> (a: UInt32, r: UInt32, g: UInt32, b: UInt32) {
    func byte(_ v: Double) -> UInt32 { UInt32(min(65535, max(0, v * 65535 + 0.5))) >> 8 }
    return (byte(c.a), byte(c.r * c.a), byte(c.g * c.a), byte(c.b * c.a))
  }

  /// The premultiplied 0xAARRGGBB pixel of colour `c` at coverage `m` (colour IN mask).
  static func pixel(_ c: (a: UInt32, r: UInt32, g: UInt32, b: UInt32), coverage m: UInt32)
    -> UInt32
  {
    mul255(c.a, m) << 24 | mul255(c.r, m) << 16 | mul255(c.g, m) << 8 | mul255(c.b, m)
  }

  /// Every channel of pixel `p` times `m` / 255, two channels per multiply (pixman's
  /// UN8x4_MUL_UN8).
  @inline(__always)
  static func scaled(_ p: UInt32, _ m: UInt32) -> UInt32 {
    var rb = (p & 0x00ff_00ff) &* m &+ 0x0080_0080
    rb = ((rb &+ ((rb >> 8) & 0x00ff_00ff)) >> 8) & 0x00ff_00ff
    var ag = ((p >> 8) & 0x00ff_00ff) &* m &+ 0x0080_0080
    ag = (ag &+ ((ag >> 8) & 0x00ff_00ff)) & 0xff00_ff00
    return rb | ag
  }

  /// Premultiplied `s OVER d`: `s + d × (255 − alpha(s)) / 255`, which cannot overflow.
  @inline(__always)
  static func over(_ s: UInt32, _ d: UInt32) -> UInt32 {
    s &+ scaled(d, 255 &- (s >> 24))
  }

  /// A `rows × cols` grid of colours filling `rect`: one image, scaled without smoothing.
  func cells(_ rect: Rect, _ rows: Int, _ cols: Int, _ colors: [RGBA]) {
    guard rows > 0, cols > 0, colors.count == rows * cols,
      let img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(cols), Int32(rows))
    else { return }
    defer { cairo_surface_destroy(img) }
    cairo_surface_flush(img)
    guard let bytes = cairo_image_surface_get_data(img) else { return }
    let stride = Int(cairo_image_surface_get_stride(img)) / 4
    let pixels = UnsafeMutableRawPointer(bytes).assumingMemoryBound(to: UInt32.self)
    for r in 0..<rows {
      for c in 0..<cols {
        pixels[r * stride + c] = CairoRenderer.pixel(
          CairoRenderer.premultiplied(colors[r * cols + c]), coverage: 255)
      }
    }
    cairo_surface_mark_dirty(img)
    cairo_save(cr)
    if image != nil { cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE) }
    cairo_rectangle(cr, rect.x, rect.y, rect.w, rect.h)
    cairo_translate(cr, rect.x, rect.y)
    cairo_scale(cr, rect.w / Double(cols), rect.h / Double(rows))
    cairo_set_source_surface(cr, img, 0, 0)
    if let pattern = cairo_get_source(cr) {
      cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST)
      // Pad only for images: edge pixels snapped outwards must not sample transparency.
      if image != nil { cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD) }
    }
    cairo_fill(cr)
    cairo_restore(cr)
  }
}

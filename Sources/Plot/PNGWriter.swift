// PNG output: Cairo image surface → straight-alpha RGBA → libpng (via CPNG) with pHYs + text.
//
// Cairo's PNG writer has no pHYs or text support, so pixels go through libpng ourselves.
// Output is deterministic: no timestamps, fixed chunk order (pHYs, then text in the order
// given), so rendering the same figure twice gives byte-identical files
// (docs/design.md §"Plot pipeline").

import CCairo
import CPNG
import FileOut

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One PNG text chunk; keys are PNG keywords (1–79 printable Latin-1 characters).
public struct PNGText: Equatable, Sendable {
  /// The keyword, e.g. `Software`.
  public var key: String
  /// The value; ASCII is stored as tEXt, anything else as UTF-8 iTXt.
  public var value: String

  /// A key/value pair.
  public init(_ key: String, _ value: String) {
    self.key = key
    self.value = value
  }
}

/// What is written next to the pixels: resolution and text chunks.
public struct PNGMetadata: Equatable, Sendable {
  /// Dots per inch, stored as pHYs pixels per metre (rounded); `nil` omits pHYs.
  public var dpi: Double?
  /// The `Software` chunk, e.g. `fsl 0.1`.
  public var software: String
  /// The `Source` chunk: script path and SHA-256 of its text, e.g. `fig.fsl sha256:ab12…`.
  public var source: String?
  /// More chunks, written after `Software` and `Source` in this order.
  public var extra: [PNGText]

  /// Metadata with the given fields.
  public init(dpi: Double? = 72, software: String, source: String? = nil, extra: [PNGText] = []) {
    self.dpi = dpi
    self.software = software
    self.source = source
    self.extra = extra
  }

  /// The text chunks in file order.
  public var textChunks: [PNGText] {
    [PNGText("Software", software)] + (source.map { [PNGText("Source", $0)] } ?? []) + extra
  }

  /// pHYs value for `dpi` (pixels per metre), 0 when absent or not positive.
  var pixelsPerMetre: UInt32 {
    guard let dpi, dpi > 0, dpi.isFinite else { return 0 }
    return UInt32(min(Double(UInt32.max), (dpi / 0.0254).rounded()))
  }
}

/// Writes PNG files from Cairo image surfaces or RGBA buffers, atomically.
public enum PNGWriter {
  /// Writes the ARGB32 or RGB24 image `surface` (a `cairo_surface_t *`) to `path`.
  ///
  /// The surface is flushed first; its pixels are un-premultiplied and reordered to RGBA.
  public static func write(
    surface: OpaquePointer, to path: String, metadata: PNGMetadata
  ) throws(PlotError) {
    let (pixels, width, height) = try rgba(fromImageSurface: surface)
    try write(rgba: pixels, width: width, height: height, to: path, metadata: metadata)
  }

  /// Writes 8-bit straight-alpha RGBA `rgba` (`width * height * 4` bytes, rows top to bottom)
  /// to `path`, replacing any existing file only once the new one is complete.
  public static func write(
    rgba: [UInt8], width: Int, height: Int, to path: String, metadata: PNGMetadata
  ) throws(PlotError) {
    guard width > 0, height > 0, width <= 1 << 20, height <= 1 << 20 else {
      throw .unsupported("PNG size \(width)×\(height)")
    }
    precondition(rgba.count == width * height * 4, "internal: PNG buffer size mismatch")
    let chunks = metadata.textChunks
    for chunk in chunks {
      precondition(isKeyword(chunk.key), "internal: invalid PNG keyword '\(chunk.key)'")
    }
    // tEXt/iTXt values cannot hold NUL; C strings would silently truncate there.
    let keys = chunks.map(\.key)
    let values = chunks.map { $0.value.replacingNULs() }
    // libpng writes to a path: give it the atomic writer's file by its /proc/self/fd name.
    let writer = try PlotError.catchingFileErrors { () throws(FileIOError) in
      try AtomicWriter(path: path)
    }
    var message = [CChar](repeating: 0, count: 256)
    errno = 0
    let code = withCStrings(keys) { keyPointers in
      withCStrings(values) { valuePointers in
        fsl_png_write_rgba(
          writer.descriptorPath, rgba, UInt32(width), UInt32(height), UInt32(width * 4),
          metadata.pixelsPerMetre, keyPointers, valuePointers, Int32(chunks.count), &message,
          message.count)
      }
    }
    if Int(code) != FSL_PNG_OK {
      // libpng reports a failed fwrite only as "Write Error"; errno says why (disk full).
      let system =
        Int(code) == FSL_PNG_ERR_OPEN || Int(code) == FSL_PNG_ERR_CLOSE
        || pngErrorText(code, message) == "Write Error"
      let reason = system && errno != 0 ? PlotError.errnoText() : pngErrorText(code, message)
      writer.discard()
      throw .write(path: path, reason: reason)
    }
    try PlotError.catchingFileErrors { () throws(FileIOError) in try writer.commit() }
  }

  /// Straight-alpha RGBA bytes of an ARGB32 (premultiplied) or RGB24 image surface.
  static func rgba(
    fromImageSurface surface: OpaquePointer
  ) throws(PlotError) -> (pixels: [UInt8], width: Int, height: Int) {
    cairo_surface_flush(surface)
    let status = cairo_surface_status(surface)
    guard status == CAIRO_STATUS_SUCCESS else { throw .cairo(cairoStatusText(status)) }
    guard cairo_surface_get_type(surface) == CAIRO_SURFACE_TYPE_IMAGE else {
      throw .unsupported("PNG output needs an image surface")
    }
    let format = cairo_image_surface_get_format(surface)
    guard format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24 else {
      throw .unsupported("image surface format \(format.rawValue) (need ARGB32 or RGB24)")
    }
    let width = Int(cairo_image_surface_get_width(surface))
    let height = Int(cairo_image_surface_get_height(surface))
    let stride = Int(cairo_image_surface_get_stride(surface))
    guard width > 0, height > 0, let data = cairo_image_surface_get_data(surface) else {
      throw .unsupported("empty image surface")
    }
    let hasAlpha = format == CAIRO_FORMAT_ARGB32
    var out = [UInt8](repeating: 0, count: width * height * 4)
    out.withUnsafeMutableBufferPointer { dst in
      for y in 0..<height {
        // Each pixel is a native-endian UInt32 0xAARRGGBB; cairo rows are 4-byte aligned.
        let row = UnsafeRawPointer(data + y * stride)
        var o = y * width * 4
        for x in 0..<width {
          let p = row.load(fromByteOffset: x * 4, as: UInt32.self)
          let a = hasAlpha ? UInt8(truncatingIfNeeded: p >> 24) : 255
          let r = UInt8(truncatingIfNeeded: p >> 16)
          let g = UInt8(truncatingIfNeeded: p >> 8)
          let b = UInt8(truncatingIfNeeded: p)
          dst[o] = unpremultiply(r, a)
          dst[o + 1] = unpremultiply(g, a)
          dst[o + 2] = unpremultiply(b, a)
          dst[o + 3] = a
          o += 4
        }
      }
    }
    return (out, width, height)
  }

  /// `c * 255 / a` rounded and clamped (the same formula as Cairo's own PNG writer).
  @inline(__always)
  static func unpremultiply(_ c: UInt8, _ a: UInt8) -> UInt8 {
    if a == 255 { return c }
    if a == 0 { return 0 }
    return UInt8(min(255, (Int(c) * 255 + Int(a) / 2) / Int(a)))
  }

  /// Whether `key` is a valid PNG keyword: 1–79 printable Latin-1 characters, no leading,
  /// trailing or double spaces.
  static func isKeyword(_ key: String) -> Bool {
    let scalars = Array(key.unicodeScalars)
    guard (1...79).contains(scalars.count), scalars.first != " ", scalars.last != " " else {
      return false
    }
    if key.contains("  ") { return false }
    return scalars.allSatisfy {
      (0x20...0x7E).contains($0.value) || (0xA1...0xFF).contains($0.value)
    }
  }
}

/// Text for a CPNG result code, preferring libpng's own message when there is one.
func pngErrorText(_ code: Int32, _ message: [CChar]) -> String {
  let detail = message.withUnsafeBufferPointer { buffer in
    buffer.baseAddress.map { String(cString: $0) } ?? ""
  }
  return detail.isEmpty ? String(cString: fsl_png_strerror(code)) : detail
}

/// The text of a Cairo status code.
func cairoStatusText(_ status: cairo_status_t) -> String {
  cairo_status_to_string(status).map { String(cString: $0) } ?? "status \(status.rawValue)"
}

/// Calls `body` with a C array of NUL-terminated copies of `strings`, valid only during the call.
func withCStrings<R>(
  _ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R
) -> R {
  let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
  defer {
    for copy in copies { free(copy) }
  }
  let pointers = copies.map { $0.map { UnsafePointer($0) } }
  return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}

extension String {
  /// This string with NUL characters replaced by spaces.
  fileprivate func replacingNULs() -> String {
    contains("\0") ? String(map { $0 == "\0" ? " " : $0 }) : self
  }
}

// Reading PNG files back through libpng (CPNG): header facts, text chunks, RGBA pixels.
// Used by tests and image comparisons; figures themselves never read PNGs.

import CPNG

/// What a PNG file declares about itself.
public struct PNGInfo: Equatable, Sendable {
  /// Image width in pixels.
  public var width: Int
  /// Image height in pixels.
  public var height: Int
  /// Bits per channel (8 for files written by `PNGWriter`).
  public var bitDepth: Int
  /// PNG colour type (6 = RGBA).
  public var colorType: Int
  /// pHYs pixels per metre (x, y) when present with the metre unit.
  public var pixelsPerMetre: (x: Int, y: Int)?
  /// Number of tEXt, zTXt and iTXt chunks.
  public var textCount: Int

  /// Horizontal resolution in dots per inch, from pHYs.
  public var dpi: Double? { pixelsPerMetre.map { Double($0.x) * 0.0254 } }

  /// Field-wise equality (tuples are not `Equatable`).
  public static func == (l: PNGInfo, r: PNGInfo) -> Bool {
    l.width == r.width && l.height == r.height && l.bitDepth == r.bitDepth
      && l.colorType == r.colorType && l.pixelsPerMetre?.x == r.pixelsPerMetre?.x
      && l.pixelsPerMetre?.y == r.pixelsPerMetre?.y && l.textCount == r.textCount
  }
}

/// Reads PNG files with libpng; every read decodes the whole file, so chunk CRCs are checked.
public enum PNGReader {
  /// Header, pHYs and text-chunk count of the PNG at `path`.
  public static func info(path: String) throws(PlotError) -> PNGInfo {
    var raw = fsl_png_info()
    var message = [CChar](repeating: 0, count: 256)
    let code = fsl_png_read_info(path, &raw, &message, message.count)
    try check(code, path: path, message: message)
    let phys =
      raw.has_phys != 0 && raw.phys_unit == 1 ? (x: Int(raw.ppm_x), y: Int(raw.ppm_y)) : nil
    return PNGInfo(
      width: Int(raw.width), height: Int(raw.height), bitDepth: Int(raw.bit_depth),
      colorType: Int(raw.color_type), pixelsPerMetre: phys, textCount: Int(raw.num_text))
  }

  /// The value of text chunk `key`, or `nil` when the file has no such chunk.
  public static func text(path: String, key: String, maxBytes: Int = 4096) throws(PlotError)
    -> String?
  {
    var buffer = [CChar](repeating: 0, count: maxBytes + 1)
    var message = [CChar](repeating: 0, count: 256)
    let code = fsl_png_read_text(path, key, &buffer, buffer.count, &message, message.count)
    if Int(code) == FSL_PNG_ERR_NOTFOUND { return nil }
    try check(code, path: path, message: message)
    return buffer.withUnsafeBufferPointer { pointer in
      pointer.baseAddress.map { String(cString: $0) } ?? ""
    }
  }

  /// The pixels of the PNG at `path` as 8-bit straight-alpha RGBA, rows top to bottom.
  public static func rgba(path: String) throws(PlotError) -> (
    pixels: [UInt8], width: Int, height: Int
  ) {
    let header = try info(path: path)
    var pixels = [UInt8](repeating: 0, count: header.width * header.height * 4)
    var message = [CChar](repeating: 0, count: 256)
    let code = fsl_png_read_rgba(path, &pixels, pixels.count, &message, message.count)
    try check(code, path: path, message: message)
    return (pixels, header.width, header.height)
  }

  /// Throws `.read` unless `code` is success.
  private static func check(_ code: Int32, path: String, message: [CChar]) throws(PlotError) {
    guard Int(code) != FSL_PNG_OK else { return }
    let reason = Int(code) == FSL_PNG_ERR_OPEN ? PlotError.errnoText() : pngErrorText(code, message)
    throw .read(path: path, reason: reason)
  }
}

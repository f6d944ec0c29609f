// Owns a Cairo surface + context for one output: an image (PNG) or a PDF/SVG file.
//
// Vector files stream through Cairo's stream surfaces into a FileOut `AtomicWriter`, which
// publishes the file on `finish()`, so a failed or abandoned render never leaves a
// half-written figure at the target path (nor a temporary beside it).

import CCairo
import FileOut

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A drawing target: a Cairo context over an image, PDF or SVG surface.
public final class CairoCanvas {
  /// What the canvas renders to.
  public enum Kind: Equatable, Sendable {
    case image, pdf, svg
  }

  /// The output kind.
  public let kind: Kind
  /// Width in device units: pixels for images, points (1/72 in) for PDF and SVG.
  public let width: Double
  /// Height in device units.
  public let height: Double
  /// The `cairo_surface_t *`.
  public let surface: OpaquePointer
  /// The `cairo_t *` to draw with.
  public let context: OpaquePointer
  /// For vector files: the file being written (Cairo's stream callback writes into it).
  private let writer: AtomicWriter?
  private var finished = false

  private init(
    kind: Kind, width: Double, height: Double, surface: OpaquePointer, writer: AtomicWriter?
  ) throws(PlotError) {
    let surfaceStatus = cairo_surface_status(surface)
    guard surfaceStatus == CAIRO_STATUS_SUCCESS, let cr = cairo_create(surface) else {
      cairo_surface_destroy(surface)
      writer?.discard()
      if surfaceStatus == CAIRO_STATUS_WRITE_ERROR, let failure = writer?.failure {
        throw PlotError(failure)
      }
      throw .cairo(cairoStatusText(surfaceStatus))
    }
    self.kind = kind
    self.width = width
    self.height = height
    self.surface = surface
    self.context = cr
    self.writer = writer
  }

  deinit {
    cairo_destroy(context)
    cairo_surface_destroy(surface)
    if let writer { Unmanaged.passUnretained(writer).release() }
  }

  /// A transparent ARGB32 image canvas of `width × height` pixels.
  public static func image(width: Int, height: Int) throws(PlotError) -> CairoCanvas {
    guard (1...32767).contains(width), (1...32767).contains(height) else {
      throw .unsupported("image size \(width)×\(height) (each side must be 1…32767 px)")
    }
    guard
      let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
    else { throw .cairo("cannot create image surface") }
    return try CairoCanvas(
      kind: .image, width: Double(width), height: Double(height), surface: surface, writer: nil)
  }

  /// A PDF canvas of `width × height` points that becomes `path` on `finish()`.
  public static func pdf(path: String, width: Double, height: Double) throws(PlotError)
    -> CairoCanvas
  {
    try vector(.pdf, path: path, width: width, height: height)
  }

  /// An SVG canvas of `width × height` points that becomes `path` on `finish()`.
  public static func svg(path: String, width: Double, height: Double) throws(PlotError)
    -> CairoCanvas
  {
    try vector(.svg, path: path, width: width, height: height)
  }

  private static func vector(
    _ kind: Kind, path: String, width: Double, height: Double
  ) throws(PlotError) -> CairoCanvas {
    guard width > 0, height > 0, width.isFinite, height.isFinite else {
      throw .unsupported("page size \(width)×\(height) pt")
    }
    let writer = try PlotError.catchingFileErrors { () throws(FileIOError) in
      try AtomicWriter(path: path)
    }
    // Cairo holds this reference until the canvas is gone (released in deinit, or below).
    let closure = Unmanaged.passRetained(writer).toOpaque()
    let write: cairo_write_func_t = { closure, data, length in
      guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
      let writer = Unmanaged<AtomicWriter>.fromOpaque(closure).takeUnretainedValue()
      do {
        try writer.write(UnsafeRawBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
      } catch {
        return CAIRO_STATUS_WRITE_ERROR
      }
    }
    let created =
      kind == .pdf
      ? cairo_pdf_surface_create_for_stream(write, closure, width, height)
      : cairo_svg_surface_create_for_stream(write, closure, width, height)
    guard let surface = created else {
      Unmanaged<AtomicWriter>.fromOpaque(closure).release()
      throw .cairo("cannot create \(kind) surface")
    }
    if kind == .pdf {
      cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "FSL")
    }
    do {
      return try CairoCanvas(
        kind: kind, width: width, height: height, surface: surface, writer: writer)
    } catch {
      Unmanaged<AtomicWriter>.fromOpaque(closure).release()
      throw error
    }
  }

  /// A canvas over an existing (e.g. stream) PDF/SVG surface, which it now owns.
  static func wrapping(surface: OpaquePointer, kind: Kind, scene: Scene) throws(PlotError)
    -> CairoCanvas
  {
    try CairoCanvas(
      kind: kind, width: scene.width, height: scene.height, surface: surface, writer: nil)
  }

  /// Checks the context for drawing errors (Cairo records the first one and ignores the rest).
  public func checkStatus() throws(PlotError) {
    let status = cairo_status(context)
    guard status == CAIRO_STATUS_SUCCESS else { throw .cairo(cairoStatusText(status)) }
  }

  /// Completes a PDF/SVG file and publishes it at its path; for images, flushes pending
  /// drawing. Drawing after `finish()` has no effect on the file.
  public func finish() throws(PlotError) {
    try checkStatus()
    guard let writer, !finished else {
      cairo_surface_flush(surface)
      return
    }
    cairo_surface_finish(surface)
    finished = true
    let status = cairo_surface_status(surface)
    guard status == CAIRO_STATUS_SUCCESS else {
      writer.discard()
      if status == CAIRO_STATUS_WRITE_ERROR, let failure = writer.failure {
        throw PlotError(failure)
      }
      throw .cairo(cairoStatusText(status))
    }
    try PlotError.catchingFileErrors { () throws(FileIOError) in try writer.commit() }
  }

  /// Writes an image canvas as PNG (see `PNGWriter`).
  public func writePNG(to path: String, metadata: PNGMetadata) throws(PlotError) {
    guard kind == .image else { throw .unsupported("writePNG on a \(kind) canvas") }
    try checkStatus()
    try PNGWriter.write(surface: surface, to: path, metadata: metadata)
  }
}

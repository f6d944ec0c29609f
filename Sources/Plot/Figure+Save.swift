// Saving a figure: layout → scene → Cairo → PNG (libpng, metadata) / PDF / SVG, atomically.
//
// Vector files are rendered into memory through Cairo's stream surfaces (the SVG is then
// post-processed) and written with FileOut's `AtomicFile`; the PDF creation date is fixed,
// making the same figure byte-identical on every run.

import CCairo
import FileOut

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Figure {
  /// The display list for this figure.
  func scene() throws -> Scene {
    var builder = SceneBuilder(self, metrics: try TextMetrics())
    return builder.build()
  }

  /// A text dump of the Scene (display list) for snapshot tests.
  public func sceneDump() throws -> String { try scene().dump() }

  /// Renders by extension (.png via libpng with pHYs dpi + tEXt Software=`software`,
  /// Source=`source`; .pdf; .svg), atomically; returns what the layout could not do as asked
  /// (a label shrunk below 70 % or cut, a y axis left with fewer than three ticks).
  @discardableResult
  public func save(path: String, dpi: Double, software: String, source: String?) throws
    -> [String]
  {
    let scene = try scene()
    try scene.write(to: path, dpi: dpi, software: software, source: source)
    return scene.warnings
  }

  /// The PNG file this figure would be saved as, in memory (for notebook reports).
  public func pngBytes(dpi: Double, software: String, source: String?) throws -> [UInt8] {
    try scene().pngBytes(dpi: dpi, software: software, source: source)
  }
}

extension Scene {
  /// Writes this scene by extension: PNG (libpng, metadata), PDF or SVG, atomically.
  func write(to path: String, dpi: Double, software: String, source: String?) throws {
    let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
    switch ext {
    case "png":
      try writePNG(
        to: path, dpi: dpi, metadata: PNGMetadata(dpi: dpi, software: software, source: source))
    case "pdf", "svg":
      let bytes = try Figure.vectorBytes(self, pdf: ext == "pdf", software: software)
      try PlotError.catchingFileErrors { () throws(FileIOError) in
        try AtomicFile.write(bytes, to: path)
      }
    default:
      throw PlotError.invalid(
        "save: cannot tell the format of '\(path)' (expected a .png, .pdf or .svg extension)")
    }
  }

  /// Renders at `dpi` into an image and writes it as PNG with `metadata`.
  func writePNG(to path: String, dpi: Double, metadata: PNGMetadata) throws {
    guard dpi.isFinite, dpi >= 10, dpi <= 2400 else {
      throw PlotError.invalid("save: 'dpi' must be in 10…2400, got \(dpi)")
    }
    let scale = dpi / 72
    let canvas = try CairoCanvas.image(
      width: Int((width * scale).rounded()), height: Int((height * scale).rounded()))
    CairoRenderer(canvas: canvas, scale: scale).render(self)
    try canvas.finish()
    try canvas.writePNG(to: path, metadata: metadata)
  }

  /// The PNG file of this scene as bytes. The PNG writer (libpng through CPNG) writes files,
  /// so it writes to an unnamed scratch file (O_TMPFILE, never linked into the directory, so a
  /// kill -9 leaves nothing behind) that is read back through its descriptor.
  func pngBytes(dpi: Double, software: String, source: String?) throws -> [UInt8] {
    let dir = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    let scratch = try PlotError.catchingFileErrors { () throws(FileIOError) in
      try AtomicWriter(path: "\(dir)/.fsl-figure.png", mode: 0o600)
    }
    defer { scratch.discard() }
    try writePNG(
      to: scratch.descriptorPath, dpi: dpi,
      metadata: PNGMetadata(dpi: dpi, software: software, source: source))
    return try Scene.readBytes(scratch.descriptorPath)
  }

  static func readBytes(_ path: String) throws(PlotError) -> [UInt8] {
    guard let file = fopen(path, "rb") else {
      throw .read(path: path, reason: PlotError.errnoText())
    }
    defer { fclose(file) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
      out.append(contentsOf: chunk[0..<n])
      if n < chunk.count { break }
    }
    guard ferror(file) == 0 else { throw .read(path: path, reason: PlotError.errnoText()) }
    return out
  }
}

/// Collects what a Cairo stream surface (PDF, SVG) writes, to render files in memory: pass
/// `write` and an unretained pointer to the sink kept alive around the surface's life.
final class CairoByteSink {
  var bytes: [UInt8] = []

  static let write: cairo_write_func_t = { context, data, length in
    guard let context, let data else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<CairoByteSink>.fromOpaque(context).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
  }
}

extension Figure {
  /// The PDF or SVG file of `scene`, rendered in memory.
  static func vectorBytes(_ scene: Scene, pdf: Bool, software: String) throws -> [UInt8] {
    let sink = CairoByteSink()
    let closure = Unmanaged.passRetained(sink)
    defer { closure.release() }
    let write = CairoByteSink.write
    let pointer = closure.toOpaque()
    let created =
      pdf
      ? cairo_pdf_surface_create_for_stream(write, pointer, scene.width, scene.height)
      : cairo_svg_surface_create_for_stream(write, pointer, scene.width, scene.height)
    guard let surface = created else { throw PlotError.cairo("cannot create vector surface") }
    if pdf {
      cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, software)
      cairo_pdf_surface_set_metadata(
        surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z")
      cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, "2000-01-01T00:00:00Z")
    }
    let canvas = try CairoCanvas.wrapping(surface: surface, kind: pdf ? .pdf : .svg, scene: scene)
    CairoRenderer(canvas: canvas, scale: 1).render(scene)
    try canvas.checkStatus()
    cairo_surface_finish(surface)
    let status = cairo_surface_status(surface)
    guard status == CAIRO_STATUS_SUCCESS else { throw PlotError.cairo(cairoStatusText(status)) }
    return pdf ? sink.bytes : pixelatedImages(renumberSurfaces(sink.bytes))
  }

  /// Heatmap cells are the only images in a figure; Cairo's SVG has no attribute for their
  /// nearest-neighbour filter, so viewers would blur them: mark every image as pixelated.
  static func pixelatedImages(_ bytes: [UInt8]) -> [UInt8] {
    let tag = Array("<image ".utf8)
    let marked = Array("<image style=\"image-rendering:pixelated\" ".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 64)
    var i = 0
    while i < bytes.count {
      if bytes[i] == tag[0], i + tag.count <= bytes.count,
        bytes[i..<(i + tag.count)].elementsEqual(tag)
      {
        out.append(contentsOf: marked)
        i += tag.count
        continue
      }
      out.append(bytes[i])
      i += 1
    }
    return out
  }

  /// Cairo names SVG groups `surface<N>` after a process-wide counter; renumber them in order
  /// of appearance so the same figure always gives the same file.
  static func renumberSurfaces(_ bytes: [UInt8]) -> [UInt8] {
    let word = Array("surface".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var seen: [ArraySlice<UInt8>: Int] = [:]
    var i = 0
    while i < bytes.count {
      if bytes[i] == word[0], i + word.count < bytes.count,
        bytes[i..<(i + word.count)].elementsEqual(word)
      {
        var j = i + word.count
        while j < bytes.count, (48...57).contains(bytes[j]) { j += 1 }
        if j > i + word.count {
          let digits = bytes[(i + word.count)..<j]
          let n = seen[digits] ?? seen.count + 1
          seen[digits] = n
          out.append(contentsOf: word)
          out.append(contentsOf: Array(String(n).utf8))
          i = j
          continue
        }
      }
      out.append(bytes[i])
      i += 1
    }
    return out
  }
}

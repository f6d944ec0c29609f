// The figures and grids a session made, in order, for notebook reports (docs/notebook.md: every
// figure made in a cell is shown inline). The plot builtins record; the notebook drains per cell.
import Foundation
import Interp
import Plot

/// Figures (`plot.figure`) and grids (`plot.grid`) created since the last `drain`, and their
/// PNG rendering. Keeps at most `capacity` entries (the oldest go first), so a script making
/// many figures does not hold them all.
public enum FigureLog {
  /// The most entries kept between drains.
  public static let capacity = 256
  private static let lock = NSLock()
  nonisolated(unsafe) private static var entries: [ForeignObject] = []

  /// Notes a new figure or grid object.
  static func record(_ object: ForeignObject) {
    lock.lock()
    defer { lock.unlock() }
    entries.append(object)
    if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
  }

  /// The figure and grid objects created since the last call, in creation order.
  public static func drain() -> [ForeignObject] {
    lock.lock()
    defer { lock.unlock() }
    let out = entries
    entries = []
    return out
  }

  /// PNG bytes of a figure or grid object at `dpi` (a grid panel renders its whole grid);
  /// nil for any other object.
  public static func render(_ object: ForeignObject, dpi: Double) throws -> [UInt8]? {
    let software = "fsl \(fslVersionString)"
    if let grid = object as? GridObject {
      return try grid.grid.pngBytes(dpi: dpi, software: software, source: nil)
    }
    guard let figure = object as? FigureObject else { return nil }
    if let (grid, _) = figure.panelOf {
      return try grid.pngBytes(dpi: dpi, software: software, source: nil)
    }
    return try figure.figure.pngBytes(dpi: dpi, software: software, source: nil)
  }
}

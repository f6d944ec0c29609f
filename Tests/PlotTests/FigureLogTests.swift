// Tests for Sources/Builtins/PlotBuiltins/FigureLog.swift: the figures and grids a script
// made, in order, rendered to PNG bytes for notebook reports.

import Builtins
import Foundation
import Interp
import Plot
import TestSupport
import XCTest

final class FigureLogTests: XCTestCase {
  func testDrainReturnsFiguresAndGridsInCreationOrderOnce() throws {
    _ = FigureLog.drain()
    let r = runFSL(
      """
      f = plot.figure(preset="icml")
      f.line([1, 2, 3], [1, 4, 9])
      g = plot.grid(1, 2)
      g.panel(0).scatter([1, 2], [3, 4])
      g.panel(1).hist([1, 2, 2, 3], bins=3)
      h = plot.figure(width=2, height=1.5)
      """)
    XCTAssertNil(r.error, r.rendered ?? "")
    let made = FigureLog.drain()
    XCTAssertEqual(made.map(\.typeName), ["figure", "grid", "figure"], "panels are not logged")
    XCTAssertEqual(made.map(\.repr), ["<figure>", "<grid 1×2>", "<figure>"])
    XCTAssertTrue(FigureLog.drain().isEmpty, "a drain empties the log")

    let png = try XCTUnwrap(try FigureLog.render(made[1], dpi: 100))
    XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    let path = NSTemporaryDirectory() + "fsl-log-\(UUID().uuidString).png"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data(png).write(to: URL(fileURLWithPath: path))
    let info = try PNGReader.info(path: path)
    XCTAssertEqual(info.width, 325, "3.25 in at 100 dpi")
    XCTAssertEqual(try PNGReader.text(path: path, key: "Software"), "fsl \(fslVersionString)")
    XCTAssertNotNil(try FigureLog.render(made[0], dpi: 72))
    XCTAssertNotNil(try FigureLog.render(made[2], dpi: 72), "an empty figure still renders")
  }

  func testRenderIsNilForOtherObjectsAndChecksDPI() throws {
    final class Other: ForeignObject {
      var typeName: String { "other" }
      var repr: String { "<other>" }
      var methodModule: String { "plot" }
    }
    XCTAssertNil(try FigureLog.render(Other(), dpi: 100))
    _ = FigureLog.drain()
    XCTAssertNil(runFSL("f = plot.figure()").error)
    let f = try XCTUnwrap(FigureLog.drain().first)
    XCTAssertThrowsError(try FigureLog.render(f, dpi: 5))
  }

  func testLogKeepsOnlyTheNewestEntries() throws {
    _ = FigureLog.drain()
    let r = runFSL("for i in range(\(FigureLog.capacity + 10)) plot.figure() end")
    XCTAssertNil(r.error, r.rendered ?? "")
    XCTAssertEqual(FigureLog.drain().count, FigureLog.capacity)
  }
}

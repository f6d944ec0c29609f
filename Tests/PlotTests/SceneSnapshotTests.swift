// Scene snapshots: the text dump of each plot kind's display list, compared with the files in
// Tests/fixtures/scenes/ (outside the test target, so SwiftPM does not treat them as
// resources). Re-record after an intended change with
// `FSL_RECORD_SNAPSHOTS=1 swift test --filter SceneSnapshotTests` and review the diff.

import Foundation
import XCTest

@testable import Plot

/// One small figure (or grid) per plot kind, with data fixed in the source.
enum SnapshotFigures {
  static let xs: [Double] = [0, 1, 2, 3, 4, 5, 6, 7]
  static let ys: [Double] = [0.5, 1.8, 2.2, 3.9, 3.1, 4.6, 5.2, 6.8]

  static func all() throws -> [(String, () throws -> String)] {
    func fig(_ build: @escaping (Figure) throws -> Void) -> () throws -> String {
      {
        let f = try Figure(width: 3.25, height: 2, preset: nil)
        try build(f)
        return try f.sceneDump()
      }
    }
    return [
      (
        "line",
        fig { f in
          try f.line(x: xs, y: ys, label: nil, style: nil, marker: nil, color: nil)
          try f.line(x: xs, y: ys.map { $0 / 2 }, label: nil, style: "--", marker: "s", color: nil)
          f.xlabel("round")
          f.ylabel("loss")
          f.title("Line")
        }
      ),
      (
        "scatter",
        fig { f in
          try f.scatter(
            x: xs, y: ys, size: 4, alpha: 0.5, color: nil, values: ys, cmap: "magma", label: nil,
            colorbar: true)
        }
      ),
      (
        "bar",
        fig { f in
          let labels = ["FedAvg", "FedProx", "one-shot"]
          try f.bar(
            labels: labels, heights: [0.8, 0.82, 0.7], err: [0.02, 0.01, 0.04], color: nil,
            label: "IID")
          try f.bar(
            labels: labels, heights: [0.6, 0.7, 0.5], err: nil, color: nil, label: "non-IID")
          try f.legend("upper right")
        }
      ),
      ("hist", fig { f in try f.hist(ys + xs, bins: 5, color: nil, label: nil, alpha: 0.8) }),
      (
        "errorbar",
        fig { f in
          try f.errorbar(x: xs, y: ys, err: xs.map { 0.1 + $0 / 20 }, label: nil, color: "C2")
        }
      ),
      (
        "band",
        fig { f in
          try f.band(
            x: xs, lo: ys.map { $0 - 0.5 }, hi: ys.map { $0 + 0.5 }, alpha: nil, color: nil,
            label: nil)
          try f.line(x: xs, y: ys, label: nil, style: nil, marker: nil, color: "C0")
        }
      ),
      (
        "heatmap",
        fig { f in
          try f.heatmap(
            [[1, 2, 3], [4, 5, 6.5]], cmap: "viridis", colorbar: true, labels: true)
          f.title("Heatmap")
        }
      ),
      (
        "text_legend",
        fig { f in
          try f.line(x: xs, y: ys, label: "ours", style: nil, marker: nil, color: nil)
          try f.scatter(
            x: xs, y: ys.reversed(), size: nil, alpha: nil, color: nil, values: nil, cmap: nil,
            label: "baseline")
          f.text(x: 1, y: 6, "α = 0.1")
          try f.legend(nil)
        }
      ),
      (
        "log",
        fig { f in
          let n = [1.0, 10, 100, 1000, 10000]
          try f.line(
            x: n, y: n.map { 1 / $0.squareRoot() }, label: nil, style: nil, marker: "o", color: nil)
          try f.xscale("log")
          try f.yscale("log")
          f.grid(true)
        }
      ),
      (
        "subplots",
        {
          let g = try FigureGrid(
            rows: 2, cols: 2, width: 4, height: 3, preset: nil, sharex: true, sharey: true)
          for (i, p) in g.panels.prefix(3).enumerated() {
            try p.line(
              x: xs, y: ys.map { $0 * Double(i + 1) }, label: nil, style: nil, marker: nil,
              color: nil)
            p.title("panel \(i)")
          }
          g.panels[2].xlabel("x")
          return try g.sceneDump()
        }
      ),
    ]
  }
}

final class SceneSnapshotTests: XCTestCase {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("fixtures/scenes")

  func testEveryPlotKindMatchesItsSnapshot() throws {
    let record = ProcessInfo.processInfo.environment["FSL_RECORD_SNAPSHOTS"] == "1"
    for (name, dump) in try SnapshotFigures.all() {
      let text = try dump()
      let url = Self.directory.appendingPathComponent("\(name).txt")
      if record {
        try FileManager.default.createDirectory(
          at: Self.directory, withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        continue
      }
      guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("no snapshot \(url.path); record with FSL_RECORD_SNAPSHOTS=1")
        continue
      }
      if text != expected {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        XCTFail(
          "\(name): scene differs from fixtures/scenes/\(name).txt at line \(first + 1):\n"
            + "  expected: \(first < a.count ? String(a[first]) : "<end>")\n"
            + "  got:      \(first < b.count ? String(b[first]) : "<end>")\n"
            + "(re-record with FSL_RECORD_SNAPSHOTS=1 if the change is intended)")
      }
    }
  }

  func testDumpIsDeterministic() throws {
    for (name, dump) in try SnapshotFigures.all() {
      XCTAssertEqual(try dump(), try dump(), name)
    }
  }
}

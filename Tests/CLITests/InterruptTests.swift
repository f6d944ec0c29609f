// Ctrl-C (SIGINT) stops a running script promptly with `Interrupted`, a traceback and exit 130:
// in a pure loop, in a loop whose body is one slow operator, inside a long `sort`; a second
// press quits a builtin that never checks; in the REPL an interrupted assignment binds nothing.
// fed.simulate and value.group_shapley instead return what they finished, and the script goes
// on.
// Each script writes a marker file once it is under way; the signal goes out after that, and
// every test asserts the script did not run to its end.
import Foundation
import XCTest

final class InterruptTests: XCTestCase {
  struct Interrupted {
    var status: Int32
    var out: String
    var err: String
    /// Seconds from the (last) SIGINT to the process's exit.
    var delay: Double
  }

  func tempDir() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("fsl-interrupt-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
  }

  /// Runs `source` (where `MARKER` stands for a path the script writes when it is ready to be
  /// interrupted), sends SIGINT `presses` times `pause` seconds after the marker appears, and
  /// waits for the exit (killing the process and failing after `timeout` seconds).
  func interrupt(
    _ source: String, presses: Int = 1, pause: Double = 0.3, timeout: Double = 60,
    file: StaticString = #filePath, line: UInt = #line
  ) throws -> Interrupted {
    let binary = FSLProcess.binary
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let dir = try tempDir()
    let marker = dir.appendingPathComponent("started").path
    let script = dir.appendingPathComponent("script.fsl")
    try source.replacingOccurrences(of: "MARKER", with: marker)
      .write(to: script, atomically: true, encoding: .utf8)
    let (outURL, errURL) = (dir.appendingPathComponent("out"), dir.appendingPathComponent("err"))
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let p = Process()
    p.executableURL = binary
    p.arguments = [script.path]
    p.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { $1 }
    p.standardInput = FileHandle.nullDevice
    p.standardOutput = try FileHandle(forWritingTo: outURL)
    p.standardError = try FileHandle(forWritingTo: errURL)
    try p.run()
    defer { if p.isRunning { p.terminate() } }
    let deadline = Date().addingTimeInterval(timeout)
    while !FileManager.default.fileExists(atPath: marker) && p.isRunning && Date() < deadline {
      usleep(20_000)
    }
    var sent = Date()
    for k in 0..<presses {
      usleep(useconds_t((k == 0 ? pause : 0.3) * 1e6))
      sent = Date()
      kill(p.processIdentifier, SIGINT)
    }
    while p.isRunning && Date() < deadline { usleep(20_000) }
    let delay = Date().timeIntervalSince(sent)
    if p.isRunning {
      XCTFail("fsl still runs \(timeout) s after the start", file: file, line: line)
      p.terminate()
    }
    p.waitUntilExit()
    let read = { (u: URL) in (try? String(contentsOf: u, encoding: .utf8)) ?? "" }
    return Interrupted(
      status: p.terminationStatus, out: read(outURL), err: read(errURL), delay: delay)
  }

  func testCtrlCStopsAPureLoopWithTraceback() throws {
    let r = try interrupt(
      """
      fn spin(n)
        write_text("MARKER", "")
        s = 0
        for i in range(n) s += i % 7 end
        return s
      end
      print(spin(1e12))
      print("finished")
      """)
    XCTAssertEqual(r.status, 130, r.err)
    XCTAssertFalse(r.out.contains("finished"), r.out)
    XCTAssertTrue(r.err.contains("script.fsl:4:12: error: Interrupted: interrupted"), r.err)
    XCTAssertTrue(r.err.contains("call stack (innermost first):"), r.err)
    XCTAssertTrue(r.err.contains("in <main> at "), r.err)
    XCTAssertLessThan(r.delay, 10, r.err)
  }

  func testCtrlCEndsFedSimulateAtARoundAndReturnsTheRoundsDone() throws {
    let r = try interrupt(
      """
      loss = (w, x, y) -> mean(0.5 * x[:, 0] * (w - x[:, 1])^2)
      write_text("MARKER", "")
      r = fed.simulate(2.0, loss, [[[1, 0], [3, 1]], [0, 0]], [[0], [1]], 10000000, 1, 0.1)
      n = len(r.history)
      print(n > 0 and n < 10000000, r.history.round[-1] == n)
      print("finished")
      """)
    XCTAssertEqual(r.status, 0, r.err)
    XCTAssertEqual(r.out, "true true\nfinished\n", r.err)
    XCTAssertTrue(r.err.contains("fed.simulate: interrupted; returning the "), r.err)
    XCTAssertLessThan(r.delay, 10, r.err)
  }

  func testCtrlCEndsGroupShapleyAfterTheIterationsDone() throws {
    let r = try interrupt(
      """
      fn u(s)
        t = 0
        for i in range(2000) t += i end
        return len(s) / 100
      end
      write_text("MARKER", "")
      r = value.group_shapley(100, u, group=5, iters=10000000)
      print(r.iterations > 0, r.iterations < 10000000, abs(sum(r.values) - 5) < 1e-9)
      print("finished")
      """)
    XCTAssertEqual(r.status, 0, r.err)
    XCTAssertEqual(r.out, "true true true\nfinished\n", r.err)
    XCTAssertTrue(r.err.contains("value.group_shapley: interrupted after "), r.err)
    XCTAssertLessThan(r.delay, 10, r.err)
  }

  func testCtrlCInATopLevelWhileLoopNamesItsCondition() throws {
    let r = try interrupt(
      """
      write_text("MARKER", "")
      i = 0
      while i >= 0
        i = i + 1
      end
      print("finished")
      """)
    XCTAssertEqual(r.status, 130, r.err)
    XCTAssertFalse(r.out.contains("finished"), r.out)
    XCTAssertTrue(r.err.contains("script.fsl:3:7: error: Interrupted: interrupted"), r.err)
    XCTAssertLessThan(r.delay, 10, r.err)
  }

  func testCtrlCStopsALoopOfSlowOperationsAtTheNextIteration() throws {
    // One `@` per iteration and no builtin call: only the loop's own check can stop it (it used
    // to look every 1024 iterations, so these 400 ran to the end).
    let r = try interrupt(
      """
      a = randn(700, 700)
      write_text("MARKER", "")
      for i in range(400)
        x = a @ a
      end
      print("finished")
      """)
    XCTAssertEqual(r.status, 130, r.err)
    XCTAssertFalse(r.out.contains("finished"), r.out)
    XCTAssertTrue(r.err.contains("script.fsl:3:10: error: Interrupted"), r.err)
    XCTAssertLessThan(r.delay, 5, "not stopped promptly: \(r.err)")
  }

  func testCtrlCStopsALongSortWithAnError() throws {
    // Uninterrupted, this sort takes about 5 s in a debug build (0.5 s in release).
    let r = try interrupt(
      """
      x = randn(1e7)
      write_text("MARKER", "")
      y = sort(x)
      print("sorted")
      """, pause: 0.05)
    XCTAssertEqual(r.status, 130, r.err)
    XCTAssertFalse(r.out.contains("sorted"), r.out)
    XCTAssertTrue(r.err.contains("script.fsl:3:5: error: Interrupted"), r.err)
    XCTAssertTrue(r.err.contains("y = sort(x)\n    ^"), r.err)
    XCTAssertLessThan(r.delay, 3, "the sort did not stop promptly: \(r.err)")
  }

  func testSecondCtrlCQuitsABuiltinThatNeverChecks() throws {
    // LAPACK cannot be stopped: the first press waits for the next check, the second quits.
    let r = try interrupt(
      """
      a = randn(1500, 1500)
      write_text("MARKER", "")
      for i in range(50) s = svd(a) end
      print("finished")
      """, presses: 2)
    XCTAssertEqual(r.status, 130, r.err)
    XCTAssertFalse(r.out.contains("finished"), r.out)
    XCTAssertTrue(r.err.contains("Interrupted") || r.err.contains("interrupted again"), r.err)
    XCTAssertLessThan(r.delay, 5, r.err)
  }

  func testReplCtrlCDuringSortLeavesTheNameUnbound() throws {
    // The REPL shows only `Interrupted`; the assignment did not happen, the session goes on.
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: FSLProcess.binary.path), "no fsl binary")
    let home = try tempDir()
    let s = try TmuxSession(
      [FSLProcess.binary.path],
      env: [
        "HOME": home.path, "NO_COLOR": "1", "TERM": "xterm-256color", "FSL_INLINE_IMAGES": "0",
        "INPUTRC": "/dev/null",
      ])
    try s.wait(for: "In [1]: ")
    try s.enter("big = randn(1e7);")
    try s.wait(for: "In [2]: ", timeout: 60)
    try s.enter("x = sort(big)")
    usleep(50_000)
    try s.press("C-c")
    try s.wait(for: "Interrupted")
    try s.wait(for: "In [3]: ")
    try s.enter("x")
    try s.wait(for: "NameError: name 'x' is used before it is assigned")
    try s.enter("len(big)")
    try s.wait(for: "Out[4]: 10000000")
  }
}

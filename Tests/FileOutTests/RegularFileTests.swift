// RegularFile.contents: whole regular files; directories, devices and (by default) FIFOs refused.
import XCTest

@testable import FileOut

final class RegularFileTests: XCTestCase {
  func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "fsl-regular-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
  }

  func assertReadError(_ path: String, _ reason: String, line: UInt = #line) {
    XCTAssertThrowsError(try RegularFile.contents(of: path), line: line) { error in
      XCTAssertEqual("\(error)", "cannot read '\(path)': \(reason)", line: line)
    }
  }

  func testReadsFilesOfEverySize() throws {
    let directory = try temporaryDirectory()
    for size in [0, 1, 4095, 4096, 100_000] {
      let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
      try AtomicFile.write(bytes, to: "\(directory)/f")
      XCTAssertEqual(try RegularFile.contents(of: "\(directory)/f"), bytes)
    }
  }

  func testRefusesWhatIsNotARegularFile() throws {
    assertReadError("/nonexistent/x.txt", "no such file")
    assertReadError("/tmp", "is a directory")
    assertReadError("/dev/zero", "not a regular file")
    let directory = try temporaryDirectory()
    try AtomicFile.write("x".utf8, to: "\(directory)/file")
    assertReadError("\(directory)/file/below", "not a directory")
  }

  func testFIFOsOnlyWhenPipesAreAllowed() throws {
    let fifo = try temporaryDirectory() + "/fifo"
    XCTAssertEqual(mkfifo(fifo, 0o600), 0)
    // Opening does not wait for a writer, so the refusal is immediate.
    assertReadError(fifo, "not a regular file")
    // A reader that opened before the writer sees end-of-file and closes; the writer's write
    // then fails with EPIPE (SIGPIPE ignored here), so it writes again to the next reader.
    signal(SIGPIPE, SIG_IGN)
    let writer = Thread {
      var written = 0
      while written != 5 {
        let fd = open(fifo, O_WRONLY)
        written = "piped".withCString { write(fd, $0, 5) }
        close(fd)
      }
    }
    writer.start()
    usleep(50_000)
    var got: [UInt8] = []
    for _ in 0..<200 where got.isEmpty {
      got = try RegularFile.contents(of: fifo, allowPipes: true)
      if got.isEmpty { usleep(10_000) }
    }
    XCTAssertEqual(String(decoding: got, as: UTF8.self), "piped")
  }
}

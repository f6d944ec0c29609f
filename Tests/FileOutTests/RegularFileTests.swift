// RegularFile.contents and .bytes: whole regular files (large ones mapped); directories, devices
// and (by default) FIFOs refused.
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
    XCTAssertThrowsError(try RegularFile.bytes(of: path), line: line) { error in
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

  func testBytesMapLargeFilesAndReadSmallOnes() throws {
    let directory = try temporaryDirectory()
    let threshold = FileBytes.mapThreshold
    for size in [0, 1, 4096, threshold - 1, threshold, threshold + 12_345] {
      let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
      try AtomicFile.write(bytes, to: "\(directory)/f")
      let read = try RegularFile.bytes(of: "\(directory)/f")
      XCTAssertEqual(read.isMapped, size >= threshold, "\(size)")
      XCTAssertEqual(read.count, size)
      XCTAssertEqual(read.array, bytes, "\(size)")
      read.withUnsafeBytes { XCTAssertEqual(Array($0), bytes, "\(size)") }
    }
    // A regular file whose size says 0 (procfs) is read to its end.
    XCTAssertFalse(try RegularFile.bytes(of: "/proc/self/status").array.isEmpty)
  }

  func testReadsPastASizeThatWasTooSmall() throws {
    // The size taken at open is only a hint: a file that grew is read to its end.
    let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    let path = try temporaryDirectory() + "/grown"
    try AtomicFile.write(bytes, to: path)
    let fd = open(path, O_RDONLY)
    defer { close(fd) }
    XCTAssertEqual(try RegularFile.readAll(fd, path: path, sizeHint: 10), bytes)
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

// AtomicFile / AtomicWriter: publishing, symlinks, permissions, failures, stale temporaries,
// in both modes (O_TMPFILE and the named-temporary fallback).
import XCTest

@testable import FileOut

final class AtomicFileTests: XCTestCase {
  var directory = ""

  override func setUpWithError() throws {
    directory = NSTemporaryDirectory() + "fsl-fileout-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    AtomicFile.forceNamedTemporaries = false
  }

  override func tearDownWithError() throws {
    AtomicFile.forceNamedTemporaries = false
    TargetName.plannedTags = []
    try FileManager.default.removeItem(atPath: directory)
  }

  /// Runs `body` once with O_TMPFILE and once with named temporaries.
  func bothModes(_ body: (_ named: Bool) throws -> Void) throws {
    for named in [false, true] {
      AtomicFile.forceNamedTemporaries = named
      try body(named)
      for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
        try? FileManager.default.removeItem(atPath: directory + "/" + name)
      }
    }
    AtomicFile.forceNamedTemporaries = false
  }

  func listing() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
  }

  func contents(_ path: String) throws -> String {
    String(decoding: try RegularFile.contents(of: path), as: UTF8.self)
  }

  func mode(_ path: String) -> mode_t {
    var info = stat()
    XCTAssertEqual(lstat(path, &info), 0)
    return info.st_mode
  }

  // MARK: publishing

  func testWriteCreatesAndReplacesLeavingOnlyTheTarget() throws {
    try bothModes { named in
      let path = directory + "/out.txt"
      try AtomicFile.write(Array("one".utf8), to: path)
      try AtomicFile.write("two".utf8, to: path)
      XCTAssertEqual(try contents(path), "two", "named: \(named)")
      XCTAssertEqual(try listing(), ["out.txt"], "named: \(named)")
    }
  }

  func testRelativePathWritesInTheCurrentDirectory() throws {
    let old = FileManager.default.currentDirectoryPath
    XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(directory))
    defer { _ = FileManager.default.changeCurrentDirectoryPath(old) }
    try bothModes { _ in
      try AtomicFile.write("x".utf8, to: "bare.txt")
      XCTAssertEqual(try listing(), ["bare.txt"])
    }
  }

  func testStreamingWritesLargerThanTheBufferArriveInOrder() throws {
    try bothModes { _ in
      let path = directory + "/big.bin"
      var expected: [UInt8] = []
      try AtomicFile.write(to: path) { writer in
        for i in 0..<50 {
          let chunk = [UInt8](repeating: UInt8(i), count: i * 5_000 + 1)
          try writer.write(chunk)
          expected += chunk
        }
      }
      XCTAssertEqual(try RegularFile.contents(of: path), expected)
    }
  }

  func testNothingIsVisibleUnderTheTargetUntilCommit() throws {
    try bothModes { named in
      let path = directory + "/late.txt"
      let writer = try AtomicWriter(path: path)
      try writer.write(Array("data".utf8))
      try writer.flush()
      XCTAssertFalse(FileManager.default.fileExists(atPath: path))
      // O_TMPFILE: no name at all; fallback: only the hidden temporary.
      let names = try listing()
      if named {
        XCTAssertEqual(names.count, 1)
        XCTAssertTrue(names[0].hasPrefix(".late.txt.fsl-tmp-\(getpid())-"), names[0])
      } else {
        XCTAssertEqual(names, [])
      }
      try writer.commit()
      XCTAssertEqual(try listing(), ["late.txt"])
    }
  }

  // MARK: failures

  func testFailingBodyKeepsTheOldFileAndLeavesNoTemporary() throws {
    struct Stop: Error {}
    try bothModes { _ in
      let path = directory + "/keep.txt"
      try AtomicFile.write("old".utf8, to: path)
      XCTAssertThrowsError(
        try AtomicFile.write(to: path) { writer in
          try writer.write([UInt8](repeating: 7, count: 200_000))
          throw Stop()
        }
      ) { XCTAssertTrue($0 is Stop) }
      XCTAssertEqual(try contents(path), "old")
      XCTAssertEqual(try listing(), ["keep.txt"])
    }
  }

  func testDiscardedWriterLeavesNothing() throws {
    try bothModes { _ in
      do {
        let writer = try AtomicWriter(path: directory + "/never.txt")
        try writer.write(Array("x".utf8))
      }
      XCTAssertEqual(try listing(), [])
    }
  }

  func testMissingDirectoryNamesTheTargetAndTheReason() throws {
    try bothModes { _ in
      let path = directory + "/missing/x.txt"
      XCTAssertThrowsError(try AtomicFile.write("x".utf8, to: path)) { error in
        XCTAssertEqual("\(error)", "cannot write '\(path)': No such file or directory")
        XCTAssertEqual((error as? FileIOError)?.code, ENOENT)
      }
      XCTAssertEqual(try listing(), [])
    }
  }

  func testDirectoryTargetIsAnError() throws {
    try FileManager.default.createDirectory(
      atPath: directory + "/d/inside", withIntermediateDirectories: true)
    for path in [directory + "/d", directory + "/d/", ""] {
      XCTAssertThrowsError(try AtomicFile.write("x".utf8, to: path)) { error in
        XCTAssertTrue("\(error)".hasPrefix("cannot write '\(path)': "), "\(error)")
      }
    }
    XCTAssertEqual(try listing(), ["d"])
  }

  func testFullDeviceSaysNoSpaceLeft() throws {
    try XCTSkipUnless(FileManager.default.fileExists(atPath: "/dev/full"), "no /dev/full")
    let bytes = [UInt8](repeating: 1, count: 10)
    XCTAssertThrowsError(try AtomicFile.write(bytes, to: "/dev/full")) { error in
      XCTAssertEqual("\(error)", "cannot write '/dev/full': No space left on device")
    }
    var info = stat()
    XCTAssertEqual(stat("/dev/full", &info), 0)
    XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "/dev/full must still be a device")
  }

  func testDevicesAreWrittenDirectlyNotReplaced() throws {
    try AtomicFile.write("discarded".utf8, to: "/dev/null")
    let link = directory + "/null-link"
    XCTAssertEqual(symlink("/dev/null", link), 0)
    try AtomicFile.write("discarded".utf8, to: link)
    XCTAssertEqual(mode(link) & S_IFMT, S_IFLNK, "a link to a device stays a link")
    XCTAssertEqual(try listing(), ["null-link"])
  }

  func testStreamsBehindProcLinksAreAppendedToNotReplaced() throws {
    // `/dev/fd/N` (like /dev/stdout when a shell redirected it to a file) leads through /proc
    // to a regular file: write into that file, never replace the link.
    let log = directory + "/log.txt"
    try AtomicFile.write("start\n".utf8, to: log)
    let fd = open(log, O_WRONLY | O_APPEND)
    defer { close(fd) }
    for path in ["/dev/fd/\(fd)", "/proc/self/fd/\(fd)"] {
      try AtomicFile.write("line\n".utf8, to: path)
    }
    XCTAssertEqual(try contents(log), "start\nline\nline\n")
    XCTAssertEqual(mode("/dev/fd") & S_IFMT, S_IFLNK)
    XCTAssertEqual(try listing(), ["log.txt"])
  }

  // MARK: symlinks

  func testSymlinkAtTheTargetIsReplacedAndItsFileUntouched() throws {
    try bothModes { _ in
      let victim = directory + "/victim.txt"
      let path = directory + "/out.txt"
      try AtomicFile.write("precious".utf8, to: victim)
      XCTAssertEqual(symlink(victim, path), 0)
      try AtomicFile.write("new".utf8, to: path)
      XCTAssertEqual(try contents(victim), "precious")
      XCTAssertEqual(mode(path) & S_IFMT, S_IFREG)
      XCTAssertEqual(try contents(path), "new")
      // A dangling link is replaced too.
      let dangling = directory + "/dangling.txt"
      XCTAssertEqual(symlink(directory + "/nowhere", dangling), 0)
      try AtomicFile.write("d".utf8, to: dangling)
      XCTAssertEqual(mode(dangling) & S_IFMT, S_IFREG)
      XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/nowhere"))
    }
  }

  func testSymlinksPlantedAtTemporaryNamesAreNeverFollowed() throws {
    try bothModes { named in
      let victim = directory + "/victim.txt"
      try AtomicFile.write("precious".utf8, to: victim)
      let path = directory + "/out.txt"
      let tags: [UInt64] = [0xdead_beef, 0xfeed_face]
      // The first two names the writer will try are symlinks to the victim.
      for tag in tags {
        let name = "\(directory)/.out.txt.fsl-tmp-\(getpid())-00000000\(String(tag, radix: 16))"
        XCTAssertEqual(symlink(victim, name), 0)
      }
      // Also the predictable names older writers used.
      XCTAssertEqual(symlink(victim, "\(directory)/.out.txt.\(getpid()).tmp"), 0)
      TargetName.plannedTags = tags
      try AtomicFile.write("new".utf8, to: path)
      XCTAssertEqual(try contents(victim), "precious", "named: \(named)")
      XCTAssertEqual(mode(path) & S_IFMT, S_IFREG)
      XCTAssertEqual(try contents(path), "new")
      XCTAssertTrue(TargetName.plannedTags.isEmpty, "both planted names were tried")
    }
  }

  // MARK: permissions

  func testNewFilesGetModeMaskedByUmask() throws {
    try bothModes { _ in
      let old = umask(0o022)
      defer { umask(old) }
      try AtomicFile.write("x".utf8, to: directory + "/data")
      XCTAssertEqual(mode(directory + "/data") & 0o777, 0o644)
      try AtomicFile.write("x".utf8, to: directory + "/private", mode: 0o600)
      XCTAssertEqual(mode(directory + "/private") & 0o777, 0o600)
      umask(0o077)
      try AtomicFile.write("x".utf8, to: directory + "/strict")
      XCTAssertEqual(mode(directory + "/strict") & 0o777, 0o600)
      umask(0)
      try AtomicFile.write("x".utf8, to: directory + "/open")
      XCTAssertEqual(mode(directory + "/open") & 0o777, 0o666)
    }
  }

  // MARK: stale temporaries

  func testStaleTemporariesOfDeadWritersAreRemoved() throws {
    try bothModes { _ in
      let dead = pid_t(Int32.max - 1)  // above pid_max: no such process
      let stale = "\(directory)/.x.npy.fsl-tmp-\(dead)-0123456789abcdef"
      let legacy = "\(directory)/.x.npy.tmp-\(dead)-k3x9"
      let alive = "\(directory)/.x.npy.fsl-tmp-\(getpid())-0000000000000001"
      let locked = "\(directory)/.x.npy.fsl-tmp-\(dead)-0000000000000002"
      let other = "\(directory)/.y.npy.fsl-tmp-\(dead)-0000000000000003"
      for file in [stale, legacy, alive, locked, other] {
        try AtomicFile.write("junk".utf8, to: file)
      }
      let lock = open(locked, O_RDONLY)
      XCTAssertEqual(flock(lock, LOCK_EX), 0)
      defer { close(lock) }
      try AtomicFile.write("new".utf8, to: directory + "/x.npy")
      XCTAssertEqual(
        try listing(),
        [
          ".x.npy.fsl-tmp-\(getpid())-0000000000000001",
          ".x.npy.fsl-tmp-\(dead)-0000000000000002",
          ".y.npy.fsl-tmp-\(dead)-0000000000000003", "x.npy",
        ].sorted())
    }
  }

  func testOwnerPIDParsing() {
    XCTAssertEqual(TargetName.ownerPID("123-abc"), 123)
    XCTAssertNil(TargetName.ownerPID("123"))
    XCTAssertNil(TargetName.ownerPID("abc-123"))
    XCTAssertNil(TargetName.ownerPID("123-"))
    XCTAssertNil(TargetName.ownerPID("123-a.b"))
    XCTAssertNil(TargetName.ownerPID("0-abc"))
  }

  func testLongNamesGetTemporariesThatFit() throws {
    try bothModes { _ in
      let name = String(repeating: "é", count: 120)  // 240 bytes
      try AtomicFile.write("x".utf8, to: "\(directory)/\(name)")
      XCTAssertEqual(try listing(), [name])
    }
  }
}

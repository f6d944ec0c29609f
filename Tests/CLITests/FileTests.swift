// Script files that are not scripts (a directory, a device, bad UTF-8) and kill -9 during a
// large save: nothing half-written stays behind (Sources/FileOut/README.md).
import Foundation
import XCTest

final class FileTests: XCTestCase {
  var binary: URL { FSLProcess.binary }

  func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("fsl-files-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
  }

  func testDirectoryAsScriptSaysSoAndExits66() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let r = try FSLProcess.run(["/tmp"])
    XCTAssertEqual(r.status, 66)
    XCTAssertEqual(r.err, "fsl: cannot open '/tmp': is a directory\n")
    let device = try FSLProcess.run(["/dev/zero"])
    XCTAssertEqual(device.status, 66)
    XCTAssertEqual(device.err, "fsl: cannot open '/dev/zero': not a regular file\n")
    let missing = try FSLProcess.run(["/nonexistent/x.fsl"])
    XCTAssertEqual(missing.err, "fsl: cannot open '/nonexistent/x.fsl': no such file\n")
  }

  func testScriptFromAPipeRuns() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let r = try FSLProcess.run(["/dev/stdin"], stdin: "print(6 * 7)\n")
    XCTAssertEqual(r.status, 0, r.err)
    XCTAssertEqual(r.out, "42\n")
  }

  func testInvalidUTF8ScriptExits65WithTheOffset() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let path = try temporaryDirectory() + "/bad.fsl"
    let bytes = Array("x = 1\ns = \"".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let r = try FSLProcess.run([path])
    XCTAssertEqual(r.status, 65)
    XCTAssertEqual(
      r.err, "fsl: '\(path)' is not UTF-8 text: invalid byte 0xc3 at offset 11 (line 2)\n")
  }

  func testInvalidUTF8OnStandardInputExits65() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let p = Process()
    p.executableURL = binary
    p.arguments = []
    let input = Pipe()
    let err = Pipe()
    p.standardInput = input
    p.standardOutput = FileHandle.nullDevice
    p.standardError = err
    try p.run()
    input.fileHandleForWriting.write(Data(Array("print(1)\n".utf8) + [0xFF]))
    try input.fileHandleForWriting.close()
    let message = String(
      decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 65)
    XCTAssertEqual(
      message, "fsl: standard input is not UTF-8 text: invalid byte 0xff at offset 9 (line 2)\n")
  }

  func testWritingToRedirectedStdoutKeepsDevStdout() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    var info = stat()
    try XCTSkipUnless(
      lstat("/dev/stdout", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK,
      "/dev/stdout is not a symlink here")
    // Like `fsl … >> out.txt`: /dev/stdout leads through /proc/self/fd/1 to a regular file,
    // which must be written, not replaced (replacing would turn /dev/stdout into a file).
    let out = try temporaryDirectory() + "/out.txt"
    XCTAssertTrue(FileManager.default.createFile(atPath: out, contents: nil))
    let fd = open(out, O_WRONLY | O_APPEND)
    let p = Process()
    p.executableURL = binary
    p.arguments = ["-e", "print(\"before\"); write_text(\"/dev/stdout\", \"direct\\n\")"]
    p.standardOutput = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    try p.run()
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 0)
    XCTAssertEqual(lstat("/dev/stdout", &info), 0)
    XCTAssertEqual(info.st_mode & S_IFMT, S_IFLNK, "/dev/stdout must stay a symlink")
    let text = try String(contentsOfFile: out, encoding: .utf8)
    XCTAssertEqual(text.split(separator: "\n").sorted(), ["before", "direct"])
  }

  // MARK: kill -9 during a large save

  /// Starts `fsl -e code`, waits until `ready()` is true (or 20 s), kills it with SIGKILL.
  func killDuringSave(_ code: String, environment: [String: String], ready: (pid_t) -> Bool)
    throws
  {
    let p = Process()
    p.executableURL = binary
    p.arguments = ["-e", code]
    p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    let deadline = Date().addingTimeInterval(20)
    while p.isRunning && !ready(p.processIdentifier) && Date() < deadline {
      usleep(2_000)
    }
    XCTAssertTrue(p.isRunning, "the save finished before it could be killed")
    kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
    XCTAssertEqual(p.terminationReason, .uncaughtSignal)
  }

  func testKillDuringSaveLeavesNoTemporary() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let directory = try temporaryDirectory()
    // Killed once its unnamed (O_TMPFILE) file in `directory` is open: /proc/PID/fd shows it.
    try killDuringSave(
      "save(\"\(directory)/big.npy\", zeros(5e7))", environment: [:]
    ) { pid in
      let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
      return fds.contains { fd in
        let target = try? FileManager.default.destinationOfSymbolicLink(
          atPath: "/proc/\(pid)/fd/\(fd)")
        return target?.hasPrefix(directory + "/#") ?? false
      }
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
  }

  func testKillDuringSaveWithNamedTemporariesIsCleanedByTheNextSave() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let directory = try temporaryDirectory()
    let environment = ["FSL_NO_TMPFILE": "1"]
    try killDuringSave(
      "save(\"\(directory)/big.npy\", zeros(5e7))", environment: environment
    ) { _ in
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
      return names.contains { $0.hasPrefix(".big.npy.fsl-tmp-") }
    }
    let left = try FileManager.default.contentsOfDirectory(atPath: directory)
    XCTAssertEqual(left.count, 1)
    XCTAssertTrue(left.allSatisfy { $0.hasPrefix(".big.npy.fsl-tmp-") }, "\(left)")
    let p = Process()
    p.executableURL = binary
    p.arguments = ["-e", "save(\"\(directory)/big.npy\", [1, 2])"]
    p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    try p.run()
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 0)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["big.npy"])
  }
}

// Runs the built `fsl` executable (next to this test bundle: swift test builds both into one
// folder) as a user would, capturing its exit status, stdout and stderr.
import Foundation

struct FSLRun {
  var status: Int32
  var out: String
  var err: String
}

enum FSLProcess {
  static var binary: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("fsl")
  }

  /// `fsl args…` with NO_COLOR set; `stdin` (when given) is written to a pipe and closed,
  /// otherwise the test's own stdin is inherited.
  static func run(
    _ args: [String], stdin: String? = nil, in directory: URL? = nil,
    environment: [String: String] = [:]
  ) throws -> FSLRun {
    let p = Process()
    p.executableURL = binary
    p.arguments = args
    if let d = directory { p.currentDirectoryURL = d }
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    p.environment = env.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    let input = stdin.map { _ in Pipe() }
    if let input = input { p.standardInput = input }
    try p.run()
    if let input = input, let s = stdin {
      input.fileHandleForWriting.write(Data(s.utf8))
      try input.fileHandleForWriting.close()
    }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return FSLRun(
      status: p.terminationStatus, out: String(decoding: o, as: UTF8.self),
      err: String(decoding: e, as: UTF8.self))
  }
}

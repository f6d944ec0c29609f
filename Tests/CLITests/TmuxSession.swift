// Drives the real `fsl` REPL in a pseudo-terminal through tmux (send-keys, capture-pane).
// Each session runs on its own tmux server socket, so tests never touch a user's tmux.
import Foundation
import XCTest

final class TmuxSession {
  let tmux: String
  /// The server's socket, in the temporary folder (removed when the session ends).
  let socket = FileManager.default.temporaryDirectory
    .appendingPathComponent("fsl-tmux-\(UUID().uuidString.prefix(8))").path
  let name = "repl"

  /// The tmux executable, or nil when it is not installed (tests then skip).
  static var executable: String? {
    for p in ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]
    where FileManager.default.isExecutableFile(atPath: p) {
      return p
    }
    return nil
  }

  /// Starts `command` (argv) in a 120×50 terminal with `env` added to the environment.
  init(_ command: [String], env: [String: String]) throws {
    guard let t = TmuxSession.executable else {
      throw XCTSkip(
        "tmux is not installed (scripts/setup installs it): REPL terminal tests skipped")
    }
    tmux = t
    let assignments = env.sorted { $0.key < $1.key }.map {
      "\($0.key)=\(TmuxSession.quote($0.value))"
    }
    // The shell shows the exit status once the program ends (tmux 3.3 leaves
    // #{pane_dead_status} empty here).
    let line =
      (["env"] + assignments + command.map(TmuxSession.quote)).joined(separator: " ")
      + "; echo \"[exited $?]\""
    // The tmux server forked here inherits the client's stdout: give it /dev/null, not a pipe
    // (a pipe would never reach end-of-file while the server lives).
    try run(["new-session", "-d", "-s", name, "-x", "120", "-y", "50", line], capture: false)
    try run(["set-option", "-t", name, "remain-on-exit", "on"])
  }

  deinit {
    _ = try? run(["kill-server"], capture: false)
    unlink(socket)
  }

  static func quote(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  @discardableResult
  func run(_ args: [String], capture: Bool = true) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tmux)
    p.arguments = ["-S", socket] + args
    p.standardError = FileHandle.nullDevice
    p.standardInput = FileHandle.nullDevice
    guard capture else {
      try TmuxSession.spawnAndWait([tmux, "-S", socket] + args)
      return ""
    }
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  /// Runs argv with stdin/stdout/stderr on /dev/null and waits for it. Foundation's Process
  /// is not used here: it never returns from waiting on a tmux client whose forked server
  /// outlives it.
  static func spawnAndWait(_ argv: [String]) throws {
    var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { for a in cargs { free(a) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, argv[0], &actions, nil, &cargs, environ)
    guard rc == 0 else {
      throw NSError(
        domain: "tmux", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "posix_spawn failed"])
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
  }

  /// Types `text` literally (no key-name lookup: `end` is not the End key).
  func type(_ text: String) throws {
    // tmux reads a trailing ';' as a command separator unless escaped.
    let arg = text.hasSuffix(";") ? String(text.dropLast()) + "\\;" : text
    try run(["send-keys", "-t", name, "-l", "--", arg])
  }

  /// Presses keys by tmux name: "Enter", "Tab", "C-c", "C-d", "Up".
  func press(_ keys: String...) throws {
    try run(["send-keys", "-t", name] + keys)
  }

  /// Types a line and presses Enter.
  func enter(_ line: String) throws {
    try type(line)
    try press("Enter")
  }

  /// The visible screen and scrollback, trailing blank lines removed.
  func screen() throws -> String {
    let text = try run(["capture-pane", "-p", "-t", name, "-S", "-200"])
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    while let l = lines.last, l.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
    return lines.joined(separator: "\n")
  }

  /// Waits until the screen satisfies `condition` (up to `timeout` seconds); returns the screen.
  @discardableResult
  func wait(
    for description: String, timeout: Double = 15, file: StaticString = #filePath,
    line: UInt = #line,
    _ condition: (String) -> Bool
  ) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var last = ""
    while Date() < deadline {
      last = try screen()
      if condition(last) { return last }
      usleep(50_000)
    }
    XCTFail("timed out waiting for \(description); screen:\n\(last)", file: file, line: line)
    return last
  }

  /// Waits until the screen contains `text`.
  @discardableResult
  func wait(
    for text: String, timeout: Double = 15, file: StaticString = #filePath, line: UInt = #line
  ) throws -> String {
    // capture-pane drops trailing spaces (prompts end in one).
    var target = text
    while target.hasSuffix(" ") { target.removeLast() }
    return try wait(for: "'\(text)'", timeout: timeout, file: file, line: line) {
      $0.contains(target)
    }
  }

  /// The exit status once the program has ended (nil while it runs).
  func exitStatus() throws -> Int32? {
    let text = try screen()
    guard let r = text.range(of: "[exited ", options: .backwards) else { return nil }
    return Int32(text[r.upperBound...].prefix { $0.isNumber })
  }
}

// A REPL session without a terminal: lines from a list, output and messages collected.
import Foundation
import Interp

@testable import Shell

/// Hands the REPL one line per prompt, then Ctrl-D; records prompts, prefills and history.
final class ScriptedLines: LineSource {
  var lines: [String]
  private(set) var prompts: [String] = []
  private(set) var prefills: [String?] = []
  private(set) var contexts: [String] = []
  private(set) var remembered: [String] = []

  init(_ lines: [String]) { self.lines = lines }

  func read(prompt: String, prefill: String?, context: String) -> ReadResult {
    prompts.append(prompt)
    prefills.append(prefill)
    contexts.append(context)
    guard !lines.isEmpty else { return .eof }
    return .line(lines.removeFirst())
  }

  func remember(_ input: String) { remembered.append(input) }
}

/// Collects what a session writes (stdout) and its messages (stderr, one per line).
final class Transcript: Console {
  private(set) var out = ""
  private(set) var errors: [String] = []
  func write(_ s: String) { out += s }
  func error(_ line: String) { errors.append(line) }
  var err: String { errors.joined(separator: "\n") }
}

/// A temporary folder removed when the test ends.
func temporaryFolder(_ tag: String) throws -> String {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("fsl-shell-\(tag)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url.path
}

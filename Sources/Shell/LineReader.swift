import CInterrupt
// GNU readline for the REPL: line editing, history, tab completion, and Ctrl-C at the prompt.
//
// Readline's callback interface is used instead of `readline()`: the REPL polls stdin itself,
// so a SIGINT (whose handler, in CInterrupt, only sets a flag and interrupts `poll`) can clear
// the line without readline's own signal handling or a longjmp. All readline globals are
// touched here only (they are not concurrency-safe in Swift 6 terms; docs/design.md §"Targets").
@preconcurrency import CReadline
import Foundation
import Interp

/// What one prompt produced.
enum ReadResult: Equatable {
  case line(String)
  /// Ctrl-D on an empty line, or stdin closed.
  case eof
  /// Ctrl-C: the line (and any pending multi-line input) is dropped.
  case interrupted
}

/// Reads lines with readline; one instance per REPL session.
final class LineReader: LineSource {
  /// Completes the source text before the cursor (`contextPrefix` + the line so far).
  typealias CompleteFunction = (String) -> Completion

  /// Earlier lines of a multi-line input, ending in a newline, for completion context.
  static var contextPrefix = ""
  static var completer: CompleteFunction?
  private static var received: ReadResult?
  private static var current: Completion?
  /// Readline keeps the pointers a word-break hook returns, so these live for the process.
  private static let codeBreaks = strdup(Completer.codeWordBreaks)
  private static let stringBreaks = strdup(Completer.stringWordBreaks)

  let history: History

  init(history: History) {
    self.history = history
    rl_readline_name = UnsafePointer(strdup("fsl"))
    // Our SIGINT handler stays in charge; readline may still track window resizes.
    rl_catch_signals = 0
    rl_catch_sigwinch = 1
    rl_attempted_completion_function = LineReader.attemptCompletion
    rl_completion_word_break_hook = LineReader.wordBreaks
    rl_completion_display_matches_hook = LineReader.displayMatches
    rl_basic_word_break_characters = UnsafePointer(LineReader.codeBreaks)
    using_history()
    stifle_history(Int32(history.limit))
    for entry in history.load() { add_history(entry) }
  }

  /// Shows `prompt` and reads one line; `prefill` starts the line with text (`%load`);
  /// `context` (the input's earlier lines) goes before the line when completing.
  func read(prompt: String, prefill: String? = nil, context: String = "") -> ReadResult {
    LineReader.contextPrefix = context
    LineReader.received = nil
    rl_callback_handler_install(prompt, LineReader.lineHandler)
    if let text = prefill {
      rl_insert_text(text)
      rl_redisplay()
    }
    defer { rl_callback_handler_remove() }
    while true {
      if fsl_interrupt_pending() != 0 {
        fsl_interrupt_set(0)
        // Leave the abandoned line on screen, marked, and start afresh below it.
        rl_point = rl_end
        rl_redisplay()
        fputs("^C\n", stdout)
        fflush(stdout)
        rl_callback_sigcleanup()
        rl_free_line_state()
        rl_replace_line("", 0)
        rl_callback_handler_remove()
        return .interrupted
      }
      var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
      // A timeout bounds the window in which a SIGINT arriving just before `poll` is missed.
      let r = poll(&fds, 1, 200)
      if r < 0 {
        if errno == EINTR { continue }
        return .eof
      }
      if r == 0 { continue }
      if fds.revents & Int16(POLLIN | POLLHUP) == 0 { continue }
      rl_callback_read_char()
      if let got = LineReader.received { return got }
    }
  }

  /// Adds a finished input to the history list and the history file.
  func remember(_ input: String) {
    guard !input.isEmpty else { return }
    if history_length > 0, let last = history_get(history_base + history_length - 1),
      let line = last.pointee.line, String(cString: line) == input
    {
      return
    }
    add_history(input)
    history.append(input)
  }

  private static let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = {
    line in
    // Removing the handler here stops readline from printing the prompt again at once.
    rl_callback_handler_remove()
    guard let line = line else {
      LineReader.received = .eof
      return
    }
    LineReader.received = .line(String(cString: line))
    free(line)
  }

  /// The text before the cursor, earlier lines of the input included.
  private static func textBeforeCursor() -> String {
    guard let buffer = rl_line_buffer else { return contextPrefix }
    let n = Int(max(0, rl_point))
    let bytes = UnsafeRawBufferPointer(start: buffer, count: n)
    return contextPrefix + String(decoding: bytes, as: UTF8.self)
  }

  /// Called before readline finds the word to complete: inside a string the word starts after
  /// the quote (paths contain `/`), elsewhere at the last non-identifier character.
  private static let wordBreaks: @convention(c) () -> UnsafeMutablePointer<CChar>? = {
    let c = LineReader.completer?(LineReader.textBeforeCursor())
    LineReader.current = c
    return (c?.inString ?? false) ? LineReader.stringBreaks : LineReader.codeBreaks
  }

  private static let attemptCompletion:
    @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<
      UnsafeMutablePointer<CChar>?
    >? = { text, _, _ in
      rl_attempted_completion_over = 1
      guard let c = LineReader.current ?? LineReader.completer?(LineReader.textBeforeCursor())
      else { return nil }
      LineReader.current = nil
      let typed = text.map { String(cString: $0) } ?? ""
      // Readline replaces `typed`; candidates replace `c.word`, which ends with it.
      let cut = c.word.utf8.count - typed.utf8.count
      guard cut >= 0, !c.candidates.isEmpty else { return nil }
      let options = c.candidates.map {
        String(decoding: Array($0.utf8).dropFirst(cut), as: UTF8.self)
      }
      rl_completion_append_character = options.count == 1 ? Int32(c.suffix.utf8.first ?? 0) : 0
      return LineReader.matchArray(options)
    }

  /// Lists candidates by their last part (`figure`, not `plot.figure`; `data.csv`, not
  /// `runs/data.csv`), as IPython does.
  private static let displayMatches:
    @convention(c) (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, Int32, Int32) -> Void = {
      matches, count, _ in
      guard let matches = matches, count > 0 else { return }
      var shown: [String] = []
      for i in 1...Int(count) {
        let full = matches[i].map { String(cString: $0) } ?? ""
        var body = Substring(full)
        let trailingSlash = body.hasSuffix("/")
        if trailingSlash { body = body.dropLast() }
        let cut = body.lastIndex { $0 == "." || $0 == "/" }.map { body.index(after: $0) }
        shown.append(String(body[(cut ?? body.startIndex)...]) + (trailingSlash ? "/" : ""))
      }
      guard let array = LineReader.cArray([""] + shown) else { return }
      rl_display_match_list(array, count, Int32(shown.map(\.utf8.count).max() ?? 0))
      for i in 0...Int(count) { free(array[i]) }
      free(array)
      rl_forced_update_display()
    }

  /// Readline's match array: the longest common prefix, then every match (a sole match
  /// stands alone), then NULL.
  private static func matchArray(_ options: [String]) -> UnsafeMutablePointer<
    UnsafeMutablePointer<CChar>?
  >? {
    guard let first = options.first else { return nil }
    var common = Array(first.utf8)
    for o in options.dropFirst() {
      let b = Array(o.utf8)
      var i = 0
      while i < common.count && i < b.count && common[i] == b[i] { i += 1 }
      common = Array(common[..<i])
    }
    let prefix = String(decoding: common, as: UTF8.self)
    return cArray(options.count == 1 ? options : [prefix] + options)
  }

  /// A malloc'd, NULL-terminated array of strdup'd strings (readline frees match arrays).
  private static func cArray(_ strings: [String]) -> UnsafeMutablePointer<
    UnsafeMutablePointer<CChar>?
  >? {
    let n = strings.count + 1
    guard let raw = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * n) else {
      return nil
    }
    let array = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: n)
    for (i, s) in strings.enumerated() { array[i] = strdup(s) }
    array[strings.count] = nil
    return array
  }
}

/// The persistent history file (`~/.fsl_history`, `$HOME` honoured): one input per line with
/// `\` and newlines escaped, the newest `limit` kept. Each input is appended by rewriting the
/// file through a temporary file and a rename, merged with what other sessions wrote meanwhile,
/// so a crash or a second REPL never leaves a truncated file.
final class History {
  let path: String
  let limit: Int
  private var warned = false

  init(path: String? = nil, limit: Int = 1000) {
    let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
    self.path = path ?? (home as NSString).appendingPathComponent(".fsl_history")
    self.limit = limit
  }

  /// The saved entries, oldest first.
  func load() -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
    return lines.suffix(limit).map { History.unescape(String($0)) }
  }

  func append(_ entry: String) {
    let entries = Array((load() + [entry]).suffix(limit))
    let text = entries.map(History.escape).joined(separator: "\n") + "\n"
    do {
      try writeAtomically(Data(text.utf8), to: path, permissions: 0o600)
    } catch {
      if !warned { printError("fsl: cannot save history to \(path): \(error)") }
      warned = true
    }
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
  }

  static func unescape(_ s: String) -> String {
    var out = ""
    var escaped = false
    for ch in s {
      if escaped {
        out.append(ch == "n" ? "\n" : ch)
        escaped = false
      } else if ch == "\\" {
        escaped = true
      } else {
        out.append(ch)
      }
    }
    return out
  }
}

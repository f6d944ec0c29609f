// Errors from rendering and writing figures: Cairo status codes and file-system failures.

import FileOut

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a figure could not be rendered or saved; `description` is the user-facing message.
public enum PlotError: Error, Equatable, CustomStringConvertible, Sendable {
  /// Cairo reported a failure status (the text is `cairo_status_to_string`).
  case cairo(String)
  /// Writing `path` failed.
  case write(path: String, reason: String)
  /// Reading `path` failed (or it is not a valid file of the expected kind).
  case read(path: String, reason: String)
  /// The surface or file is not something this code handles (e.g. an A8 image surface).
  case unsupported(String)
  /// A plotting call got bad input; the text names the call and argument, e.g.
  /// `line: 'x' has 3 values but 'y' has 4`.
  case invalid(String)

  /// One-line message, e.g. `cannot write 'fig.png': No such file or directory`.
  public var description: String {
    switch self {
    case .cairo(let message): return "cairo: \(message)"
    case .write(let path, let reason): return "cannot write '\(path)': \(reason)"
    case .read(let path, let reason): return "cannot read '\(path)': \(reason)"
    case .unsupported(let what): return "unsupported: \(what)"
    case .invalid(let message): return message
    }
  }

  /// Whether this is a file-system failure (`.write`/`.read`), shown to users as an IOError
  /// rather than a ValueError.
  public var isFileError: Bool {
    switch self {
    case .write, .read: return true
    case .cairo, .unsupported, .invalid: return false
    }
  }

  /// A FileOut failure as `.write`/`.read`: the target path and the OS reason.
  init(_ error: FileIOError) {
    self =
      error.operation == .write
      ? .write(path: error.path, reason: error.reason)
      : .read(path: error.path, reason: error.reason)
  }

  /// Runs `body`, turning a FileOut failure into a `PlotError`.
  static func catchingFileErrors<T>(_ body: () throws(FileIOError) -> T) throws(PlotError) -> T {
    do { return try body() } catch { throw PlotError(error) }
  }

  /// The text of the current `errno`, e.g. `No such file or directory`.
  static func errnoText() -> String { String(cString: strerror(errno)) }
}

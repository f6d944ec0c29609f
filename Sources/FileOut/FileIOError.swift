// The one error of file input and output: what was done, to which path, and the system's reason.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file that could not be read or written, e.g. `cannot write 'out.png': No space left on
/// device` or `cannot read '/tmp': is a directory`.
///
/// Write reasons are the system's own text (`strerror`); read reasons are lower-case and say
/// the common cases plainly (`no such file`, `is a directory`, `not a regular file`).
public struct FileIOError: Error, CustomStringConvertible, Equatable, Sendable {
  /// Reading or writing.
  public enum Operation: String, Sendable {
    case read, write
  }

  /// What failed.
  public var operation: Operation
  /// The path as the caller gave it (the target, never a temporary name).
  public var path: String
  /// Why, e.g. `No space left on device`.
  public var reason: String
  /// The `errno` value behind `reason`, or 0 when it is not a system error.
  public var code: Int32

  /// An error with an explicit reason.
  public init(_ operation: Operation, path: String, reason: String, code: Int32 = 0) {
    self.operation = operation
    self.path = path
    self.reason = reason
    self.code = code
  }

  /// `cannot write '<path>': <reason>`.
  public var description: String { "cannot \(operation.rawValue) '\(path)': \(reason)" }

  /// A write failure with the system's text for `code`.
  static func write(_ path: String, code: Int32) -> FileIOError {
    FileIOError(.write, path: path, reason: String(cString: strerror(code)), code: code)
  }

  /// A read failure, worded in lower case with plain names for the common cases.
  static func read(_ path: String, code: Int32) -> FileIOError {
    let reason: String
    switch code {
    case ENOENT: reason = "no such file"
    case EISDIR: reason = "is a directory"
    default:
      let text = String(cString: strerror(code))
      reason = text.prefix(1).lowercased() + text.dropFirst()
    }
    return FileIOError(.read, path: path, reason: reason, code: code)
  }
}

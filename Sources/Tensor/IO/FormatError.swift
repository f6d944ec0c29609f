// The two errors of tensor file I/O: a malformed file (FormatError) and a failed system call.

/// A malformed or truncated file: which file, the byte offset where reading failed, and what the
/// reader expected there. Rendered as `x.npy: at byte 8: expected a header length, found end of
/// file`; inside an archive the member is named too (`x.npz: a.npy: at byte 8: …`, the offset
/// then counting from the start of the member's uncompressed bytes).
public struct FormatError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file's path (or the name given to an in-memory reader).
  public var file: String
  /// The archive member the offset refers to, if any.
  public var member: String?
  /// Byte offset from the start of the file (or member).
  public var offset: Int
  /// What the reader expected at `offset`, e.g. "a header length".
  public var expected: String
  /// What it found instead, if that says more than `expected` alone.
  public var found: String?

  public init(
    file: String, member: String? = nil, offset: Int, expected: String, found: String? = nil
  ) {
    self.file = file
    self.member = member
    self.offset = offset
    self.expected = expected
    self.found = found
  }

  public var description: String {
    var text = file
    if let member { text += ": " + member }
    text += ": at byte \(offset): expected \(expected)"
    if let found { text += ", found \(found)" }
    return text
  }
}

/// A file that could not be opened, read, written or renamed, or a value a writer cannot store:
/// `out/x.npy: cannot write: No such file or directory`.
public struct FileError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The path the operation was on.
  public var path: String
  /// What failed and why, e.g. "cannot open: Permission denied".
  public var reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "\(path): \(reason)" }
}

// Source text with byte offsets, and line/column lookup for diagnostics.

/// A half-open byte range `[start, end)` into a `SourceFile`'s UTF-8 bytes.
public struct SourceSpan: Hashable, Sendable {
  public var start: Int
  public var end: Int
  public init(_ start: Int, _ end: Int) {
    self.start = start
    self.end = max(start, end)
  }
  /// The smallest span covering both.
  public func to(_ other: SourceSpan) -> SourceSpan {
    SourceSpan(min(start, other.start), max(end, other.end))
  }
  public static let none = SourceSpan(0, 0)
}

/// A named UTF-8 source text. Line and column numbers are computed on demand.
public final class SourceFile: @unchecked Sendable {
  /// Path or pseudo-name (`<stdin>`, `<repl>`, `-e`).
  public let path: String
  public let text: String
  public let bytes: [UInt8]
  private lazy var lineStarts: [Int] = {
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
    return starts
  }()

  public init(path: String, text: String) {
    self.path = path
    self.text = text
    self.bytes = Array(text.utf8)
  }

  /// 1-based line and column (column counts Unicode scalars) of a byte offset.
  public func location(of offset: Int) -> (line: Int, column: Int) {
    let off = min(max(0, offset), bytes.count)
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= off { lo = mid } else { hi = mid - 1 }
    }
    let start = lineStarts[lo]
    var col = 1
    var i = start
    while i < off {
      // Count only leading bytes of UTF-8 sequences.
      if bytes[i] & 0xC0 != 0x80 { col += 1 }
      i += 1
    }
    return (lo + 1, col)
  }

  /// The text of a 1-based line, without its newline.
  public func lineText(_ line: Int) -> String {
    guard line >= 1, line <= lineStarts.count else { return "" }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
  }

  /// The source text covered by a span.
  public func text(of span: SourceSpan) -> String {
    let s = min(max(0, span.start), bytes.count)
    let e = min(max(s, span.end), bytes.count)
    return String(decoding: bytes[s..<e], as: UTF8.self)
  }
}

extension SourceFile {
  /// The byte offset of the first sequence in `bytes` that is not valid UTF-8 (stray
  /// continuation byte, truncated or overlong sequence, surrogate, above U+10FFFF), or nil
  /// when all of `bytes` is UTF-8. Scripts must be UTF-8; loaders report this offset.
  public static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar): offset += scalar.count
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }
}

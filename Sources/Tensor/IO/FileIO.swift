// Whole-file reads and atomic writes (temp file in the same directory, then rename) for IO/.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Somewhere encoded bytes go: memory (for tests and archives) or a file being written.
protocol ByteSink {
  /// Appends `bytes`.
  mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension ByteSink {
  /// Appends `bytes`.
  mutating func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }
}

/// Collects bytes in memory.
struct MemorySink: ByteSink {
  var bytes: [UInt8] = []

  mutating func write(_ raw: UnsafeRawBufferPointer) {
    bytes.append(contentsOf: raw)
  }
}

/// Writes to an open file descriptor; errors name `path` (the final file, not the temp).
struct FileSink: ByteSink {
  let descriptor: Int32
  let path: String

  mutating func write(_ raw: UnsafeRawBufferPointer) throws {
    guard let base = raw.baseAddress else { return }
    var done = 0
    while done < raw.count {
      let n = systemWrite(descriptor, base + done, raw.count - done)
      if n < 0 {
        if errno == EINTR { continue }
        throw FileError(path: path, reason: "cannot write: \(systemMessage())")
      }
      done += n
    }
  }
}

/// The message for the current `errno`.
private func systemMessage() -> String {
  String(cString: strerror(errno))
}

#if canImport(Glibc)
  private let systemWrite = Glibc.write
  private let systemRead = Glibc.read
  private let systemClose = Glibc.close
#else
  private let systemWrite = Darwin.write
  private let systemRead = Darwin.read
  private let systemClose = Darwin.close
#endif

/// Reading and writing whole files for the tensor formats.
enum FileIO {
  /// The complete contents of the file at `path`.
  static func read(_ path: String) throws -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw FileError(path: path, reason: "cannot open: \(systemMessage())")
    }
    defer { _ = systemClose(descriptor) }
    var info = stat()
    let size = fstat(descriptor, &info) == 0 ? max(Int(info.st_size), 0) : 0
    // One spare byte so that a regular file's end is seen without growing the buffer.
    var out = [UInt8](repeating: 0, count: size + 1)
    var filled = 0
    while true {
      if filled == out.count { out.append(contentsOf: repeatElement(0, count: out.count)) }
      let n = out.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return systemRead(descriptor, base + filled, buffer.count - filled)
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw FileError(path: path, reason: "cannot read: \(systemMessage())")
      }
      if n == 0 { break }
      filled += n
    }
    out.removeLast(out.count - filled)
    return out
  }

  /// Writes the file at `path` atomically: `body` writes into a new temp file in the same
  /// directory, which is renamed over `path` only if everything succeeded. On any failure the
  /// temp file is removed and the error (naming `path`) is rethrown, so `path` is either the
  /// old file or the complete new one, never a partial file.
  static func writeAtomically(_ path: String, _ body: (inout FileSink) throws -> Void) throws {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[...$0]) } ?? ""
    let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
    guard !base.isEmpty else {
      throw FileError(path: path, reason: "cannot write: the path names a directory")
    }
    var temp = ""
    var descriptor: Int32 = -1
    for _ in 0..<100 {
      let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
      temp = "\(directory).\(base).tmp-\(getpid())-\(tag)"
      descriptor = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      if descriptor >= 0 || errno != EEXIST { break }
    }
    guard descriptor >= 0 else {
      throw FileError(path: path, reason: "cannot write: \(systemMessage())")
    }
    do {
      var sink = FileSink(descriptor: descriptor, path: path)
      try body(&sink)
      let closed = systemClose(descriptor)
      descriptor = -1
      if closed != 0 {
        throw FileError(path: path, reason: "cannot write: \(systemMessage())")
      }
      if rename(temp, path) != 0 {
        throw FileError(path: path, reason: "cannot write: \(systemMessage())")
      }
    } catch {
      if descriptor >= 0 { _ = systemClose(descriptor) }
      unlink(temp)
      throw error
    }
  }
}

extension [UInt8] {
  /// Appends each value as 2 little-endian bytes.
  mutating func put16(_ values: UInt16...) {
    for value in values { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
  }

  /// Appends each value as 4 little-endian bytes.
  mutating func put32(_ values: UInt32...) {
    for value in values { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
  }

  /// Appends each value as 8 little-endian bytes.
  mutating func put64(_ values: UInt64...) {
    for value in values { Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) } }
  }
}

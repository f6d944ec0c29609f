// Reading a whole file, refusing what is not one: a directory says "is a directory" and a
// device says "not a regular file" (reading /dev/zero would never end).

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

#if canImport(Glibc)
  private let systemRead = Glibc.read
#else
  private let systemRead = Darwin.read
#endif

/// Whole-file reads with errors that say what the path is.
public enum RegularFile {
  /// The contents of the regular file at `path` (symlinks followed). With `allowPipes`, a
  /// FIFO (a pipe) is read to its end too (`fsl <(generate)`); devices are always refused.
  public static func contents(of path: String, allowPipes: Bool = false) throws(FileIOError)
    -> [UInt8]
  {
    // O_NONBLOCK: opening a FIFO must not wait for a writer before its type is checked.
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
    guard fd >= 0 else { throw FileIOError.read(path, code: errno) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw FileIOError.read(path, code: errno) }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw FileIOError.read(path, code: EISDIR)
    case S_IFIFO where allowPipes:
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    default: throw FileIOError(.read, path: path, reason: "not a regular file")
    }
    return try readAll(fd, path: path, sizeHint: max(Int(info.st_size), 0))
  }

  /// Reads `fd` to its end; `sizeHint` sizes the first buffer (one spare byte sees the end).
  static func readAll(_ fd: Int32, path: String, sizeHint: Int) throws(FileIOError) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: max(sizeHint + 1, 4096))
    var filled = 0
    while true {
      if filled == out.count { out.append(contentsOf: repeatElement(0, count: out.count)) }
      let n = out.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return systemRead(fd, base + filled, buffer.count - filled)
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw FileIOError.read(path, code: errno)
      }
      if n == 0 { break }
      filled += n
    }
    out.removeLast(out.count - filled)
    return out
  }
}

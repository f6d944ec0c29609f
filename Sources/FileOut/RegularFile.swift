// Reading a whole file, refusing what is not one: a directory says "is a directory" and a
// device says "not a regular file" (reading /dev/zero would never end).
//
// Two forms. `contents(of:)` gives an array, read with read(2) straight into uninitialised
// capacity (no zero fill first). `bytes(of:)` gives `FileBytes`, which for a regular file of
// `FileBytes.mapThreshold` bytes or more is the file mapped read-only (MAP_PRIVATE,
// MAP_POPULATE): the page cache's pages, no copy, so a 90 MB model file costs a page-table walk
// instead of a zero fill plus a 90 MB copy. Smaller files, pipes, files whose size changes
// between the checks (`st_size` is read before and after mapping) and file systems that cannot
// map (procfs, some FUSE) are read into memory instead. A mapping sees the file as it is: a
// file truncated by another process while it is in use would raise SIGBUS, as with every
// mapped reader (NumPy's memmap, safetensors, llama.cpp); model loaders convert the bytes once
// and drop the mapping.

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

/// A whole file's bytes, owned: a read-only private mapping or an array. Immutable; the
/// mapping is removed when the last reference goes.
public final class FileBytes {
  private enum Storage {
    case array([UInt8])
    case mapping(UnsafeMutableRawPointer, Int)
  }

  private let storage: Storage

  /// Regular files from this size up are mapped rather than read.
  public static let mapThreshold = 1 << 20

  /// Bytes held in memory (no file behind them).
  public init(_ bytes: [UInt8]) {
    storage = .array(bytes)
  }

  private init(mapping base: UnsafeMutableRawPointer, count: Int) {
    storage = .mapping(base, count)
  }

  /// The number of bytes.
  public var count: Int {
    switch storage {
    case .array(let bytes): return bytes.count
    case .mapping(_, let count): return count
    }
  }

  /// Whether the bytes are a mapping of the file (false: read into memory).
  public var isMapped: Bool {
    if case .mapping = storage { return true }
    return false
  }

  /// Calls `body` with the bytes (valid only during the call).
  public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    switch storage {
    case .array(let bytes): return try bytes.withUnsafeBytes(body)
    case .mapping(let base, let count):
      return try body(UnsafeRawBufferPointer(start: base, count: count))
    }
  }

  /// The bytes as an array (a copy when mapped).
  public var array: [UInt8] {
    switch storage {
    case .array(let bytes): return bytes
    case .mapping(let base, let count):
      return Array(UnsafeRawBufferPointer(start: base, count: count))
    }
  }

  /// The first `size` bytes of `fd` mapped, or nil when mapping fails or the file's size is
  /// no longer `size` once mapped (the caller then reads instead).
  fileprivate static func map(_ fd: Int32, size: Int) -> FileBytes? {
    #if os(Linux)
      let flags = MAP_PRIVATE | MAP_POPULATE
    #else
      let flags = MAP_PRIVATE
    #endif
    guard let base = mmap(nil, size, PROT_READ, flags, fd, 0), base != MAP_FAILED else {
      return nil
    }
    var after = stat()
    guard fstat(fd, &after) == 0, Int(after.st_size) == size else {
      munmap(base, size)
      return nil
    }
    return FileBytes(mapping: base, count: size)
  }

  deinit {
    if case .mapping(let base, let count) = storage { munmap(base, count) }
  }
}

/// Whole-file reads with errors that say what the path is.
public enum RegularFile {
  /// The contents of the regular file at `path` (symlinks followed). With `allowPipes`, a
  /// FIFO (a pipe) is read to its end too (`fsl <(generate)`); devices are always refused.
  public static func contents(of path: String, allowPipes: Bool = false) throws(FileIOError)
    -> [UInt8]
  {
    let (fd, size) = try openChecked(path, allowPipes: allowPipes)
    defer { close(fd) }
    return try readAll(fd, path: path, sizeHint: size)
  }

  /// The bytes of the regular file at `path` (symlinks followed), mapped when it is large
  /// (see the file comment); the same refusals and errors as `contents(of:)`.
  public static func bytes(of path: String) throws(FileIOError) -> FileBytes {
    let (fd, size) = try openChecked(path, allowPipes: false)
    defer { close(fd) }
    if size >= FileBytes.mapThreshold, let mapped = FileBytes.map(fd, size: size) {
      return mapped
    }
    return FileBytes(try readAll(fd, path: path, sizeHint: size))
  }

  /// `path` opened for reading and checked to be a regular file (or, with `allowPipes`, a
  /// FIFO, then made blocking), with its size at open.
  private static func openChecked(_ path: String, allowPipes: Bool) throws(FileIOError)
    -> (Int32, Int)
  {
    // O_NONBLOCK: opening a FIFO must not wait for a writer before its type is checked.
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
    guard fd >= 0 else { throw FileIOError.read(path, code: errno) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      let code = errno
      close(fd)
      throw FileIOError.read(path, code: code)
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR:
      close(fd)
      throw FileIOError.read(path, code: EISDIR)
    case S_IFIFO where allowPipes:
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    default:
      close(fd)
      throw FileIOError(.read, path: path, reason: "not a regular file")
    }
    return (fd, max(Int(info.st_size), 0))
  }

  /// Reads `fd` to its end; `sizeHint` sizes the first buffer (one spare byte sees the end).
  /// Bytes go straight into the array's uninitialised capacity; a file longer than the hint
  /// (it grew, or a pipe) moves to a buffer twice as large and reads on. Short reads and
  /// EINTR continue the loop.
  static func readAll(_ fd: Int32, path: String, sizeHint: Int) throws(FileIOError) -> [UInt8] {
    var capacity = max(sizeHint + 1, 4096)
    var out: [UInt8] = []
    while true {
      var code: Int32 = 0
      var atEnd = false
      let previous = out
      out = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
        guard let base = buffer.baseAddress else { return }
        var filled = previous.withUnsafeBytes { old -> Int in
          if let source = old.baseAddress {
            UnsafeMutableRawPointer(base).copyMemory(from: source, byteCount: old.count)
          }
          return old.count
        }
        while filled < buffer.count {
          let n = systemRead(fd, base + filled, buffer.count - filled)
          if n < 0 {
            if errno == EINTR { continue }
            code = errno
            break
          }
          if n == 0 {
            atEnd = true
            break
          }
          filled += n
        }
        initialized = filled
      }
      if code != 0 { throw FileIOError.read(path, code: code) }
      if atEnd { return out }
      capacity *= 2
    }
  }
}

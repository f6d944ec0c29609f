// Every file FSL writes goes through here: `AtomicFile.write` (policy: README.md beside this).
//
// Opening: a device/FIFO/socket target is written directly; otherwise an unnamed temporary
// (O_TMPFILE in the target's directory) when the file system has them, else a hidden named
// one created with O_CREAT|O_EXCL|O_NOFOLLOW. `AtomicWriter` does the rest.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes files all-or-nothing: readers see the old file or the complete new one, never a
/// partial file, and a crash leaves no partial file under the target's name.
public enum AtomicFile {
  /// Forces named temporaries instead of O_TMPFILE (tests of the fallback). Also set by the
  /// environment variable `FSL_NO_TMPFILE=1`.
  nonisolated(unsafe) public static var forceNamedTemporaries =
    getenv("FSL_NO_TMPFILE").map { String(cString: $0) == "1" } ?? false

  /// Writes `path` from `body`, which streams into the writer; publishes only if `body`
  /// returns normally. `mode` is masked by the umask (0o600 for private files).
  public static func write<R>(
    to path: String, mode: mode_t = 0o666, _ body: (AtomicWriter) throws -> R
  ) throws -> R {
    let writer = try AtomicWriter(path: path, mode: mode)
    do {
      let result = try body(writer)
      try writer.commit()
      return result
    } catch {
      writer.discard()
      throw error
    }
  }

  /// Writes `bytes` (an array, `Data`, a string's `utf8`, …) as the whole file at `path`.
  public static func write<Bytes: Sequence>(
    _ bytes: Bytes, to path: String, mode: mode_t = 0o666
  ) throws(FileIOError) where Bytes.Element == UInt8 {
    let writer = try AtomicWriter(path: path, mode: mode)
    let contiguous: Result<Void, FileIOError>? = bytes.withContiguousStorageIfAvailable {
      do throws(FileIOError) { try writer.write(UnsafeRawBufferPointer($0)) } catch {
        return .failure(error)
      }
      return .success(())
    }
    do throws(FileIOError) {
      if let contiguous {
        try contiguous.get()
      } else {
        try writer.write(Array(bytes))
      }
      try writer.commit()
    } catch {
      writer.discard()
      throw error
    }
  }

  /// Whether `/proc/self/fd` exists (needed to link an O_TMPFILE file into the directory).
  static let procAvailable = access("/proc/self/fd", F_OK) == 0

  /// `O_TMPFILE` (Swift does not import the C macro); nil where its value is not known.
  static var tmpfileFlag: Int32? {
    #if os(Linux) && (arch(x86_64) || arch(arm64) || arch(riscv64))
      return 0o20000000 | O_DIRECTORY
    #else
      return nil
    #endif
  }
}

extension AtomicWriter {
  /// An open descriptor when `path` is to be written directly, nil when it is to be replaced
  /// atomically; throws for a directory. Direct: a device, FIFO or socket (or a symlink to
  /// one), and a symlink into /proc such as `/dev/stdout` or `/dev/fd/1` even when it leads to
  /// a regular file (the stream a shell redirected, appended to; replacing the link would
  /// replace /dev/stdout itself).
  static func openDirect(_ path: String, _ target: TargetName) throws(FileIOError) -> Int32? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    var type = info.st_mode & S_IFMT
    var throughProc = false
    if type == S_IFLNK {
      guard stat(path, &info) == 0 else { return nil }  // dangling: replace the link
      type = info.st_mode & S_IFMT
      let directory = resolved(target.directory)
      throughProc = linkText(path).hasPrefix("/proc/") || directory.hasPrefix("/proc/")
      if type == S_IFDIR && !throughProc { return nil }  // replaced like any other link
    }
    if type == S_IFDIR { throw FileIOError.write(path, code: EISDIR) }
    let special = type == S_IFCHR || type == S_IFBLK || type == S_IFIFO || type == S_IFSOCK
    guard special || throughProc else { return nil }
    let fd = open(path, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC)
    guard fd >= 0 else { throw FileIOError.write(path, code: errno) }
    // Replaced by a regular file since lstat: write that atomically instead.
    if !throughProc && fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFREG {
      close(fd)
      return nil
    }
    return fd
  }

  /// The text of the symlink at `path` (empty if it cannot be read).
  static func linkText(_ path: String) -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let n = readlink(path, &buffer, buffer.count - 1)
    guard n > 0 else { return "" }
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// `directory` with every symlink resolved (itself if that fails).
  static func resolved(_ directory: String) -> String {
    guard let real = realpath(directory, nil) else { return directory }
    defer { free(real) }
    return String(cString: real)
  }

  /// An O_TMPFILE descriptor in the target's directory, or nil where the file system (or
  /// kernel) has none or `forceNamedTemporaries` is set.
  static func openUnnamed(_ target: TargetName, path: String, mode: mode_t) throws(FileIOError)
    -> Int32?
  {
    guard !AtomicFile.forceNamedTemporaries, AtomicFile.procAvailable,
      let flag = AtomicFile.tmpfileFlag
    else { return nil }
    let fd = open(target.directory, flag | O_WRONLY | O_CLOEXEC, mode)
    if fd >= 0 { return fd }
    switch errno {
    case EOPNOTSUPP, EISDIR, EINVAL: return nil
    case let code: throw FileIOError.write(path, code: code)
    }
  }

  /// A new hidden temporary beside the target, never opened through a symlink.
  static func openNamed(_ target: TargetName, path: String, mode: mode_t) throws(FileIOError)
    -> (Int32, String)
  {
    for _ in 0..<100 {
      let name = target.temporaryPath()
      let fd = open(name, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, mode)
      if fd >= 0 { return (fd, name) }
      if errno != EEXIST { throw FileIOError.write(path, code: errno) }
    }
    throw FileIOError.write(path, code: EEXIST)
  }
}

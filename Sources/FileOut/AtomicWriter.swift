// One file being written all-or-nothing: an unnamed (O_TMPFILE) or hidden named temporary,
// buffered writes, then fsync, publish under the target name with rename, fsync the directory.
//
// Invariants: the target path only ever names the old file or the complete new one; a
// temporary is never opened through a symlink (O_TMPFILE has no name; a named one is created
// with O_CREAT|O_EXCL|O_NOFOLLOW); on failure the temporary is removed and the old file is
// untouched. Policy and its reasons: Sources/FileOut/README.md.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

#if canImport(Glibc)
  private let systemWrite = Glibc.write
#else
  private let systemWrite = Darwin.write
#endif

/// Writes one file atomically; `commit()` publishes it, anything else (including `deinit`)
/// discards it. Not for use from several threads at once.
public final class AtomicWriter {
  /// The target path, as given; errors name it.
  public let path: String
  /// The first error a `write` threw, kept for callers that can only return a status
  /// (C callbacks such as Cairo's stream writer).
  public private(set) var failure: FileIOError?

  private enum Kind { case unnamed, named, direct }
  private let kind: Kind
  private let target: TargetName?
  private var descriptor: Int32
  /// The temporary's name while it has one: always for `.named`, after linking for `.unnamed`.
  private var temporary: String?
  private var buffer: UnsafeMutableRawBufferPointer
  private var buffered = 0
  private var closed = false

  static let bufferSize = 1 << 16

  /// Starts writing `path`; a new file gets `mode & ~umask` (0o666 gives what `open` gives).
  ///
  /// A target that is a device, FIFO or socket (or a symlink to one), or a symlink into
  /// /proc (`/dev/stdout`, `/dev/fd/N`), is written directly, appending: there is nothing to
  /// replace atomically. A directory is an error. Any other symlink at `path` is replaced by
  /// the new file, like `rename(2)` and Python's `os.replace`; the file it pointed to is left
  /// alone.
  public init(path: String, mode: mode_t = 0o666) throws(FileIOError) {
    self.path = path
    buffer = .allocate(byteCount: Self.bufferSize, alignment: 16)
    guard let target = TargetName(path) else {
      buffer.deallocate()
      throw FileIOError.write(path, code: path.isEmpty ? ENOENT : EISDIR)
    }
    do {
      if let fd = try Self.openDirect(path, target) {
        (kind, descriptor, self.target) = (.direct, fd, nil)
        return
      }
      target.removeStaleTemporaries()
      if let fd = try Self.openUnnamed(target, path: path, mode: mode) {
        (kind, descriptor, self.target) = (.unnamed, fd, target)
      } else {
        let (fd, name) = try Self.openNamed(target, path: path, mode: mode)
        (kind, descriptor, self.target, temporary) = (.named, fd, target, name)
      }
      // Marks the temporary as in use for `removeStaleTemporaries` in other processes.
      _ = flock(descriptor, LOCK_EX | LOCK_NB)
    } catch {
      buffer.deallocate()
      throw error
    }
  }

  deinit {
    discard()
    buffer.deallocate()
  }

  /// A path that opens this writer's file, for C libraries that only write to a path (libpng).
  /// Call `flush()` first if you wrote through `write`; do not mix the two afterwards.
  public var descriptorPath: String {
    if AtomicFile.procAvailable { return "/proc/self/fd/\(descriptor)" }
    return temporary ?? path
  }

  /// Appends `bytes` (buffered).
  public func write(_ bytes: UnsafeRawBufferPointer) throws(FileIOError) {
    guard !closed else { throw fail(EBADF) }
    guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
    if buffered + bytes.count > buffer.count { try flush() }
    if bytes.count >= buffer.count {
      try writeAll(UnsafeRawBufferPointer(start: source, count: bytes.count))
      return
    }
    buffer.baseAddress.map { ($0 + buffered).copyMemory(from: source, byteCount: bytes.count) }
    buffered += bytes.count
  }

  /// Appends `bytes` (buffered).
  public func write(_ bytes: [UInt8]) throws(FileIOError) {
    let result: Result<Void, FileIOError> = bytes.withUnsafeBytes { raw in
      do throws(FileIOError) { try write(raw) } catch { return .failure(error) }
      return .success(())
    }
    try result.get()
  }

  /// Writes out the buffered bytes.
  public func flush() throws(FileIOError) {
    guard buffered > 0 else { return }
    let pending = UnsafeRawBufferPointer(rebasing: buffer[0..<buffered])
    buffered = 0
    try writeAll(pending)
  }

  /// Completes the file: flush, fsync, publish under `path` (rename), fsync the directory.
  /// Throws (leaving the old file and no temporary) if any step fails.
  public func commit() throws(FileIOError) {
    guard !closed else { throw fail(EBADF) }
    do throws(FileIOError) {
      try flush()
      if kind == .direct {
        closed = true
        if close(descriptor) != 0 && errno != EINTR { throw fail(errno) }
        return
      }
      if fsync(descriptor) != 0 { throw fail(errno) }
      if kind == .unnamed { try link() }
      closed = true
      if close(descriptor) != 0 && errno != EINTR { throw fail(errno) }
      guard let temporary, rename(temporary, path) == 0 else { throw fail(errno) }
      self.temporary = nil
    } catch {
      discard()
      throw error
    }
    syncDirectory()
  }

  /// Abandons the file: closes it and removes any temporary. The target is untouched.
  public func discard() {
    if !closed {
      closed = true
      close(descriptor)
    }
    if let temporary {
      unlink(temporary)
      self.temporary = nil
    }
  }

  /// Gives the unnamed file a unique hidden name beside the target (linkat cannot replace).
  private func link() throws(FileIOError) {
    guard let target else { return }
    let source = "/proc/self/fd/\(descriptor)"
    for _ in 0..<100 {
      let name = target.temporaryPath()
      if linkat(AT_FDCWD, source, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0 {
        temporary = name
        return
      }
      if errno != EEXIST { throw fail(errno) }
    }
    throw fail(EEXIST)
  }

  private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(FileIOError) {
    guard let base = bytes.baseAddress else { return }
    var done = 0
    while done < bytes.count {
      let n = systemWrite(descriptor, base + done, bytes.count - done)
      if n < 0 {
        if errno == EINTR { continue }
        throw fail(errno)
      }
      if n == 0 { throw fail(ENOSPC) }
      done += n
    }
  }

  /// Records and returns the error for `code`.
  private func fail(_ code: Int32) -> FileIOError {
    let error = FileIOError.write(path, code: code)
    if failure == nil { failure = error }
    return error
  }

  /// Best effort: the rename is durable once the directory is synced; the file is already
  /// published, so a failure here is not reported.
  private func syncDirectory() {
    guard let target else { return }
    let fd = open(target.directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
  }
}

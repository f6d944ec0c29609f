// Temporary names beside a target, and removal of the ones a killed writer left behind.
//
// A named temporary is `.NAME.fsl-tmp-PID-RANDOM` (16 hex digits from the system's random
// source, so the name cannot be guessed in advance) in the target's directory. The writer
// holds an exclusive `flock` on it while it lives. A later write of the same target removes a
// temporary of that target when its PID is not a running process and nobody holds its lock:
// the PID test keeps a file that was created a moment ago and is not yet locked; the lock
// test keeps a file whose writer runs in another PID namespace (a container, another host on
// NFS) where the PID means nothing. Files named `.NAME.tmp-PID-TAG` (what FSL wrote before
// this module existed) are removed by the same rule.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The directory and file name of a target path, and the temporary names that go with it.
struct TargetName {
  /// The directory to create temporaries in: the path's directory, or `.` for a bare name.
  let directory: String
  /// The prefix for temporaries: `directory/` (empty for a bare name).
  let prefix: String
  /// The last path component.
  let base: String

  /// Splits `path`; nil when it has no last component (empty, or ends in `/`).
  init?(_ path: String) {
    let slash = path.lastIndex(of: "/")
    base = slash.map { String(path[path.index(after: $0)...]) } ?? path
    guard !base.isEmpty, base != ".", base != ".." else { return nil }
    prefix = slash.map { String(path[...$0]) } ?? ""
    directory = prefix.isEmpty ? "." : prefix
  }

  /// `.NAME.fsl-tmp-` with NAME cut to 200 bytes, so the whole name fits NAME_MAX (255).
  var stem: String { ".\(Self.shortened(base)).fsl-tmp-" }

  /// The stem FSL used before this module: `.NAME.tmp-` (removed when stale, never created).
  var legacyStem: String { ".\(base).tmp-" }

  /// Tags `temporaryPath` uses before random ones, so tests can plant files at those names.
  nonisolated(unsafe) static var plannedTags: [UInt64] = []

  /// A fresh, unguessable temporary path for this target.
  func temporaryPath() -> String {
    var random = SystemRandomNumberGenerator()
    let value = Self.plannedTags.isEmpty ? random.next() : Self.plannedTags.removeFirst()
    let tag = String(value, radix: 16)
    let padded = String(repeating: "0", count: 16 - tag.count) + tag
    return "\(prefix)\(stem)\(getpid())-\(padded)"
  }

  /// `name` cut to at most 200 UTF-8 bytes at a character boundary.
  static func shortened(_ name: String) -> String {
    guard name.utf8.count > 200 else { return name }
    var out = ""
    for character in name {
      if out.utf8.count + character.utf8.count > 200 { break }
      out.append(character)
    }
    return out
  }

  /// Removes this target's temporaries whose writer is gone (see the file header). Best
  /// effort: errors are ignored, since they must not stop the write itself.
  func removeStaleTemporaries() {
    guard let stream = opendir(directory) else { return }
    defer { closedir(stream) }
    let stems = [stem, legacyStem]
    while let entry = readdir(stream) {
      // Read the name in place, up to its NUL: readdir's entry may be shorter than
      // `struct dirent` (d_reclen), so copying the whole 256-byte d_name (entry.pointee) can read
      // past the end of the directory buffer; that crashed in /tmp.
      let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19
      let name = String(
        cString: UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self))
      guard let stem = stems.first(where: { name.hasPrefix($0) }),
        let pid = Self.ownerPID(String(name.dropFirst(stem.count))), !Self.isRunning(pid)
      else { continue }
      removeIfUnlocked(name)
    }
  }

  /// The PID in `PID-TAG` (TAG alphanumeric), or nil when the text has another form.
  static func ownerPID(_ suffix: String) -> pid_t? {
    let parts = suffix.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, !parts[1].isEmpty,
      parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
    else { return nil }
    return pid
  }

  /// Whether a process with this PID exists (one we may not signal counts as running).
  static func isRunning(_ pid: pid_t) -> Bool {
    if pid == getpid() { return true }
    return kill(pid, 0) == 0 || errno == EPERM
  }

  /// Unlinks the regular file `name` in the directory unless some process holds its lock.
  private func removeIfUnlocked(_ name: String) {
    let path = prefix + name
    let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else { return }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
      flock(fd, LOCK_EX | LOCK_NB) == 0
    else { return }
    unlink(path)
  }
}

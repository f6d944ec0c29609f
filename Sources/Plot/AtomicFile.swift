// Atomic file replacement: write to a temporary sibling, then rename(2) over the target.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes that either fully replace a file or leave it untouched (readers never see a partial
/// figure; a crash leaves at most a hidden `.NAME.tmp-*` sibling).
enum AtomicFile {
  /// A fresh temporary path in the same directory as `path` (same file system, so rename is
  /// atomic), hidden and unique per process and call.
  static func temporarySibling(of path: String) -> String {
    let slash = path.lastIndex(of: "/")
    let dir = slash.map { String(path[...$0]) } ?? ""
    let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
    var rng = SystemRandomNumberGenerator()
    let tag = String(rng.next() as UInt64, radix: 36)
    return "\(dir).\(base).tmp-\(getpid())-\(tag)"
  }

  /// Calls `write` with a temporary path, then renames it to `path`; removes the temporary
  /// file if `write` throws or the rename fails.
  static func replace(
    _ path: String, write: (String) throws(PlotError) -> Void
  ) throws(PlotError) {
    let temp = temporarySibling(of: path)
    do {
      try write(temp)
    } catch {
      unlink(temp)
      throw error
    }
    if rename(temp, path) != 0 {
      let error = PlotError.write(path: path, reason: PlotError.errnoText())
      unlink(temp)
      throw error
    }
  }
}

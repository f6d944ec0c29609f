// Writing files all-or-nothing: a temporary file in the same folder, fsync, then rename, so a
// crash, a full disk or a concurrent reader never sees a partial report or history file.
import Foundation

/// An error writing an output file, with the path and the system's reason.
struct WriteError: Error, CustomStringConvertible {
  var path: String
  var reason: String
  var description: String { "cannot write '\(path)': \(reason)" }
}

/// Replaces the file at `path` with `data` atomically (rename of a fully written temporary).
func writeAtomically(_ data: Data, to path: String, permissions: mode_t = 0o644) throws {
  let dir = (path as NSString).deletingLastPathComponent
  let name = (path as NSString).lastPathComponent
  let tmp = ((dir.isEmpty ? "." : dir) as NSString).appendingPathComponent(
    ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
  let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
  guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
  var ok = true
  var reason = ""
  data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) in
    var off = 0
    while off < buf.count, let base = buf.baseAddress {
      let n = write(fd, base + off, buf.count - off)
      if n < 0 {
        if errno == EINTR { continue }
        ok = false
        reason = String(cString: strerror(errno))
        return
      }
      off += n
    }
  }
  if ok && fsync(fd) != 0 {
    ok = false
    reason = String(cString: strerror(errno))
  }
  close(fd)
  if ok && rename(tmp, path) != 0 {
    ok = false
    reason = String(cString: strerror(errno))
  }
  if !ok {
    unlink(tmp)
    throw WriteError(path: path, reason: reason)
  }
}

// The CLI's file writes (reports, figures, REPL history and %save) go through FileOut's one
// atomic writer; this keeps the call sites' short name. Policy: Sources/FileOut/README.md.
import FileOut
import Foundation

/// Replaces the file at `path` with `data` atomically; a new file gets `permissions & ~umask`.
/// Errors are `FileIOError`s: `cannot write 'report.html': No space left on device`.
func writeAtomically(_ data: Data, to path: String, permissions: mode_t = 0o666) throws {
  try AtomicFile.write(data, to: path, mode: permissions)
}

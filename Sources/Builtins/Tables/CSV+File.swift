// read_csv's input bytes. A large regular file is mapped read-only (MAP_POPULATE: its pages come
// from the page cache in one call) instead of read into a fresh buffer, which cost the zeroing
// of every page of the buffer plus a copy: about a tenth of reading a 60 MB file. Anything else
// (a small file, `.gz`, a pipe, a mapping the system refuses) is read as before, with its
// errors. A file truncated by another process while it is mapped would fault (SIGBUS), as with
// any mapped reader (pandas' `memory_map=True`, NumPy's `memmap`).
import Foundation
import Tensor

extension CSV {
  /// Files from this size are mapped.
  static let mapThreshold = 1 << 20

  /// A file's bytes, mapped or in an array; `withUnsafeBufferPointer` reads either.
  final class FileBytes {
    private let mapped: UnsafeMutableRawPointer?
    private let mappedCount: Int
    let array: [UInt8]

    init(_ array: [UInt8]) {
      self.array = array
      mapped = nil
      mappedCount = 0
    }

    /// `path` mapped, or nil when it is not a regular file of at least `mapThreshold` bytes or
    /// cannot be mapped.
    init?(mapping path: String) {
      let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
      guard fd >= 0 else { return nil }
      defer { close(fd) }
      var info = stat()
      guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
        info.st_size >= CSV.mapThreshold, let size = Int(exactly: info.st_size)
      else { return nil }
      let p = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0)
      guard let p, p != MAP_FAILED else { return nil }
      mapped = p
      mappedCount = size
      array = []
    }

    deinit { if let mapped { munmap(mapped, mappedCount) } }

    var count: Int { mapped == nil ? array.count : mappedCount }

    /// The bytes as an array (a copy when mapped).
    var bytes: [UInt8] { mapped == nil ? array : withUnsafeBufferPointer { Array($0) } }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows
      -> R
    {
      guard let mapped else { return try array.withUnsafeBufferPointer(body) }
      let base = mapped.assumingMemoryBound(to: UInt8.self)
      return try body(UnsafeBufferPointer(start: base, count: mappedCount))
    }
  }

  /// A file's bytes for read_csv: mapped when large (see the file comment), else read; `.gz`
  /// files are decompressed. Errors name `who`.
  static func readBytes(_ path: String, _ who: String) throws -> FileBytes {
    if !path.lowercased().hasSuffix(".gz"), let file = FileBytes(mapping: path) { return file }
    return FileBytes(try readArray(path, who))
  }

  /// A file's bytes in an array; `.gz` files are decompressed. Errors name `who`.
  static func readArray(_ path: String, _ who: String) throws -> [UInt8] {
    let bytes = try FileBuiltins.read(path, who)
    guard path.lowercased().hasSuffix(".gz") else { return bytes }
    return try FileBuiltins.formatCall { try Gzip.decompress(bytes, name: path) }
  }

  /// `parsePlain` on a file's bytes: the chunked path straight on them when large, else the
  /// flat path (on a copy when mapped, which only an unusual large file needs).
  static func parsePlain(_ file: FileBytes, poll: () -> Bool) throws -> Rows? {
    if file.count >= plainThreshold,
      let typed = try file.withUnsafeBufferPointer({ try plainColumns($0, poll: poll) })
    {
      var rows = Rows()
      rows.typed = typed
      return rows
    }
    // Quotes or carriage returns: `parse` reads the bytes where they are, with no copy.
    let special = file.withUnsafeBufferPointer { p -> Bool in
      guard let base = p.baseAddress else { return false }
      return memchr(base, 34, p.count) != nil || memchr(base, 13, p.count) != nil
    }
    return special ? nil : try parsePlain(file.bytes, poll: poll, chunked: false)
  }
}

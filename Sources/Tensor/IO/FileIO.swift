// Whole-file reads and atomic writes for IO/, through the FileOut target.

import FileOut

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

/// Streams into a file being written atomically (FileOut's `AtomicWriter`, buffered); errors
/// are `FileIOError`s naming the final path.
struct FileSink: ByteSink {
  let writer: AtomicWriter

  mutating func write(_ raw: UnsafeRawBufferPointer) throws {
    try writer.write(raw)
  }
}

/// Reading and writing whole files for the tensor formats, through FileOut: reads refuse
/// directories and devices, writes are atomic (see Sources/FileOut/README.md).
enum FileIO {
  /// The complete contents of the regular file at `path`: mapped read-only when it is large
  /// (no zero fill, no copy), read into memory otherwise (FileOut's `RegularFile.bytes`).
  static func read(_ path: String) throws -> FileBytes {
    try RegularFile.bytes(of: path)
  }

  /// Writes the file at `path` atomically: `body` streams into a temporary that replaces
  /// `path` only if everything succeeded, so `path` is either the old file or the complete
  /// new one. Failures are `FileIOError`s naming `path` with the OS reason.
  static func writeAtomically(_ path: String, _ body: (inout FileSink) throws -> Void) throws {
    try AtomicFile.write(to: path) { writer in
      var sink = FileSink(writer: writer)
      try body(&sink)
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

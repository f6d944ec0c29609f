// A safetensors file whose header is read and checked, its tensors decoded on demand from the
// file's bytes (a read-only mapping of a large file): a model loader converts each tensor once,
// straight into the float32 arrays it keeps, instead of file → bytes → tensor → array.

import FileOut

/// A `.safetensors` file with its header parsed and validated as `Safetensors.read` validates
/// it (the byte ranges tile the data exactly, each as long as its shape and dtype say); tensors
/// are decoded when asked for. Holds the file's bytes until it goes.
public struct SafetensorsIndex {
  /// The path or name the file was read from (names it in errors).
  public let name: String
  /// The `__metadata__` dict (empty if the file has none).
  public let metadata: [String: String]
  let entries: [Safetensors.Entry]
  let dataStart: Int
  let contents: FileBytes
  private let positions: [String: Int]

  /// Parses and checks the header of `contents`; `name` names the file in errors.
  init(_ contents: FileBytes, name: String) throws {
    let (metadata, entries, dataStart) = try parse(contents, file: name) {
      try Safetensors.header(&$0)
    }
    self.name = name
    self.metadata = metadata
    self.entries = entries
    self.dataStart = dataStart
    self.contents = contents
    positions = firstPositions(entries.map(\.name))
  }

  /// The tensor names in header order.
  public var names: [String] { entries.map(\.name) }

  /// Whether the file holds a tensor named `name`.
  public func contains(_ name: String) -> Bool { positions[name] != nil }

  /// The shape of the tensor `name`, if there is one.
  public func shape(of name: String) -> [Int]? {
    positions[name].map { entries[$0].shape }
  }

  /// The dtype the tensor `name` reads as (F16 and BF16 as f32, narrow integers as i64).
  public func dtype(of name: String) -> DType? {
    positions[name].map { entries[$0].type.dtype }
  }

  /// The tensor `name` (nil if there is none), decoded.
  public func tensor(named name: String) throws -> Tensor? {
    guard let position = positions[name] else { return nil }
    return try tensor(at: position)
  }

  /// Every tensor, decoded, in header order, with the metadata.
  public func file() throws -> SafetensorsFile {
    SafetensorsFile(
      tensors: try entries.indices.map { (entries[$0].name, try tensor(at: $0)) },
      metadata: metadata)
  }

  private func tensor(at position: Int) throws -> Tensor {
    let entry = entries[position]
    return try contents.withUnsafeBytes { all in
      let reader = ByteReader(all, file: name)
      let start = dataStart + entry.begin
      return try decodeTensor(
        UnsafeRawBufferPointer(rebasing: all[start..<dataStart + entry.end]), as: entry.type,
        bigEndian: false, shape: entry.shape, reader: reader, start: start)
    }
  }

  /// The elements of the tensors `names`, one after the other, as one float32 array, each
  /// converted once from the file's bytes (F64 rounded to nearest, F16 and BF16 exact). The
  /// caller has checked that each exists and reads as f32 or f64 (`dtype(of:)`).
  public func floats(_ names: [String]) -> [Float] {
    let parts = names.map { name -> Safetensors.Entry in
      guard let position = positions[name], entries[position].type.isFloat else {
        preconditionFailure("internal: '\(name)' is not a floating-point tensor of the file")
      }
      return entries[position]
    }
    let total = parts.reduce(0) { $0 + ($1.end - $1.begin) / $1.type.size }
    return [Float](unsafeUninitializedCapacity: total) { out, initialized in
      prepareForWriting(UnsafeMutableRawBufferPointer(out))
      contents.withUnsafeBytes { all in
        var filled = 0
        for entry in parts {
          let count = (entry.end - entry.begin) / entry.type.size
          decodeFloats(
            UnsafeRawBufferPointer(rebasing: all[dataStart + entry.begin..<dataStart + entry.end]),
            as: entry.type, into: UnsafeMutableBufferPointer(rebasing: out[filled..<filled + count])
          )
          filled += count
        }
      }
      initialized = total
    }
  }
}

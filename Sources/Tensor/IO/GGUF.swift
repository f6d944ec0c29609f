// GGUF (llama.cpp model files) v2/v3: header, metadata, tensor infos; tensors read on demand.

import FileOut

/// One tensor listed in a GGUF file.
public struct GGUFTensorInfo: Sendable {
  /// The tensor's name, e.g. `blk.0.attn_q.weight`.
  public let name: String
  /// The row-major shape: GGUF lists dimensions innermost first, this is them reversed (so a
  /// GGUF `[in, out]` matrix is `[out, in]` here).
  public let shape: [Int]
  /// How the elements are stored.
  public let type: GGMLType
  /// Absolute file offset of the tensor's data.
  public let offset: Int
  /// Bytes of data.
  public let byteCount: Int
  /// File offset of the tensor's info record (for errors).
  let infoOffset: Int
}

/// A parsed GGUF file: its metadata and tensor list, with the bytes kept (a read-only mapping of
/// a large file) so tensors can be dequantised one at a time, straight from the file's bytes
/// into their tensors (a model's weights need not all be converted at once).
public struct GGUFFile {
  /// The path or name the file was read from (names it in errors).
  public let name: String
  /// The format version (2 or 3).
  public let version: Int
  /// The metadata key/value pairs in file order.
  public let metadata: [(key: String, value: GGUFValue)]
  /// The tensors in file order.
  public let tensorInfos: [GGUFTensorInfo]
  /// The data alignment (`general.alignment`, default 32).
  public let alignment: Int
  /// File offset of the data section.
  public let dataOffset: Int
  /// The file's bytes.
  let contents: FileBytes
  /// The file's bytes as an array (a copy when mapped: for tests that patch a file).
  var bytes: [UInt8] { contents.array }
  private let metadataIndex: [String: Int]
  private let tensorIndex: [String: Int]

  /// The metadata value for `key`, if present.
  public subscript(key: String) -> GGUFValue? {
    metadataIndex[key].map { metadata[$0].value }
  }

  /// The tensor named `name` (nil if there is none), dequantised.
  public func tensor(named name: String) throws -> Tensor? {
    guard let index = tensorIndex[name] else { return nil }
    return try tensor(at: index)
  }

  /// The tensor at `index` in `tensorInfos`, dequantised: F32, F16, BF16, Q8_0, Q4_0, Q4_1 to
  /// f32 exactly as ggml does; F64 to f64; I8, I16, I32, I64 to i64. Other types (K-quants…)
  /// throw a `FormatError` naming the type.
  public func tensor(at index: Int) throws -> Tensor {
    precondition(tensorInfos.indices.contains(index), "internal: tensor index out of range")
    let info = tensorInfos[index]
    return try contents.withUnsafeBytes { all in
      let reader = ByteReader(all, file: name)
      let raw = UnsafeRawBufferPointer(rebasing: all[info.offset..<info.offset + info.byteCount])
      return try dequantize(raw, info: info, reader: reader)
    }
  }

  /// Every tensor, dequantised, in file order.
  public func tensors() throws -> [(name: String, tensor: Tensor)] {
    try tensorInfos.indices.map { (tensorInfos[$0].name, try tensor(at: $0)) }
  }

  init(
    name: String, version: Int, metadata: [(key: String, value: GGUFValue)],
    tensorInfos: [GGUFTensorInfo], alignment: Int, dataOffset: Int, contents: FileBytes
  ) {
    self.name = name
    self.version = version
    self.metadata = metadata
    self.tensorInfos = tensorInfos
    self.alignment = alignment
    self.dataOffset = dataOffset
    self.contents = contents
    metadataIndex = firstPositions(metadata.map(\.key))
    tensorIndex = firstPositions(tensorInfos.map(\.name))
  }
}

/// llama.cpp's GGUF format, versions 2 and 3 (little-endian): the magic `GGUF`, a version, the
/// tensor and metadata counts, the metadata key/values, the tensor infos, padding to the
/// alignment, then the tensor data. Every count, length, dimension and offset is checked
/// against the bytes present before anything is allocated.
public enum GGUF {
  /// The GGUF file at `path`, parsed (tensors are dequantised on demand).
  public static func read(contentsOf path: String) throws -> GGUFFile {
    try read(FileIO.read(path), name: path)
  }

  /// The GGUF file whose contents are `bytes`; `name` names it in errors.
  public static func read(bytes: [UInt8], name: String = "<memory>") throws -> GGUFFile {
    try read(FileBytes(bytes), name: name)
  }

  /// The GGUF file whose contents are `bytes` (kept by the result); `name` names it in errors.
  static func read(_ bytes: FileBytes, name: String) throws -> GGUFFile {
    try parse(bytes, file: name) { reader in
      guard reader.startsWith(Array("GGUF".utf8)) else {
        let found = reader.remaining < 4 ? reader.shortage(4) : "other bytes"
        throw reader.error("the magic 'GGUF'", found: found)
      }
      reader.offset = 4
      let version = try reader.u32("a format version")
      guard version == 2 || version == 3 else {
        let swapped = version.byteSwapped == 2 || version.byteSwapped == 3
        throw reader.error(
          "format version 2 or 3",
          found: swapped ? "a big-endian file (not supported)" : "\(version)", at: 4)
      }
      let tensorCount = try reader.length(
        "a tensor count that fits in the file", limit: max(0, reader.remaining - 16) / 24)
      let metadataCount = try reader.length(
        "a metadata count that fits in the file", limit: max(0, reader.remaining - 8) / 13)
      var metadata: [(key: String, value: GGUFValue)] = []
      metadata.reserveCapacity(metadataCount)
      var keys: Set<String> = []
      var alignment = 32
      for _ in 0..<metadataCount {
        let start = reader.offset
        let key = try readString(&reader, "a metadata key")
        guard keys.insert(key).inserted else {
          throw reader.error("each metadata key once", found: "'\(key)' twice", at: start)
        }
        let type = try GGUFValue.readType(&reader, "a value type for '\(key)'")
        let value = try GGUFValue.read(type, &reader, key: key)
        if key == "general.alignment" {
          guard let align = value.intValue, align > 0, align & (align - 1) == 0 else {
            throw reader.error(
              "a power-of-two integer for general.alignment", found: "\(value)", at: start)
          }
          alignment = align
        }
        metadata.append((key, value))
      }
      var infos: [GGUFTensorInfo] = []
      infos.reserveCapacity(tensorCount)
      var names: Set<String> = []
      for _ in 0..<tensorCount {
        let info = try tensorInfo(&reader)
        guard names.insert(info.name).inserted else {
          throw reader.error(
            "each tensor name once", found: "'\(info.name)' twice", at: info.infoOffset)
        }
        infos.append(info)
      }
      let dataOffset = reader.offset + (alignment - reader.offset % alignment) % alignment
      let tensors = try infos.map {
        try place($0, dataOffset: dataOffset, alignment: alignment, reader)
      }
      return GGUFFile(
        name: reader.file, version: Int(version), metadata: metadata, tensorInfos: tensors,
        alignment: alignment, dataOffset: dataOffset, contents: bytes)
    }
  }

  /// GGML's limit on dimensions (4) with room to spare.
  static let maximumRank = 8

  /// One tensor info record, its `offset` still relative to the data section.
  private static func tensorInfo(_ reader: inout ByteReader) throws -> GGUFTensorInfo {
    let start = reader.offset
    let name = try readString(&reader, "a tensor name")
    let rankOffset = reader.offset
    let rank = Int(try reader.u32("a dimension count for '\(name)'"))
    guard rank <= maximumRank else {
      throw reader.error(
        "at most \(maximumRank) dimensions for '\(name)'", found: "\(rank)", at: rankOffset)
    }
    var dims: [Int] = []
    for _ in 0..<rank {
      dims.append(try reader.length("a dimension of '\(name)'"))
    }
    let typeOffset = reader.offset
    let type = GGMLType(rawValue: try reader.u32("a tensor type for '\(name)'"))
    guard let layout = type.layout else {
      throw reader.error("a known ggml tensor type for '\(name)'", found: type.name, at: typeOffset)
    }
    let relative = try reader.length("a data offset for '\(name)'")
    guard let count = elementCount(dims) else {
      throw reader.error(
        "dimensions whose product fits in 64 bits for '\(name)'", found: shapeText(dims),
        at: rankOffset)
    }
    guard (dims.first ?? 1) % layout.block == 0 else {
      throw reader.error(
        "a first dimension that is a multiple of \(layout.block) for \(type.name) '\(name)'",
        found: shapeText(dims), at: rankOffset)
    }
    guard let size = byteSize(count / layout.block, layout.bytes) else {
      throw reader.error("a tensor size that fits in 64 bits for '\(name)'", at: rankOffset)
    }
    return GGUFTensorInfo(
      name: name, shape: dims.reversed(), type: type, offset: relative, byteCount: size,
      infoOffset: start)
  }

  /// `info` with its offset made absolute, checked to be aligned and inside the file.
  private static func place(
    _ info: GGUFTensorInfo, dataOffset: Int, alignment: Int, _ reader: ByteReader
  ) throws -> GGUFTensorInfo {
    guard info.offset % alignment == 0 else {
      throw reader.error(
        "a data offset for '\(info.name)' that is a multiple of the alignment \(alignment)",
        found: "\(info.offset)", at: info.infoOffset)
    }
    let (start, o1) = dataOffset.addingReportingOverflow(info.offset)
    let (end, o2) = start.addingReportingOverflow(info.byteCount)
    guard !o1, !o2, end <= reader.bytes.count else {
      throw reader.error(
        "the \(info.byteCount) data bytes of '\(info.name)' inside the file",
        found: "data offset \(info.offset) (file offset \(dataOffset) + \(info.offset)) in a "
          + "\(reader.bytes.count)-byte file", at: info.infoOffset)
    }
    return GGUFTensorInfo(
      name: info.name, shape: info.shape, type: info.type, offset: start,
      byteCount: info.byteCount, infoOffset: info.infoOffset)
  }
}

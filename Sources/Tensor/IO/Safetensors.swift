// safetensors files: an 8-byte header size, a JSON header, then the tensors' bytes; read + write.
// Reading all tensors is `read`; `index` reads and checks the header only, and decodes tensors on
// demand (Safetensors+Index.swift), which model loaders use to convert each one once.

import FileOut

/// The contents of a `.safetensors` file.
public struct SafetensorsFile {
  /// The tensors in header order.
  public var tensors: [(name: String, tensor: Tensor)]
  /// The `__metadata__` dict (empty if the file has none).
  public var metadata: [String: String]

  public init(tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) {
    self.tensors = tensors
    self.metadata = metadata
  }
}

/// Hugging Face's safetensors format: a little-endian u64 header size N, N bytes of JSON
/// (`{"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, …,
/// "__metadata__": {"key": "value"}}`), then the data buffer the offsets index into.
///
/// Reading validates the header as the reference implementation does: the tensors' byte ranges
/// must tile the data buffer exactly (no overlaps, gaps or bytes past the end) and each range
/// must be as long as its shape and dtype say. Dtypes F64, F32, I64, BOOL read as themselves;
/// F16 and BF16 as f32; I32, I16, I8, U8, U16, U32, U64 as i64. Writing stores f64, f32, i64
/// and bool as F64, F32, I64, BOOL, laid out as the reference writer lays them out (by dtype,
/// then name; header padded with spaces to a multiple of 8 bytes; metadata keys sorted).
public enum Safetensors {
  /// The tensors and metadata in the `.safetensors` file at `path`.
  public static func read(contentsOf path: String) throws -> SafetensorsFile {
    try index(contentsOf: path).file()
  }

  /// The tensors and metadata in `bytes` (a `.safetensors` file's contents); `name` names it
  /// in errors.
  public static func read(bytes: [UInt8], name: String = "<memory>") throws -> SafetensorsFile {
    try SafetensorsIndex(FileBytes(bytes), name: name).file()
  }

  /// The `.safetensors` file at `path` with its header read and checked (the same errors as
  /// `read`), its tensors decoded on demand from the file's bytes (mapped when large).
  public static func index(contentsOf path: String) throws -> SafetensorsIndex {
    try SafetensorsIndex(FileIO.read(path), name: path)
  }

  /// Writes `tensors` and `metadata` to `path` atomically.
  public static func write(
    _ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:],
    to path: String
  ) throws {
    let (header, ordered) = try layout(tensors, metadata: metadata, path: path)
    try FileIO.writeAtomically(path) { sink in
      try sink.write(header)
      for tensor in ordered { try tensor.withUnsafeBytes { try sink.write($0) } }
    }
  }

  /// The `.safetensors` file for `tensors` and `metadata`, in memory.
  public static func encode(
    _ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]
  ) throws -> [UInt8] {
    var (out, ordered) = try layout(tensors, metadata: metadata, path: "<memory>")
    for tensor in ordered { tensor.withUnsafeBytes { out.append(contentsOf: $0) } }
    return out
  }

  /// The file's dtype names and how each is stored.
  static let dtypes: [String: StoredType] = [
    "F64": .f64, "F32": .f32, "F16": .f16, "BF16": .bf16, "I64": .i64, "I32": .i32,
    "I16": .i16, "I8": .i8, "U8": .u8, "U16": .u16, "U32": .u32, "U64": .u64, "BOOL": .bool,
  ]

  /// One tensor's header entry.
  struct Entry {
    var name: String
    var type: StoredType
    var shape: [Int]
    var begin: Int
    var end: Int
    /// Offset of the entry's `data_offsets`, for errors.
    var offsetsAt: Int
  }

  /// The header at the start of `reader`'s bytes, checked: the metadata, the entries in header
  /// order and the file offset of the data buffer.
  static func header(
    _ reader: inout ByteReader
  ) throws -> (metadata: [String: String], entries: [Entry], dataStart: Int) {
    let headerSize = try reader.length(
      "a header size within the file", limit: max(0, reader.remaining - 8))
    let root = try JSONParser.parse(&reader, length: headerSize)
    guard case .object(let members) = root.kind else {
      throw reader.error("a JSON object as the header", found: root.summary, at: root.offset)
    }
    var metadata: [String: String] = [:]
    var entries: [Entry] = []
    var seen: Set<String> = []
    for (key, keyOffset, value) in members {
      guard seen.insert(key).inserted else {
        throw reader.error("each key once", found: "\"\(key)\" twice", at: keyOffset)
      }
      if key == "__metadata__" {
        metadata = try metadataDict(value, reader)
      } else {
        entries.append(try entry(key, value, reader))
      }
    }
    let dataStart = reader.offset
    let dataSize = reader.bytes.count - dataStart
    try validate(entries, dataSize: dataSize, reader)
    return (metadata, entries, dataStart)
  }

  private static func metadataDict(
    _ node: JSONNode, _ reader: ByteReader
  ) throws -> [String: String] {
    guard case .object(let items) = node.kind else {
      throw reader.error(
        "an object of strings for __metadata__", found: node.summary, at: node.offset)
    }
    var out: [String: String] = [:]
    for (key, _, value) in items {
      guard case .string(let text) = value.kind else {
        throw reader.error(
          "a string value for the metadata key \"\(key)\"", found: value.summary,
          at: value.offset)
      }
      out[key] = text
    }
    return out
  }

  /// A non-negative integer from a JSON number node.
  private static func integer(_ node: JSONNode, _ what: String, _ reader: ByteReader) throws -> Int
  {
    guard case .number(let text) = node.kind, let value = Int(text), value >= 0 else {
      throw reader.error("a non-negative integer for \(what)", found: node.summary, at: node.offset)
    }
    return value
  }

  private static func entry(_ name: String, _ node: JSONNode, _ reader: ByteReader) throws -> Entry
  {
    guard case .object(let fields) = node.kind else {
      throw reader.error(
        "an object describing the tensor \"\(name)\"", found: node.summary, at: node.offset)
    }
    func field(_ key: String) throws -> JSONNode {
      guard let found = fields.first(where: { $0.key == key }) else {
        throw reader.error("a \"\(key)\" field for the tensor \"\(name)\"", at: node.offset)
      }
      return found.value
    }
    let dtypeNode = try field("dtype")
    guard case .string(let dtypeName) = dtypeNode.kind, let type = dtypes[dtypeName] else {
      throw reader.error(
        "a dtype of F64, F32, F16, BF16, I64, I32, I16, I8, U8, U16, U32, U64 or BOOL for "
          + "\"\(name)\"", found: dtypeNode.summary, at: dtypeNode.offset)
    }
    let shapeNode = try field("shape")
    guard case .array(let dims) = shapeNode.kind else {
      throw reader.error(
        "an array of dimensions for \"\(name)\"", found: shapeNode.summary, at: shapeNode.offset)
    }
    let shape = try dims.map { try integer($0, "a dimension of \"\(name)\"", reader) }
    let offsetsNode = try field("data_offsets")
    guard case .array(let offsets) = offsetsNode.kind, offsets.count == 2 else {
      throw reader.error(
        "data_offsets [begin, end] for \"\(name)\"", found: offsetsNode.summary,
        at: offsetsNode.offset)
    }
    let begin = try integer(offsets[0], "the data offsets of \"\(name)\"", reader)
    let end = try integer(offsets[1], "the data offsets of \"\(name)\"", reader)
    return Entry(
      name: name, type: type, shape: shape, begin: begin, end: end,
      offsetsAt: offsetsNode.offset)
  }

  /// Checks that the entries tile `[0, dataSize)` exactly and match their shapes' sizes.
  private static func validate(_ entries: [Entry], dataSize: Int, _ reader: ByteReader) throws {
    var position = 0
    var previous: String?
    for entry in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
      let range = "[\(entry.begin), \(entry.end)]"
      guard entry.begin == position, entry.end >= entry.begin else {
        let after = previous.map { "right after \"\($0)\"" } ?? "at the start of the data"
        throw reader.error(
          "\"\(entry.name)\" to start at data offset \(position) (\(after); no gaps or "
            + "overlaps)", found: "data_offsets \(range)", at: entry.offsetsAt)
      }
      guard let count = elementCount(entry.shape), let size = byteSize(count, entry.type.size),
        size == entry.end - entry.begin
      else {
        throw reader.error(
          "data_offsets spanning the size of shape \(shapeText(entry.shape)) for "
            + "\"\(entry.name)\"", found: range, at: entry.offsetsAt)
      }
      guard entry.end <= dataSize else {
        throw reader.error(
          "\"\(entry.name)\" within the \(dataSize) bytes of data after the header",
          found: "data_offsets \(range)", at: entry.offsetsAt)
      }
      position = entry.end
      previous = entry.name
    }
    guard position == dataSize else {
      throw reader.error(
        "tensors covering all \(dataSize) bytes of data after the header",
        found: "\(dataSize - position) bytes unused at the end", at: reader.offset)
    }
  }

  /// The file's dtype name for a tensor dtype, and its rank in the reference writer's layout
  /// order (higher first).
  private static func name(_ dtype: DType) -> (String, rank: Int) {
    switch dtype {
    case .i64, .str: return ("I64", 3)  // `encode`/`write` reject str tensors first
    case .f64: return ("F64", 2)
    case .f32: return ("F32", 1)
    case .bool: return ("BOOL", 0)
    }
  }

  /// The size prefix and padded header, and the tensors in data order.
  private static func layout(
    _ tensors: [(name: String, tensor: Tensor)], metadata: [String: String], path: String
  ) throws -> ([UInt8], [Tensor]) {
    if tensors.contains(where: { $0.tensor.dtype == .str }) {
      throw TensorError.type("str tensors cannot be stored in .safetensors files")
    }
    var seen: Set<String> = []
    for (name, _) in tensors {
      guard name != "__metadata__" else {
        throw FileError(path: path, reason: "cannot write: a tensor may not be named __metadata__")
      }
      guard seen.insert(name).inserted else {
        throw FileError(path: path, reason: "cannot write: two tensors named '\(name)'")
      }
    }
    let ordered = tensors.sorted { a, b in
      let (ra, rb) = (name(a.tensor.dtype).rank, name(b.tensor.dtype).rank)
      return ra != rb ? ra > rb : Array(a.name.utf8).lexicographicallyPrecedes(Array(b.name.utf8))
    }
    var fields: [String] = []
    if !metadata.isEmpty {
      let keys = metadata.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
      let items = keys.map { jsonQuoted($0) + ":" + jsonQuoted(metadata[$0] ?? "") }
      fields.append("\"__metadata__\":{" + items.joined(separator: ",") + "}")
    }
    var offset = 0
    for (name, tensor) in ordered {
      let size = tensor.buffer.byteCount
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      fields.append(
        jsonQuoted(name) + ":{\"dtype\":\"\(self.name(tensor.dtype).0)\",\"shape\":[\(shape)],"
          + "\"data_offsets\":[\(offset),\(offset + size)]}")
      offset += size
    }
    var header = Array(("{" + fields.joined(separator: ",") + "}").utf8)
    header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
    var out: [UInt8] = []
    out.put64(UInt64(header.count))
    return (out + header, ordered.map(\.tensor))
  }
}

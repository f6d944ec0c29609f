// NumPy .npy files: read v1/v2/v3 (many dtypes, either byte order, Fortran order), write v1.0.

/// NumPy's `.npy` format (`numpy.lib.format`): the magic `\x93NUMPY`, a version, a header
/// length, a Python-literal header dict, then the raw elements.
///
/// Reading accepts versions 1.0, 2.0 and 3.0; dtypes `f8 f4 i8 b1` as themselves and `f2`
/// (→ f32), `i4 i2 i1 u1 u2 u4 u8` (→ i64; a u8 value above `Int64.max` is an error), in
/// either byte order; `fortran_order: True` (transposed to row-major); rank 0 and empty shapes.
/// Writing produces exactly what `np.save` writes for the same array: version 1.0 (2.0 only if
/// the header would not fit), header padded so the data starts at a multiple of 64 bytes.
public enum Npy {
  /// The tensor stored in the `.npy` file at `path`.
  public static func read(contentsOf path: String) throws -> Tensor {
    try parse(FileIO.read(path), file: path) { try decode(&$0) }
  }

  /// The tensor stored in `bytes` (an `.npy` file's contents); `name` names it in errors.
  public static func read(bytes: [UInt8], name: String = "<memory>") throws -> Tensor {
    try parse(bytes, file: name) { try decode(&$0) }
  }

  /// Writes `tensor` to `path` atomically in `.npy` format (as `np.save` would).
  public static func write(_ tensor: Tensor, to path: String) throws {
    guard tensor.dtype != .str else {
      throw TensorError.type("save: str tensors cannot be stored in .npy files")
    }
    try FileIO.writeAtomically(path) { sink in try encode(tensor, into: &sink) }
  }

  /// The `.npy` file for `tensor`, in memory.
  public static func encode(_ tensor: Tensor) -> [UInt8] {
    var out = headerBytes(tensor)
    tensor.withUnsafeBytes { out.append(contentsOf: $0) }
    return out
  }

  /// The magic string every `.npy` file starts with.
  static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

  /// Decodes one `.npy` file from the reader's offset to the end of its bytes.
  static func decode(_ reader: inout ByteReader) throws -> Tensor {
    let magicOffset = reader.offset
    if !reader.startsWith(magic) {
      let found = reader.remaining < magic.count ? reader.shortage(magic.count) : "other bytes"
      throw reader.error("the magic string \\x93NUMPY", found: found, at: magicOffset)
    }
    reader.offset += magic.count
    let versionOffset = reader.offset
    let major = try reader.u8("a format version")
    let minor = try reader.u8("a format version")
    guard (1...3).contains(major), minor == 0 else {
      throw reader.error(
        "format version 1.0, 2.0 or 3.0", found: "\(major).\(minor)", at: versionOffset)
    }
    let length =
      major == 1
      ? Int(try reader.u16("a header length")) : Int(try reader.u32("a header length"))
    let headerOffset = reader.offset
    let header = try NpyHeader.parse(&reader, length: length)
    let (type, bigEndian) = try header.storedType(reader: reader)
    guard let count = elementCount(header.shape), let size = byteSize(count, type.size) else {
      throw reader.error(
        "a shape whose size fits in memory", found: shapeText(header.shape), at: headerOffset)
    }
    let dataOffset = reader.offset
    let raw = try reader.slice(
      size, "\(size) data bytes for shape \(shapeText(header.shape)) of '\(header.descr)'")
    let fileShape = header.fortranOrder ? header.shape.reversed() : header.shape
    let tensor = try decodeTensor(
      raw, as: type, bigEndian: bigEndian, shape: fileShape, reader: reader, start: dataOffset)
    return header.fortranOrder ? reversingAxes(tensor) : tensor
  }

  /// The descr `np.save` writes for each dtype (little-endian).
  static func descr(_ dtype: DType) -> String {
    switch dtype {
    case .f64: return "<f8"
    case .f32: return "<f4"
    case .i64, .str: return "<i8"  // `write` rejects str tensors first
    case .bool: return "|b1"
    }
  }

  /// The magic, version, header length and padded header for `tensor`, as `np.save` writes
  /// them: the total is a multiple of 64 (a whole extra 64 spaces when it already was).
  static func headerBytes(_ tensor: Tensor) -> [UInt8] {
    let text = NpyHeader(descr: descr(tensor.dtype), fortranOrder: false, shape: tensor.shape).text
    let body = Array(text.utf8)
    let length = body.count + 1  // the final newline
    let useV2 = length + 64 - (magic.count + 4 + length) % 64 > 0xffff
    let prefix = magic.count + (useV2 ? 6 : 4)
    let pad = 64 - (prefix + length) % 64
    var out = magic + [useV2 ? 2 : 1, 0]
    let total = length + pad
    if useV2 {
      out += withUnsafeBytes(of: UInt32(total).littleEndian, Array.init)
    } else {
      out += withUnsafeBytes(of: UInt16(total).littleEndian, Array.init)
    }
    out += body
    out += [UInt8](repeating: 0x20, count: pad)
    out.append(0x0a)
    return out
  }

  /// Writes the whole `.npy` file for `tensor` to `sink`.
  static func encode<Sink: ByteSink>(_ tensor: Tensor, into sink: inout Sink) throws {
    try sink.write(headerBytes(tensor))
    try tensor.withUnsafeBytes { try sink.write($0) }
  }

  /// The row-major tensor of a Fortran-ordered file whose elements were read as the row-major
  /// tensor `t` of the reversed shape: every axis reversed.
  static func reversingAxes(_ t: Tensor) -> Tensor {
    let outShape = Array(t.shape.reversed())
    guard t.rank >= 2, t.count > 0 else { return t.reshaped(outShape) }
    let out = Tensor(uninitializedShape: outShape, dtype: t.dtype)
    let rank = t.rank
    // Row-major strides of the input; output axis k walks input axis rank-1-k.
    var inStride = [Int](repeating: 1, count: rank)
    for axis in stride(from: rank - 2, through: 0, by: -1) {
      inStride[axis] = inStride[axis + 1] * t.shape[axis + 1]
    }
    let step = Array(inStride.reversed())
    let source = UnsafeRawPointer(t.buffer.raw)
    let target = out.buffer.raw
    switch t.dtype.itemSize {
    case 8: permute(source, target, UInt64.self, outShape, step)
    case 4: permute(source, target, UInt32.self, outShape, step)
    default: permute(source, target, UInt8.self, outShape, step)
    }
    return out
  }

  /// Fills `target` in row-major order of `shape`, taking each element from `source` at the
  /// offset `sum(index[k] * step[k])`.
  private static func permute<T>(
    _ source: UnsafeRawPointer, _ target: UnsafeMutableRawPointer, _: T.Type, _ shape: [Int],
    _ step: [Int]
  ) {
    let size = MemoryLayout<T>.stride
    let rank = shape.count
    var index = [Int](repeating: 0, count: rank)
    var offset = 0
    for position in 0..<shape.reduce(1, *) {
      let value = source.load(fromByteOffset: offset * size, as: T.self)
      target.storeBytes(of: value, toByteOffset: position * size, as: T.self)
      var axis = rank - 1
      while axis >= 0 {
        index[axis] += 1
        offset += step[axis]
        if index[axis] < shape[axis] { break }
        offset -= step[axis] * index[axis]
        index[axis] = 0
        axis -= 1
      }
    }
  }
}

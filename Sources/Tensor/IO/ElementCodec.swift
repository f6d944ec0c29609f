// Element types as files store them (f16, bf16, narrow ints, either byte order) → tensor dtypes.

#if canImport(Glibc)
  import Glibc
#endif

/// An element type as a file stores it, and the tensor dtype it is read into: floats of 32 bits
/// or fewer become f32, f64 stays f64, every integer type becomes i64, bool stays bool.
enum StoredType: Equatable {
  case f64, f32, f16, bf16, i64, i32, i16, i8, u8, u16, u32, u64, bool

  /// Bytes per stored element.
  var size: Int {
    switch self {
    case .f64, .i64, .u64: return 8
    case .f32, .i32, .u32: return 4
    case .f16, .bf16, .i16, .u16: return 2
    case .i8, .u8, .bool: return 1
    }
  }

  /// Whether it is a floating-point type (read as f32 or f64).
  var isFloat: Bool {
    switch self {
    case .f64, .f32, .f16, .bf16: return true
    default: return false
    }
  }

  /// The dtype of the tensor it is read into.
  var dtype: DType {
    switch self {
    case .f64: return .f64
    case .f32, .f16, .bf16: return .f32
    case .i64, .i32, .i16, .i8, .u8, .u16, .u32, .u64: return .i64
    case .bool: return .bool
    }
  }
}

/// The f32 value of IEEE binary16 bits (exact: every half is a float).
func halfToFloat(_ bits: UInt16) -> Float {
  let sign: UInt32 = UInt32(bits & 0x8000) << 16
  let exponent = UInt32(bits >> 10) & 0x1f
  let mantissa = UInt32(bits & 0x3ff)
  if exponent == 0 {
    let magnitude = Float(mantissa) * 0x1p-24  // zero or subnormal
    return sign == 0 ? magnitude : -magnitude
  }
  if exponent == 31 { return Float(bitPattern: sign | 0x7f80_0000 | mantissa << 13) }
  return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
}

/// The f32 value of bfloat16 bits (the top half of an f32).
func bfloat16ToFloat(_ bits: UInt16) -> Float {
  Float(bitPattern: UInt32(bits) << 16)
}

/// Converts `count` stored elements of integer layout `S` at `raw` to `D` through `convert`.
private func convertElements<S: FixedWidthInteger, D>(
  _ raw: UnsafeRawBufferPointer, _: S.Type, bigEndian: Bool,
  into out: UnsafeMutableBufferPointer<D>,
  _ convert: (Int, S) throws -> D
) rethrows {
  let size = MemoryLayout<S>.size
  for i in 0..<out.count {
    let bits = raw.loadUnaligned(fromByteOffset: i * size, as: S.self)
    out[i] = try convert(i, bigEndian ? S(bigEndian: bits) : S(littleEndian: bits))
  }
}

/// Copies `out.count` elements of the same layout (byte-swapping if the file's order differs).
private func copyElements<T: FixedWidthInteger>(
  _ raw: UnsafeRawBufferPointer, bigEndian: Bool, into out: UnsafeMutableRawBufferPointer,
  _: T.Type
) {
  guard let source = raw.baseAddress, let target = out.baseAddress, !out.isEmpty else { return }
  let nativeIsBig = 1.bigEndian == 1
  if bigEndian == nativeIsBig {
    target.copyMemory(from: source, byteCount: out.count)
    return
  }
  let size = MemoryLayout<T>.size
  for i in 0..<out.count / size {
    let bits = raw.loadUnaligned(fromByteOffset: i * size, as: T.self)
    out.storeBytes(of: bits.byteSwapped, toByteOffset: i * size, as: T.self)
  }
}

/// A tensor of `shape` decoded from `raw`, which holds exactly `count(shape) * type.size` bytes
/// (the caller has checked). `reader` and `start` (the file offset of `raw`) word errors: a u64
/// above `Int64.max` cannot be an i64.
func decodeTensor(
  _ raw: UnsafeRawBufferPointer, as type: StoredType, bigEndian: Bool, shape: [Int],
  reader: ByteReader, start: Int
) throws -> Tensor {
  var tensor = try Tensor(allocating: shape, dtype: type.dtype)
  prepareForWriting(tensor.buffer)
  precondition(raw.count == tensor.count * type.size, "internal: element bytes mismatch")
  let bytes = UnsafeMutableRawBufferPointer(
    start: tensor.buffer.raw, count: tensor.buffer.byteCount)
  switch type {
  case .f64: copyElements(raw, bigEndian: bigEndian, into: bytes, UInt64.self)
  case .i64: copyElements(raw, bigEndian: bigEndian, into: bytes, Int64.self)
  case .f32: copyElements(raw, bigEndian: bigEndian, into: bytes, UInt32.self)
  case .f16:
    tensor.withMutableElements(as: Float.self) { out in
      convertElements(raw, UInt16.self, bigEndian: bigEndian, into: out) { halfToFloat($1) }
    }
  case .bf16:
    tensor.withMutableElements(as: Float.self) { out in
      convertElements(raw, UInt16.self, bigEndian: bigEndian, into: out) { bfloat16ToFloat($1) }
    }
  case .bool:
    tensor.withMutableElements(as: Bool.self) { out in
      convertElements(raw, UInt8.self, bigEndian: false, into: out) { $1 != 0 }
    }
  case .i32, .i16, .i8, .u8, .u16, .u32, .u64:
    try tensor.withMutableElements(as: Int64.self) { out in
      try decodeIntegers(raw, type, bigEndian: bigEndian, into: out, reader: reader, start: start)
    }
  }
  return tensor
}

/// Readies fresh memory that is about to be written in full (a model's weights: hundreds of MB):
/// transparent huge pages over its 2 MiB-aligned middle (`Buffer` asks the same for tensors
/// from 4 MiB up), then every page faulted in by one `MADV_POPULATE_WRITE` call instead of one
/// page fault per 4 KiB page as the writes reach it. Only hints: a kernel older than 5.14
/// refuses the second and the writes fault as usual. Small buffers are left alone.
func prepareForWriting(_ buffer: UnsafeMutableRawBufferPointer) {
  #if os(Linux)
    guard let base = buffer.baseAddress, buffer.count >= 1 << 16 else { return }
    /// The part of `buffer` made of whole aligned `unit`s.
    func middle(_ unit: Int) -> (UnsafeMutableRawPointer, Int)? {
      let start = (Int(bitPattern: base) + unit - 1) & ~(unit - 1)
      let end = (Int(bitPattern: base) + buffer.count) & ~(unit - 1)
      guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return nil }
      return (p, end - start)
    }
    if let (p, n) = middle(2 << 20) { _ = madvise(p, n, MADV_HUGEPAGE) }
    if let (p, n) = middle(sysconf(Int32(_SC_PAGESIZE))) { _ = madvise(p, n, MADV_POPULATE_WRITE) }
  #endif
}

/// `prepareForWriting` over a new tensor's storage.
func prepareForWriting(_ buffer: Buffer) {
  prepareForWriting(UnsafeMutableRawBufferPointer(start: buffer.raw, count: buffer.byteCount))
}

/// `out.count` little-endian floating-point elements of `type` at `raw` as float32: F32 copied,
/// F64 rounded to nearest, F16 and BF16 exact. For readers that convert a tensor straight into
/// the array a model keeps (no f64 tensor in between).
func decodeFloats(
  _ raw: UnsafeRawBufferPointer, as type: StoredType, into out: UnsafeMutableBufferPointer<Float>
) {
  precondition(raw.count == out.count * type.size, "internal: element bytes mismatch")
  switch type {
  case .f32:
    copyElements(raw, bigEndian: false, into: UnsafeMutableRawBufferPointer(out), UInt32.self)
  case .f64:
    convertElements(raw, UInt64.self, bigEndian: false, into: out) {
      Float(Double(bitPattern: $1))
    }
  case .f16:
    convertElements(raw, UInt16.self, bigEndian: false, into: out) { halfToFloat($1) }
  case .bf16:
    convertElements(raw, UInt16.self, bigEndian: false, into: out) { bfloat16ToFloat($1) }
  default: preconditionFailure("internal: \(type) is not a floating-point type")
  }
}

/// The integer cases of `decodeTensor`.
private func decodeIntegers(
  _ raw: UnsafeRawBufferPointer, _ type: StoredType, bigEndian: Bool,
  into out: UnsafeMutableBufferPointer<Int64>, reader: ByteReader, start: Int
) throws {
  let e = bigEndian
  switch type {
  case .i32: convertElements(raw, Int32.self, bigEndian: e, into: out) { Int64($1) }
  case .i16: convertElements(raw, Int16.self, bigEndian: e, into: out) { Int64($1) }
  case .i8: convertElements(raw, Int8.self, bigEndian: e, into: out) { Int64($1) }
  case .u8: convertElements(raw, UInt8.self, bigEndian: e, into: out) { Int64($1) }
  case .u16: convertElements(raw, UInt16.self, bigEndian: e, into: out) { Int64($1) }
  case .u32: convertElements(raw, UInt32.self, bigEndian: e, into: out) { Int64($1) }
  case .u64:
    try convertElements(raw, UInt64.self, bigEndian: e, into: out) { i, value in
      guard value <= UInt64(Int64.max) else {
        throw reader.error("a uint64 value that fits in i64", found: "\(value)", at: start + 8 * i)
      }
      return Int64(value)
    }
  default: preconditionFailure("internal: \(type) is not a narrow integer type")
  }
}

// Tensor: an n-dimensional, row-major, contiguous array of one dtype, with value semantics.
//
// Value model. A `Tensor` is a struct holding one reference to a `Buffer` (aligned raw memory)
// plus its shape and dtype. Copies share the buffer; the first write through a copy whose
// buffer is shared copies it (`ensureUniqueBuffer`), so assignment never aliases and passing a
// 1 GB tensor to a function copies nothing. Writes to a uniquely held tensor are in place, so
// `x[i] = v` in a loop is O(1) per write. Reshape shares the buffer (it is the same elements in
// the same order). There are no views: a slice is a new tensor.
//
// Rank 0 is a tensor with shape `[]` and one element; it converts to a number where a number
// is needed. Empty shapes (a 0 in the shape) have no elements and a zero-byte buffer. NaN is an
// ordinary value: it propagates through arithmetic and compares unequal, as in NumPy.

#if canImport(Glibc)
  import Glibc
#endif

/// Raw, 64-byte-aligned element storage shared by tensors until one of them writes.
public final class Buffer {
  public let byteCount: Int
  public let raw: UnsafeMutableRawPointer

  /// Buffers from this size up are 2 MiB-aligned and asked to live on transparent huge pages
  /// (as NumPy does): a fresh 80 MB temporary then takes 40 page faults instead of 20,000,
  /// which was a third of the time of a 10M-element expression.
  static let hugeThreshold = 4 << 20

  /// Uninitialised storage (elements must be written before they are read), or nil when the
  /// system refuses the memory. `posix_memalign` reports failure where Swift's `allocate`
  /// aborts; size limits are checked before (`Shape.byteCount`).
  public init?(byteCount: Int) {
    let huge = byteCount >= Buffer.hugeThreshold
    var p: UnsafeMutableRawPointer?
    guard posix_memalign(&p, huge ? 2 << 20 : 64, max(byteCount, 1)) == 0, let p else {
      return nil
    }
    if huge { _ = madvise(p, byteCount & ~4095, MADV_HUGEPAGE) }
    self.byteCount = byteCount
    raw = p
  }

  /// A copy of `other`'s bytes (copy-on-write). Running out of memory here, for a tensor that
  /// already exists, ends the process with a message.
  static func copy(of other: Buffer) -> Buffer {
    guard let b = Buffer(byteCount: other.byteCount) else {
      fatalError("out of memory: cannot copy a tensor buffer of \(other.byteCount) bytes")
    }
    b.raw.copyMemory(from: other.raw, byteCount: other.byteCount)
    return b
  }

  deinit { free(raw) }
}

/// An n-dimensional array. See the file comment for the value model.
public struct Tensor {
  // Field order keeps the struct at 17 bytes, so `Value` (which embeds it) stays 24 wide.
  public private(set) var shape: [Int]
  public internal(set) var buffer: Buffer
  public let dtype: DType

  /// Number of elements (product of the shape; 1 for rank 0).
  public var count: Int { shape.reduce(1, *) }
  public var rank: Int { shape.count }

  /// An uninitialised tensor (callers fill every element before reading), its size checked
  /// in one place: a negative dimension is a ValueError; a size that overflows, exceeds the
  /// memory limit (`MemoryLimit`) or that the system refuses is a MemoryError.
  public init(allocating shape: [Int], dtype: DType) throws {
    let bytes = try Shape.byteCount(shape, dtype)
    guard let b = Buffer(byteCount: bytes) else {
      throw Shape.cannotAllocate(bytes, shape, dtype)
    }
    self.shape = shape
    self.dtype = dtype
    buffer = b
  }

  /// `init(allocating:dtype:)` for a size that is already known to fit (the shape of an
  /// existing tensor, or a result no larger): a failure ends the process with the message.
  public init(uninitializedShape shape: [Int], dtype: DType) {
    do { self = try Tensor(allocating: shape, dtype: dtype) } catch {
      fatalError("internal: \(error)")
    }
  }

  /// A tensor sharing `buffer` (which must hold `shape.product * dtype.itemSize` bytes).
  public init(shape: [Int], dtype: DType, buffer: Buffer) {
    precondition(
      buffer.byteCount == shape.reduce(1, *) * dtype.itemSize, "internal: buffer size mismatch")
    self.shape = shape
    self.dtype = dtype
    self.buffer = buffer
  }

  /// An f64 tensor from row-major values.
  public init(shape: [Int], f64 values: [Double]) {
    self.init(shape: shape, dtype: .f64, elements: values)
  }

  /// An f32 tensor from row-major values.
  public init(shape: [Int], f32 values: [Float]) {
    self.init(shape: shape, dtype: .f32, elements: values)
  }

  /// An i64 tensor from row-major values.
  public init(shape: [Int], i64 values: [Int64]) {
    self.init(shape: shape, dtype: .i64, elements: values)
  }

  /// A bool tensor from row-major values (stored one byte each, 0 or 1).
  public init(shape: [Int], bool values: [Bool]) {
    self.init(shape: shape, dtype: .bool, elements: values)
  }

  init<T>(shape: [Int], dtype: DType, elements: [T]) {
    precondition(MemoryLayout<T>.stride == dtype.itemSize, "internal: element type mismatch")
    precondition(
      elements.count == shape.reduce(1, *), "internal: \(elements.count) values for shape \(shape)")
    self.init(uninitializedShape: shape, dtype: dtype)
    elements.withUnsafeBytes { src in
      if let base = src.baseAddress { buffer.raw.copyMemory(from: base, byteCount: src.count) }
    }
  }

  /// A rank-0 f64 tensor.
  public init(scalar: Double) {
    self.init(shape: [], f64: [scalar])
  }

  /// The same elements with another shape of equal size (shares the buffer).
  public func reshaped(_ newShape: [Int]) -> Tensor {
    precondition(newShape.reduce(1, *) == count, "internal: reshape changes the size")
    return Tensor(shape: newShape, dtype: dtype, buffer: buffer)
  }

  /// Makes the buffer uniquely owned before a write (copy-on-write).
  public mutating func ensureUniqueBuffer() {
    if !isKnownUniquelyReferenced(&buffer) { buffer = Buffer.copy(of: buffer) }
  }

  /// The elements as `T` (which must match the dtype's layout), read-only.
  public func withElements<T, R>(as _: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R)
    rethrows -> R
  {
    precondition(MemoryLayout<T>.stride == dtype.itemSize, "internal: element type mismatch")
    let p = buffer.raw.bindMemory(to: T.self, capacity: count)
    return try body(UnsafeBufferPointer(start: p, count: count))
  }

  /// The elements as `T`, writable; copies a shared buffer first.
  public mutating func withMutableElements<T, R>(
    as _: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R
  ) rethrows -> R {
    precondition(MemoryLayout<T>.stride == dtype.itemSize, "internal: element type mismatch")
    ensureUniqueBuffer()
    let p = buffer.raw.bindMemory(to: T.self, capacity: count)
    return try body(UnsafeMutableBufferPointer(start: p, count: count))
  }

  /// The raw bytes, read-only (for writers of file formats).
  public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try body(UnsafeRawBufferPointer(start: buffer.raw, count: buffer.byteCount))
  }

  /// Every element converted to Double (bool as 0/1), row-major.
  public var doubles: [Double] {
    switch dtype {
    case .f64: return withElements(as: Double.self) { Array($0) }
    case .f32: return withElements(as: Float.self) { $0.map(Double.init) }
    case .i64: return withElements(as: Int64.self) { $0.map(Double.init) }
    case .bool: return withElements(as: Bool.self) { $0.map { $0 ? 1 : 0 } }
    case .str: return [Double](repeating: .nan, count: count)
    }
  }
}

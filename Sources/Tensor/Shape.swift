// Shapes: row-major strides and NumPy broadcasting of two shapes.

public enum Shape {
  /// Row-major strides in elements (the last axis has stride 1).
  public static func strides(_ shape: [Int]) -> [Int] {
    var s = [Int](repeating: 1, count: shape.count)
    var acc = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
      s[i] = acc
      acc *= max(shape[i], 1)
    }
    return s
  }

  /// The broadcast shape of `a` and `b` (NumPy rules), or a ShapeError with NumPy's wording.
  public static func broadcast(_ a: [Int], _ b: [Int]) throws -> [Int] {
    let n = max(a.count, b.count)
    var out = [Int](repeating: 0, count: n)
    for i in 0..<n {
      let x = i < n - a.count ? 1 : a[i - (n - a.count)]
      let y = i < n - b.count ? 1 : b[i - (n - b.count)]
      if x == y || y == 1 {
        out[i] = x
      } else if x == 1 {
        out[i] = y
      } else {
        throw TensorError.shape(
          "operands could not be broadcast together with shapes \(shapeText(a)) \(shapeText(b))")
      }
    }
    return out
  }

  /// Strides of `shape` when read as broadcast to `target` (0 along broadcast axes).
  public static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let own = strides(shape)
    let offset = target.count - shape.count
    return (0..<target.count).map { i in
      guard i >= offset else { return 0 }
      return shape[i - offset] == 1 && target[i] != 1 ? 0 : own[i - offset]
    }
  }
}

extension Shape {
  /// The bytes a tensor of `shape` and `dtype` needs: the one place a tensor's size is computed
  /// from its shape and checked. A negative dimension is a ValueError; a size that overflows
  /// or that `MemoryLimit` refuses is a MemoryError. Small sizes cost a few integer ops.
  @inline(__always)
  public static func byteCount(_ shape: [Int], _ dtype: DType) throws -> Int {
    var bytes = dtype.itemSize
    var overflow = false
    var empty = false
    for d in shape {
      guard d > 0 else {
        guard d == 0 else { throw TensorError.value("negative dimension \(d)") }
        empty = true
        continue
      }
      let (m, o) = bytes.multipliedReportingOverflow(by: d)
      bytes = m
      overflow = overflow || o
    }
    // As NumPy: the product of the non-zero dimensions must not overflow even when another
    // is zero, so `count` never overflows for any tensor that exists.
    if overflow { throw cannotAllocate(nil, shape, dtype) }
    if empty { return 0 }
    if bytes >= MemoryLimit.quick && !MemoryLimit.allows(bytes) {
      throw cannotAllocate(bytes, shape, dtype)
    }
    return bytes
  }

  /// `MemoryError: cannot allocate 8000000000000 bytes for a tensor of shape [1000000,
  /// 1000000] (f64)`; a size past `Int.max` (`bytes` nil) prints as a float.
  static func cannotAllocate(_ bytes: Int?, _ shape: [Int], _ dtype: DType) -> TensorError {
    let size =
      bytes.map(String.init)
      ?? "\(shape.reduce(Double(dtype.itemSize)) { $0 * Double(max($1, 1)) })"
    return TensorError.memory(
      "cannot allocate \(size) bytes for a tensor of shape \(shapeText(shape)) (\(dtype.rawValue))")
  }
}

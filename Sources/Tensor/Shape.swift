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

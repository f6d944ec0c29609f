// Element types of tensors: f64 (default), f32, i64, bool.

/// The element type of a tensor.
public enum DType: String, Sendable, CaseIterable {
  case f64, f32, i64, bool

  /// Bytes per element.
  public var itemSize: Int {
    switch self {
    case .f64, .i64: return 8
    case .f32: return 4
    case .bool: return 1
    }
  }
}

// Element types of tensors: f64 (default), f32, i64, bool, and str (interned strings, Strings.swift).

/// The element type of a tensor.
public enum DType: String, Sendable, CaseIterable {
  case f64, f32, i64, bool
  /// Strings: an Int64 code per element into `StringPool` (Strings.swift).
  case str

  /// Bytes per element.
  public var itemSize: Int {
    switch self {
    case .f64, .i64, .str: return 8
    case .f32: return 4
    case .bool: return 1
    }
  }
}

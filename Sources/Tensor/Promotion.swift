// Type promotion and dtype conversion (`astype`), following NumPy 2 where FSL has the dtype.

extension DType {
  /// The dtype of an arithmetic result on `a` and `b` (before true division's f64 rule).
  /// bool < i64 < f32 < f64, except i64 with f32 gives f64 (as NumPy).
  public static func promote(_ a: DType, _ b: DType) -> DType {
    if a == b { return a == .bool ? .i64 : a }
    if a == .str || b == .str { return .str }
    switch (a, b) {
    case (.f64, _), (_, .f64): return .f64
    case (.f32, .i64), (.i64, .f32): return .f64
    case (.f32, _), (_, .f32): return .f32
    default: return .i64
    }
  }

  public var isFloat: Bool { self == .f64 || self == .f32 }

  /// NumPy's `same_kind` casting, which in-place operators use: bool → integer → float, never
  /// back (f64 → f32 is allowed).
  public func castsSameKind(to other: DType) -> Bool {
    func kind(_ d: DType) -> Int { d == .bool ? 0 : (d == .i64 ? 1 : (d == .str ? 3 : 2)) }
    return kind(self) <= kind(other)
  }
}

extension Tensor {
  /// The elements converted to `dtype` (the same tensor when it already has it).
  /// Floats to i64 truncate toward zero; to bool, non-zero is true.
  public func astype(_ to: DType) -> Tensor {
    if to == dtype { return self }
    if to == .str { return formattedAsStrings() }
    if dtype == .str { return Tensor(shape: shape, f64: doubles).astype(to) }
    var out = Tensor(uninitializedShape: shape, dtype: to)
    let n = count
    switch (dtype, to) {
    case (_, .f64):
      out.withMutableElements(as: Double.self) { d in
        switch dtype {
        case .f32: withElements(as: Float.self) { s in for i in 0..<n { d[i] = Double(s[i]) } }
        case .i64: withElements(as: Int64.self) { s in for i in 0..<n { d[i] = Double(s[i]) } }
        case .bool: withElements(as: Bool.self) { s in for i in 0..<n { d[i] = s[i] ? 1 : 0 } }
        case .f64, .str: break
        }
      }
    case (_, .f32):
      let src = astype(.f64)
      out.withMutableElements(as: Float.self) { d in
        src.withElements(as: Double.self) { s in for i in 0..<n { d[i] = Float(s[i]) } }
      }
    case (.bool, .i64):
      out.withMutableElements(as: Int64.self) { d in
        withElements(as: Bool.self) { s in for i in 0..<n { d[i] = s[i] ? 1 : 0 } }
      }
    case (_, .i64):
      let src = astype(.f64)
      out.withMutableElements(as: Int64.self) { d in
        src.withElements(as: Double.self) { s in
          for i in 0..<n {
            let v = s[i]
            d[i] =
              v.isNaN
              ? Int64.min : (v >= 9.2e18 ? Int64.max : (v <= -9.2e18 ? Int64.min : Int64(v)))
          }
        }
      }
    case (_, .str): break
    case (_, .bool):
      let src = astype(.f64)
      out.withMutableElements(as: Bool.self) { d in
        src.withElements(as: Double.self) { s in for i in 0..<n { d[i] = s[i] != 0 } }
      }
    }
    return out
  }
}

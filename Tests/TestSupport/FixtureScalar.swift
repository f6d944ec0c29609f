// One element of a NumPy oracle fixture (TensorOracleTests, NumpyDiffTests, EverydayOracle…):
// a JSON bool, an exact integer, a number, or the strings "nan" / "inf" / "-inf".
import Foundation

public enum FixtureScalar: Decodable, Equatable {
  case number(Double)
  case int(Int64)
  case bool(Bool)

  public init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let i = try? c.decode(Int64.self) {
      self = .int(i)
    } else if let d = try? c.decode(Double.self) {
      self = .number(d)
    } else {
      let s = try c.decode(String.self)
      guard let d = FixtureScalar.parse(s) else {
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "bad value \(s)")
      }
      self = .number(d)
    }
  }

  /// Parses FSL's or a fixture's text for one element.
  public static func parse(_ s: String) -> Double? {
    switch s {
    case "nan", "-nan": return .nan
    case "inf": return .infinity
    case "-inf": return -.infinity
    case "true": return 1
    case "false": return 0
    default: return Double(s)
    }
  }

  public var double: Double {
    switch self {
    case .number(let d): return d
    case .int(let i): return Double(i)
    case .bool(let b): return b ? 1 : 0
    }
  }
}

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

/// The result lines an oracle test's epilogue prints: `@kind`, `@dtype` and `@shape` once, and
/// any other `@tag VALUE` lines (element values) collected by tag, in order.
public struct TaggedOutput {
  public var kind = ""
  public var dtype = ""
  public var shape: [Int] = []
  public var tagged: [String: [String]] = [:]

  public init(_ output: String) {
    for line in output.split(separator: "\n") {
      let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { continue }
      switch parts[0] {
      case "@kind": kind = parts[1]
      case "@dtype": dtype = parts[1]
      case "@shape":
        shape = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
          .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
      default: tagged[parts[0], default: []].append(parts[1])
      }
    }
  }

  /// The elements printed under `tag`, as numbers (signalling NaN for text that is none).
  public func numbers(_ tag: String) -> [Double] {
    tagged[tag, default: []].map { FixtureScalar.parse($0) ?? .signalingNaN }
  }
}

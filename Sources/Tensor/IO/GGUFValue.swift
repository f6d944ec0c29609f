// GGUF metadata values (every GGUF value type, arrays included) and how they are read.

/// The type tag of a GGUF metadata value.
public enum GGUFValueType: UInt32, Sendable, CaseIterable {
  case uint8 = 0
  case int8 = 1
  case uint16 = 2
  case int16 = 3
  case uint32 = 4
  case int32 = 5
  case float32 = 6
  case bool = 7
  case string = 8
  case array = 9
  case uint64 = 10
  case int64 = 11
  case float64 = 12

  /// The fewest bytes a value of this type occupies (bounds array lengths before reading).
  var minimumSize: Int {
    switch self {
    case .uint8, .int8, .bool: return 1
    case .uint16, .int16: return 2
    case .uint32, .int32, .float32: return 4
    case .uint64, .int64, .float64, .string: return 8
    case .array: return 12
    }
  }
}

/// A GGUF metadata value. Arrays keep their element type, so an empty array still says what
/// it would hold.
public enum GGUFValue: Equatable, Sendable {
  case uint8(UInt8)
  case int8(Int8)
  case uint16(UInt16)
  case int16(Int16)
  case uint32(UInt32)
  case int32(Int32)
  case float32(Float)
  case bool(Bool)
  case string(String)
  case array(GGUFValueType, [GGUFValue])
  case uint64(UInt64)
  case int64(Int64)
  case float64(Double)

  /// The value's type tag.
  public var type: GGUFValueType {
    switch self {
    case .uint8: return .uint8
    case .int8: return .int8
    case .uint16: return .uint16
    case .int16: return .int16
    case .uint32: return .uint32
    case .int32: return .int32
    case .float32: return .float32
    case .bool: return .bool
    case .string: return .string
    case .array: return .array
    case .uint64: return .uint64
    case .int64: return .int64
    case .float64: return .float64
    }
  }

  /// The value as an `Int`, if it is an integer that fits.
  public var intValue: Int? {
    switch self {
    case .uint8(let v): return Int(v)
    case .int8(let v): return Int(v)
    case .uint16(let v): return Int(v)
    case .int16(let v): return Int(v)
    case .uint32(let v): return Int(v)
    case .int32(let v): return Int(v)
    case .uint64(let v): return Int(exactly: v)
    case .int64(let v): return Int(exactly: v)
    default: return nil
    }
  }

  /// The value as a `Double`, if it is a number (integers converted).
  public var doubleValue: Double? {
    switch self {
    case .float32(let v): return Double(v)
    case .float64(let v): return v
    case .uint64(let v): return Double(v)
    case .int64(let v): return Double(v)
    default: return intValue.map(Double.init)
    }
  }

  /// The string, if the value is one.
  public var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// The elements, if the value is an array.
  public var arrayValue: [GGUFValue]? {
    if case .array(_, let items) = self { return items }
    return nil
  }

  /// Arrays may nest at most this deep.
  static let maximumDepth = 16

  /// Reads a value of `type` at the reader's offset (`key` names it in errors).
  static func read(
    _ type: GGUFValueType, _ reader: inout ByteReader, key: String, depth: Int = 0
  ) throws -> GGUFValue {
    switch type {
    case .uint8: return .uint8(try reader.u8("a uint8 value for '\(key)'"))
    case .int8: return .int8(Int8(bitPattern: try reader.u8("an int8 value for '\(key)'")))
    case .uint16: return .uint16(try reader.u16("a uint16 value for '\(key)'"))
    case .int16: return .int16(Int16(bitPattern: try reader.u16("an int16 value for '\(key)'")))
    case .uint32: return .uint32(try reader.u32("a uint32 value for '\(key)'"))
    case .int32: return .int32(Int32(bitPattern: try reader.u32("an int32 value for '\(key)'")))
    case .float32:
      return .float32(Float(bitPattern: try reader.u32("a float32 value for '\(key)'")))
    case .bool:
      let start = reader.offset
      let byte = try reader.u8("a bool value for '\(key)'")
      guard byte <= 1 else { throw reader.error("a bool (0 or 1)", found: "\(byte)", at: start) }
      return .bool(byte == 1)
    case .string: return .string(try readString(&reader, "a string", " for '\(key)'"))
    case .uint64: return .uint64(try reader.u64("a uint64 value for '\(key)'"))
    case .int64: return .int64(Int64(bitPattern: try reader.u64("an int64 value for '\(key)'")))
    case .float64:
      return .float64(Double(bitPattern: try reader.u64("a float64 value for '\(key)'")))
    case .array:
      guard depth < maximumDepth else {
        throw reader.error("arrays nested at most \(maximumDepth) deep for '\(key)'")
      }
      let elementType = try readType(&reader, "an array element type for '\(key)'")
      let count = try reader.length(
        "an array length that fits in the file for '\(key)'",
        limit: max(0, reader.remaining - 8) / elementType.minimumSize)
      var items: [GGUFValue] = []
      items.reserveCapacity(count)
      for _ in 0..<count {
        items.append(try read(elementType, &reader, key: key, depth: depth + 1))
      }
      return .array(elementType, items)
    }
  }

  /// A value type tag.
  static func readType(
    _ reader: inout ByteReader, _ what: @autoclosure () -> String
  ) throws -> GGUFValueType {
    let start = reader.offset
    let raw = try reader.u32(what())
    guard let type = GGUFValueType(rawValue: raw) else {
      throw reader.error("\(what()) (0 to 12)", found: "\(raw)", at: start)
    }
    return type
  }
}

/// A GGUF string: a u64 length, then that many UTF-8 bytes (`what` names the string, `whose`
/// says whose it is: "a string" + " length" + " for 'key'").
func readString(
  _ reader: inout ByteReader, _ what: String, _ whose: @autoclosure () -> String = ""
) throws -> String {
  let length = try reader.length(
    "\(what) length\(whose())", limit: max(0, reader.remaining - 8))
  return try reader.string(length, "\(what)\(whose())")
}

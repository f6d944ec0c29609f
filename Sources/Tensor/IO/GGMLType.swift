// ggml tensor types (ids, names, block layouts) and dequantisation of GGUF tensor data.

/// A ggml tensor element type as GGUF files number it (`ggml_type`).
public struct GGMLType: Hashable, Sendable, CustomStringConvertible {
  /// The type's number in GGUF tensor infos (`GGML_TYPE_*`).
  public let rawValue: UInt32

  /// The type numbered `rawValue` (known to this reader or not).
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  public static let f32 = GGMLType(rawValue: 0)
  public static let f16 = GGMLType(rawValue: 1)
  /// Q4_0: blocks of 32 as an f16 scale and 16 bytes of 4-bit values.
  public static let q40 = GGMLType(rawValue: 2)
  /// Q4_1: blocks of 32 as an f16 scale, an f16 minimum and 16 bytes of 4-bit values.
  public static let q41 = GGMLType(rawValue: 3)
  /// Q8_0: blocks of 32 as an f16 scale and 32 signed bytes.
  public static let q80 = GGMLType(rawValue: 8)
  public static let i8 = GGMLType(rawValue: 24)
  public static let i16 = GGMLType(rawValue: 25)
  public static let i32 = GGMLType(rawValue: 26)
  public static let i64 = GGMLType(rawValue: 27)
  public static let f64 = GGMLType(rawValue: 28)
  public static let bf16 = GGMLType(rawValue: 30)

  /// Name, elements per block and bytes per block of every type ggml's GGUF writer knows
  /// (gguf-py's GGML_QUANT_SIZES), so files with other types still parse.
  private static let known: [UInt32: (String, Int, Int)] = [
    0: ("F32", 1, 4), 1: ("F16", 1, 2), 2: ("Q4_0", 32, 18), 3: ("Q4_1", 32, 20),
    6: ("Q5_0", 32, 22), 7: ("Q5_1", 32, 24), 8: ("Q8_0", 32, 34), 9: ("Q8_1", 32, 40),
    10: ("Q2_K", 256, 84), 11: ("Q3_K", 256, 110), 12: ("Q4_K", 256, 144),
    13: ("Q5_K", 256, 176), 14: ("Q6_K", 256, 210), 15: ("Q8_K", 256, 292),
    16: ("IQ2_XXS", 256, 66), 17: ("IQ2_XS", 256, 74), 18: ("IQ3_XXS", 256, 98),
    19: ("IQ1_S", 256, 50), 20: ("IQ4_NL", 32, 18), 21: ("IQ3_S", 256, 110),
    22: ("IQ2_S", 256, 82), 23: ("IQ4_XS", 256, 136), 24: ("I8", 1, 1), 25: ("I16", 1, 2),
    26: ("I32", 1, 4), 27: ("I64", 1, 8), 28: ("F64", 1, 8), 29: ("IQ1_M", 256, 56),
    30: ("BF16", 1, 2), 34: ("TQ1_0", 256, 54), 35: ("TQ2_0", 256, 66), 39: ("MXFP4", 32, 17),
  ]

  /// The type's name (`Q8_0`), or `type 99` for an unknown id.
  public var name: String { Self.known[rawValue]?.0 ?? "type \(rawValue)" }

  public var description: String { name }

  /// Elements per block and bytes per block, if the type is known.
  var layout: (block: Int, bytes: Int)? {
    Self.known[rawValue].map { ($0.1, $0.2) }
  }

  /// Stored types read through `decodeTensor` unchanged (no blocks).
  var plain: StoredType? {
    let plain: [GGMLType: StoredType] = [
      .f32: .f32, .f16: .f16, .bf16: .bf16, .f64: .f64, .i8: .i8, .i16: .i16, .i32: .i32,
      .i64: .i64,
    ]
    return plain[self]
  }
}

/// The tensor `info` describes, from its `info.byteCount` bytes `raw`.
func dequantize(
  _ raw: UnsafeRawBufferPointer, info: GGUFTensorInfo, reader: ByteReader
) throws -> Tensor {
  if let plain = info.type.plain {
    return try decodeTensor(
      raw, as: plain, bigEndian: false, shape: info.shape, reader: reader, start: info.offset)
  }
  var out = try Tensor(allocating: info.shape, dtype: .f32)
  prepareForWriting(out.buffer)
  let blocks = out.count / 32
  switch info.type {
  case .q80:
    precondition(raw.count == blocks * 34, "internal: Q8_0 size mismatch")
    out.withMutableElements(as: Float.self) { y in
      for b in 0..<blocks {
        let base = b * 34
        let d = halfToFloat(raw.loadUnaligned(fromByteOffset: base, as: UInt16.self).littleEndian)
        for j in 0..<32 {
          y[b * 32 + j] = Float(Int8(bitPattern: raw[base + 2 + j])) * d
        }
      }
    }
  case .q40:
    precondition(raw.count == blocks * 18, "internal: Q4_0 size mismatch")
    out.withMutableElements(as: Float.self) { y in
      for b in 0..<blocks {
        let base = b * 18
        let d = halfToFloat(raw.loadUnaligned(fromByteOffset: base, as: UInt16.self).littleEndian)
        for j in 0..<16 {
          let byte = raw[base + 2 + j]
          y[b * 32 + j] = Float(Int(byte & 0x0f) - 8) * d
          y[b * 32 + j + 16] = Float(Int(byte >> 4) - 8) * d
        }
      }
    }
  case .q41:
    precondition(raw.count == blocks * 20, "internal: Q4_1 size mismatch")
    out.withMutableElements(as: Float.self) { y in
      for b in 0..<blocks {
        let base = b * 20
        let d = halfToFloat(raw.loadUnaligned(fromByteOffset: base, as: UInt16.self).littleEndian)
        let m = halfToFloat(
          raw.loadUnaligned(fromByteOffset: base + 2, as: UInt16.self).littleEndian)
        for j in 0..<16 {
          let byte = raw[base + 4 + j]
          y[b * 32 + j] = d * Float(byte & 0x0f) + m
          y[b * 32 + j + 16] = d * Float(byte >> 4) + m
        }
      }
    }
  default:
    throw reader.error(
      "a tensor type this reader converts (F32, F16, BF16, F64, I8, I16, I32, I64, Q8_0, Q4_0, "
        + "Q4_1) for '\(info.name)'", found: info.type.name, at: info.infoOffset)
  }
  return out
}

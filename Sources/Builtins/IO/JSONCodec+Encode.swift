// FSL values → JSON text (`save("x.json", v)`): the inverse of JSONCodec's parser, refusing what
// the parser would refuse (nesting deeper than `JSONCodec.maxDepth`) so a saved file always loads.
import Interp
import Tensor

extension JSONCodec {
  /// JSON text for a value; tensors become nested arrays. Functions and modules are an error,
  /// and so is nesting deeper than `maxDepth` (which `decode` would refuse).
  static func encode(_ v: Value, poll: () -> Bool = JSONCodec.interruptPending) throws -> String {
    try withoutActuallyEscaping(poll) { poll in
      var w = Writer(poll: poll)
      try w.write(v, depth: 0)
      return String(decoding: w.out, as: UTF8.self)
    }
  }

  struct Writer {
    let poll: () -> Bool
    var out: [UInt8] = []
    var seen = 0

    mutating func tick() throws {
      seen += 1
      if seen % pollEvery == 0 && poll() { throw RuntimeError("Interrupted", "interrupted") }
    }

    func tooDeep() -> RuntimeError {
      RuntimeError.value(
        "save: the value is nested more than \(maxDepth) levels deep; JSON files hold at most "
          + "\(maxDepth) levels of arrays and objects (the most load reads)")
    }

    mutating func write(_ v: Value, depth: Int) throws {
      try tick()
      switch v {
      case .null: out.append(contentsOf: "null".utf8)
      case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
      case .number(let d): number(d)
      case .string(let s): string(s)
      case .list(let xs):
        guard depth < maxDepth else { throw tooDeep() }
        out.append(UInt8(ascii: "["))
        for (k, x) in xs.enumerated() {
          if k > 0 { out += [UInt8(ascii: ","), UInt8(ascii: " ")] }
          try write(x, depth: depth + 1)
        }
        out.append(UInt8(ascii: "]"))
      case .dict(let d):
        guard depth < maxDepth else { throw tooDeep() }
        out.append(UInt8(ascii: "{"))
        var first = true
        for (k, x) in d {
          if !first { out += [UInt8(ascii: ","), UInt8(ascii: " ")] }
          first = false
          string(k)
          out += [UInt8(ascii: ":"), UInt8(ascii: " ")]
          try write(x, depth: depth + 1)
        }
        out.append(UInt8(ascii: "}"))
      case .tensor(let t):
        guard depth + t.rank <= maxDepth else { throw tooDeep() }
        if t.dtype == .str {
          let flat = t.strings
          var k = 0
          try tensor(t.shape[...]) { w in
            w.string(flat[k])
            k += 1
          }
        } else if t.dtype == .bool {
          let flat = t.withElements(as: Bool.self) { Array($0) }
          var k = 0
          try tensor(t.shape[...]) { w in
            w.out.append(contentsOf: (flat[k] ? "true" : "false").utf8)
            k += 1
          }
        } else {
          let flat = t.doubles
          var k = 0
          try tensor(t.shape[...]) { w in
            w.number(flat[k])
            k += 1
          }
        }
      case .cell(let c): try write(c.value, depth: depth)
      default: throw RuntimeError.type("save: a \(v.typeName) cannot be written as JSON")
      }
    }

    /// Nested arrays over `shape`, calling `element` for each element in row-major order.
    mutating func tensor(_ shape: ArraySlice<Int>, _ element: (inout Writer) -> Void) throws {
      guard let n = shape.first else { return element(&self) }
      out.append(UInt8(ascii: "["))
      for k in 0..<n {
        if k > 0 { out += [UInt8(ascii: ","), UInt8(ascii: " ")] }
        try tick()
        try tensor(shape.dropFirst(), element)
      }
      out.append(UInt8(ascii: "]"))
    }

    mutating func number(_ d: Double) {
      if d.isNaN {
        out.append(contentsOf: "NaN".utf8)
      } else if d.isInfinite {
        out.append(contentsOf: (d < 0 ? "-Infinity" : "Infinity").utf8)
      } else {
        out.append(contentsOf: formatNumber(d).utf8)
      }
    }

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`-style or `\u00XX`
    /// escapes, everything else as UTF-8.
    mutating func string(_ s: String) {
      out.append(UInt8(ascii: "\""))
      for b in s.utf8 {
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), b]
        case 0x0A: out.append(contentsOf: "\\n".utf8)
        case 0x0D: out.append(contentsOf: "\\r".utf8)
        case 0x09: out.append(contentsOf: "\\t".utf8)
        case 0x08: out.append(contentsOf: "\\b".utf8)
        case 0x0C: out.append(contentsOf: "\\f".utf8)
        case 0..<0x20: out.append(contentsOf: escapeText(UInt32(b)).lowercased().utf8)
        default: out.append(b)
        }
      }
      out.append(UInt8(ascii: "\""))
    }
  }
}

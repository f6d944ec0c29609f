// File builtins (docs/tensors.md, "Files"): read_text, write_text, and load/save by extension.
// Every write goes through FileOut's `AtomicFile` (policy: Sources/FileOut/README.md) and every
// whole-file read through `RegularFile`, which refuses directories and devices.
import FileOut
import Foundation
import Interp
import Tensor

enum FileBuiltins {
  /// Writes `bytes` to `path` atomically; failures are IOErrors such as
  /// `write_text: cannot write 'x/y.txt': No such file or directory`.
  static func writeAtomically<Bytes: Sequence>(_ bytes: Bytes, to path: String, _ who: String)
    throws where Bytes.Element == UInt8
  {
    do {
      try AtomicFile.write(bytes, to: path)
    } catch {
      throw RuntimeError.io("\(who): \(error)")
    }
  }

  /// The contents of the regular file at `path`; failures are IOErrors such as
  /// `read_text: cannot read '/tmp': is a directory`.
  static func read(_ path: String, _ who: String) throws -> [UInt8] {
    do {
      return try RegularFile.contents(of: path)
    } catch {
      throw RuntimeError.io("\(who): \(error)")
    }
  }

  static func ext(_ path: String) -> String { (path as NSString).pathExtension.lowercased() }

  static func unsupported(_ who: String, _ path: String) -> RuntimeError {
    RuntimeError.io(
      "\(who): unsupported file type '.\(ext(path))' for '\(path)' "
        + "(supported: .npy, .npz, .safetensors, .json)")
  }

  /// Runs a file-format operation, showing its errors as IOError; file-system failures are
  /// prefixed with `who` (`save: cannot write 'x.npy': …`).
  static func formatCall<T>(_ who: String = "", _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as FormatError {
      throw RuntimeError.io(e.description)
    } catch let e as FileError {
      throw RuntimeError.io(e.description)
    } catch let e as FileIOError {
      throw RuntimeError.io(who.isEmpty ? e.description : "\(who): \(e)")
    } catch let e as TensorError {
      // A header may describe a tensor too large to allocate: a MemoryError, as anywhere.
      throw RuntimeError(e.kind, e.message)
    }
  }

  static func tensorDict(_ items: [(name: String, tensor: Tensor)]) -> Value {
    .dict(FDict(items.map { ($0.name, Value.tensor($0.tensor)) }))
  }

  /// A dict of tensors (values convertible to tensors) as named tensors, for .npz/.safetensors.
  static func namedTensors(_ v: Value, _ kind: String) throws -> [(name: String, tensor: Tensor)] {
    guard case .dict(let d) = v else {
      throw RuntimeError.type("save: a .\(kind) file holds a dict of tensors, got \(v.typeName)")
    }
    return try d.map { k, x in
      guard let t = x.asTensorValue else {
        throw RuntimeError.type("save: '\(k)' must be a tensor for .\(kind), got \(x.typeName)")
      }
      return (k, t)
    }
  }

  static func ggufValue(_ v: GGUFValue) -> Value {
    if let s = v.stringValue { return .string(s) }
    if case .bool(let b) = v { return .bool(b) }
    if let xs = v.arrayValue { return Value.bracketLiteral(xs.map(ggufValue)) }
    if let d = v.doubleValue { return .number(d) }
    return .null
  }

  static let builtins: [Builtin] = [
    Builtin(
      "read_text", params: [.init("path", "string")], summary: "The contents of a UTF-8 text file.",
      example:
        "write_text(\"/tmp/fsl_doc.txt\", \"hi\"); read_text(\"/tmp/fsl_doc.txt\")  # -> \"hi\"",
      effect: .io
    ) { a in
      let path = try a.string(0)
      return .string(String(decoding: try read(path, "read_text"), as: UTF8.self))
    },
    Builtin(
      "write_text", params: [.init("path", "string"), .init("text", "string")],
      summary: "Writes a string to a file atomically.",
      example: "write_text(\"/tmp/fsl_doc.txt\", \"hi\")  # -> nil",
      effect: .io
    ) { a in
      try writeAtomically(try a.string(1).utf8, to: try a.string(0), "write_text")
      return .null
    },
    Builtin(
      "load", params: [.init("path", "string")],
      summary:
        "Reads a file by extension: .npy (tensor), .npz/.safetensors (dict of tensors), .json.",
      example:
        "save(\"/tmp/fsl_doc.json\", {a: [1, 2]}); load(\"/tmp/fsl_doc.json\")  # -> {a: [1, 2]}",
      effect: .io
    ) { a in
      let path = try a.string(0)
      return try formatCall("load") {
        switch ext(path) {
        case "json": return try JSONCodec.decode(try read(path, "load"), file: path)
        case "npy": return .tensor(try Npy.read(contentsOf: path))
        case "npz": return tensorDict(try Npz.read(contentsOf: path))
        case "safetensors": return tensorDict(try Safetensors.read(contentsOf: path).tensors)
        default: throw unsupported("load", path)
        }
      }
    },
    Builtin(
      "save", params: [.init("path", "string"), .init("value")],
      summary:
        "Writes a file by extension (.npy, .npz and .safetensors from a dict, .json), atomically.",
      example: "save(\"/tmp/fsl_doc2.npy\", [1, 2]); load(\"/tmp/fsl_doc2.npy\")  # -> [1, 2]",
      effect: .io
    ) { a in
      let path = try a.string(0)
      let v = a[1]
      try formatCall("save") {
        switch ext(path) {
        case "json":
          try writeAtomically((try JSONCodec.encode(v) + "\n").utf8, to: path, "save")
        case "npy":
          guard let t = v.asTensorValue else { throw a.fail(1, "a tensor for .npy") }
          try Npy.write(t, to: path)
        case "npz": try Npz.write(try namedTensors(v, "npz"), to: path)
        case "safetensors":
          try Safetensors.write(
            try namedTensors(v, "safetensors").map { ($0.name, $0.tensor) }, to: path)
        default: throw unsupported("save", path)
        }
      }
      return .null
    },
    Builtin(
      "load_gguf", params: [.init("path", "string")],
      summary: "A GGUF v3 model file as {metadata, tensors}; F32/F16/Q8_0/Q4_0/Q4_1 dequantised.",
      example: "type(load_gguf)  # -> \"function\"", effect: .io
    ) { a in
      let path = try a.string(0)
      return try formatCall("load_gguf") {
        let g = try GGUF.read(contentsOf: path)
        let meta = FDict(g.metadata.map { ($0.key, ggufValue($0.value)) })
        return .dict(FDict([("metadata", .dict(meta)), ("tensors", tensorDict(try g.tensors()))]))
      }
    },
  ]
}

// File builtins (SPEC §4.8): read_text, write_text, and load/save by extension. Writes are
// atomic: a temporary file in the same folder, renamed over the target.
import Foundation
import Interp

enum FileBuiltins {
  /// Writes `data` to `path` atomically (temp file + rename); never leaves a partial file.
  static func writeAtomically(_ data: Data, to path: String, _ who: String) throws {
    let url = URL(fileURLWithPath: path)
    let tmp = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    do {
      try data.write(to: tmp)
      guard rename(tmp.path, url.path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: tmp)
        throw RuntimeError.io("\(who): cannot write '\(path)': \(reason)")
      }
    } catch let e as RuntimeError {
      throw e
    } catch {
      try? FileManager.default.removeItem(at: tmp)
      throw RuntimeError.io("\(who): cannot write '\(path)': \(error.localizedDescription)")
    }
  }

  static func read(_ path: String, _ who: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw RuntimeError.io("\(who): cannot read '\(path)': no such file")
    }
    return [UInt8](data)
  }

  static func ext(_ path: String) -> String { (path as NSString).pathExtension.lowercased() }

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
      try writeAtomically(Data(try a.string(1).utf8), to: try a.string(0), "write_text")
      return .null
    },
    Builtin(
      "load", params: [.init("path", "string")],
      summary: "Reads a file by its extension: .json gives dicts, lists, numbers and tensors.",
      example:
        "save(\"/tmp/fsl_doc.json\", {a: [1, 2]}); load(\"/tmp/fsl_doc.json\")  # -> {a: [1, 2]}",
      effect: .io
    ) { a in
      let path = try a.string(0)
      switch ext(path) {
      case "json": return try JSONCodec.decode(try read(path, "load"), file: path)
      default:
        throw RuntimeError.io(
          "load: unsupported file type '.\(ext(path))' for '\(path)' (supported: .json)")
      }
    },
    Builtin(
      "save", params: [.init("path", "string"), .init("value")],
      summary: "Writes a value to a file by its extension (.json), atomically.",
      example: "save(\"/tmp/fsl_doc2.json\", [1, 2])  # -> nil", effect: .io
    ) { a in
      let path = try a.string(0)
      switch ext(path) {
      case "json":
        try writeAtomically(Data((try JSONCodec.encode(a[1]) + "\n").utf8), to: path, "save")
      default:
        throw RuntimeError.io(
          "save: unsupported file type '.\(ext(path))' for '\(path)' (supported: .json)")
      }
      return .null
    },
  ]
}

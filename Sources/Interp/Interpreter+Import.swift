// `import "file.fsl" as m`: runs a file once in its own module and exposes its top-level names.
import FileOut
import Foundation
import Lang

extension Interpreter {
  /// Loads (or returns the cached) module for `path`, relative to the importing file's folder,
  /// or the standard library's module `path` when `library` is set (Library.swift).
  func importModule(_ path: String, from file: SourceFile, library: Bool = false) throws
    -> Module
  {
    let key: String
    if library {
      key = try Library.file(of: path)
    } else {
      let dir =
        (file.path.hasPrefix("<") || file.path == "-e")
        ? FileManager.default.currentDirectoryPath
        : (file.path as NSString).deletingLastPathComponent
      let full = path.hasPrefix("/") ? path : (dir.isEmpty ? path : dir + "/" + path)
      key = (full as NSString).standardizingPath
    }
    if let cached = imported[key] {
      guard let m = cached else {
        throw RuntimeError("ImportError", "import cycle: \(quote(path)) is already being imported")
      }
      return m
    }
    let bytes: [UInt8]
    do {
      bytes = try RegularFile.contents(of: key)
    } catch {
      throw RuntimeError("IOError", "cannot import \(quote(path)): \(error.reason) (\(key))")
    }
    if let offset = SourceFile.firstInvalidUTF8(in: bytes) {
      throw RuntimeError(
        "IOError", "cannot import \(quote(path)): not UTF-8 text (invalid byte at offset \(offset))"
      )
    }
    let text = String(decoding: bytes, as: UTF8.self)
    imported[key] = .some(nil)
    defer { if case .some(nil) = imported[key] { imported[key] = nil } }
    let src = SourceFile(path: key, text: text)
    let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    let env = ModuleEnv(name: name, capacity: 1 << 12)
    moduleEnvs.append(env)
    // A module knows its own file (a library module finds its data next to it).
    env.set("__file__", .string(key))
    let program = try Interpreter.parse(src)
    try run(program, in: env)
    var members: [(String, Value)] = []
    for n in env.table.names where n != "__file__" {
      if let v = env.value(of: n) { members.append((n, v)) }
    }
    let module = Module(
      name: name, members: .init(uniqueKeysWithValues: members),
      doc: library ? Library.moduleDoc(program) : "")
    imported[key] = module
    return module
  }
}

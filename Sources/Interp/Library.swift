// FSL's standard library: modules written in FSL under the repository's `stdlib/` folder,
// brought in with `import NAME` from any working directory, and documented by `fsl doc NAME`.
import Foundation
import Lang

/// Finding and describing the standard library's modules.
public enum Library {
  /// The folder of the standard library: `$FSL_STDLIB` if set, else `stdlib` next to the
  /// running executable, `share/fsl/stdlib` of its install prefix, or `stdlib` of the
  /// repository whose `.build` folder holds it (`.build/…/release/fsl`), the first that exists.
  public static let directory: String? = {
    let fm = FileManager.default
    func holdsModules(_ dir: String) -> Bool {
      var isDir: ObjCBool = false
      guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else { return false }
      return ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).contains { $0.hasSuffix(".fsl") }
    }
    if let env = ProcessInfo.processInfo.environment["FSL_STDLIB"], !env.isEmpty {
      let path = env.hasPrefix("/") ? env : fm.currentDirectoryPath + "/" + env
      return (path as NSString).standardizingPath
    }
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let dir = exe.deletingLastPathComponent()
    // Only places that belong to this executable: next to it, its install prefix, or the
    // repository whose `.build` folder it was built in (never an arbitrary folder above it).
    var candidates = [
      dir.appendingPathComponent("stdlib").path,
      dir.deletingLastPathComponent().appendingPathComponent("share/fsl/stdlib").path,
    ]
    let parts = exe.pathComponents
    if let build = parts.lastIndex(of: ".build") {
      let repo = NSString.path(withComponents: Array(parts[..<build]))
      candidates.append(repo + "/stdlib")
    }
    return candidates.first(where: holdsModules).map { ($0 as NSString).standardizingPath }
  }()

  /// The names of the library's modules, sorted.
  public static var modules: [String] {
    guard let dir = directory else { return [] }
    let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
    return files.filter { $0.hasSuffix(".fsl") }.map { String($0.dropLast(4)) }.sorted()
  }

  /// The file of module `name`, or an ImportError naming the modules there are.
  static func file(of name: String) throws -> String {
    // `import NAME` only lets identifiers through; `fsl doc` must not read other paths either.
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
      throw RuntimeError("ImportError", "'\(name)' is not a library module name")
    }
    guard let dir = directory else {
      throw RuntimeError(
        "ImportError",
        "cannot import \(name): FSL's standard library folder was not found (set FSL_STDLIB)")
    }
    let path = dir + "/" + name + ".fsl"
    guard FileManager.default.fileExists(atPath: path) else {
      var e = RuntimeError(
        "ImportError", "no module named '\(name)' in the standard library (\(dir))")
      if let s = Suggest.nearest(to: name, in: Set(modules)) {
        e.notes.append("did you mean '\(s)'?")
      } else {
        e.notes.append(
          "library modules: \(modules.joined(separator: ", ")); a file is imported with "
            + "import \"path.fsl\" as name")
      }
      throw e
    }
    return path
  }

  /// A module's doc: the string that opens its source, if any.
  static func moduleDoc(_ program: Program) -> String {
    guard let first = program.statements.first, case .expr(let e) = first.kind,
      case .string(let s) = e.kind
    else { return "" }
    return s
  }

  /// `fsl doc NAME` for a library module (`datasets`) or one of its functions
  /// (`datasets.digits`); nil if there is no such module or function.
  public static func doc(_ name: String) -> String? {
    let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
    guard let module = parts.first, let path = try? file(of: module),
      let bytes = FileManager.default.contents(atPath: path),
      let text = String(bytes: bytes, encoding: .utf8),
      case .success(let program) = Parser.parse(
        SourceFile(path: path, text: text), interactive: false)
    else { return nil }
    var functions: [FunctionDecl] = []
    for s in program.statements {
      if case .function(let d) = s.kind, let n = d.name, !n.hasPrefix("_") { functions.append(d) }
    }
    func param(_ p: Param) -> String {
      switch p.defaultValue?.kind {
      case nil: return p.name
      case .number(let d)?: return "\(p.name)=\(formatNumber(d))"
      case .bool(let b)?: return "\(p.name)=\(b)"
      case .string(let s)?: return "\(p.name)=\"\(s)\""
      case .null?: return "\(p.name)=nil"
      case .unary(.neg, let e)?:
        if case .number(let d) = e.kind { return "\(p.name)=-\(formatNumber(d))" }
        return "\(p.name)=…"
      default: return "\(p.name)=…"
      }
    }
    func signature(_ d: FunctionDecl) -> String {
      "\(module).\(d.name ?? "")(\(d.params.map(param).joined(separator: ", ")))"
    }
    if parts.count == 2 {
      guard let d = functions.first(where: { $0.name == parts[1] }) else { return nil }
      return signature(d) + "\n\n" + (d.doc.map(cleaned) ?? "(no documentation)")
    }
    var out = "\(module) — library module (\(path))"
    let doc = moduleDoc(program)
    if !doc.isEmpty { out += "\n\n" + doc }
    out += "\n"
    for d in functions {
      out += "\n" + signature(d)
      if let doc = d.doc {
        out += "\n    " + cleaned(doc).replacingOccurrences(of: "\n", with: "\n    ")
      }
    }
    return out
  }

  /// A docstring without the indentation its continuation lines share (Python's cleandoc).
  static func cleaned(_ doc: String) -> String {
    let lines = doc.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let rest = lines.dropFirst().filter { !$0.allSatisfy(\.isWhitespace) }
    let indent = rest.map { $0.prefix(while: { $0 == " " }).count }.min() ?? 0
    return ([lines[0]] + lines.dropFirst().map { String($0.dropFirst(min(indent, $0.count))) })
      .joined(separator: "\n")
  }
}

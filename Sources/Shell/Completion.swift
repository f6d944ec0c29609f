// Tab completion for the REPL (docs/repl.md): what may follow the text before the cursor.
//
// The context comes from the lexer's tokens, never from ad-hoc string matching:
// - inside an unterminated string literal: file paths (`load_csv("data/<TAB>`);
// - after `a.b.`: members of the value the chain names — module members, dict keys, the
//   methods of a foreign object (a figure's `plot` functions, the `rng=` builtins of a stream,
//   a table's columns and table builtins); chains are looked up, never run;
// - otherwise names in scope (globals, builtins, keywords), plus `param=` for the keyword
//   arguments of the innermost call whose argument list the cursor is in.
import Foundation
import Interp
import Lang

/// What completing the word before the cursor offers.
struct Completion: Equatable {
  /// The text being completed (what readline replaces): an identifier chain such as `fed.av`,
  /// or the part of a string literal after its opening quote.
  var word: String
  /// Full replacements for `word`, sorted, without duplicates.
  var candidates: [String]
  /// What to type after a sole candidate: a space after a keyword, the closing quote after a
  /// file name, nothing otherwise (names, `param=`, directories ending in `/`).
  var suffix: String
  /// Whether the word is inside a string literal (paths).
  var inString: Bool

  init(word: String, candidates: [String], suffix: String = "", inString: Bool = false) {
    self.word = word
    self.candidates = candidates
    self.suffix = suffix
    self.inString = inString
  }
}

/// Computes tab completions against an interpreter's current globals and builtins.
enum Completer {
  /// Bytes that end a word outside strings: everything but letters, digits, `_` and `.`.
  static let codeWordBreaks = " \t\n\"'`@$><=;|&{(,[)]}+-*/%^:!~#?\\"
  /// Inside a string the word starts after the opening quote.
  static let stringWordBreaks = "\"'"

  /// FSL's keywords, spelled as the lexer's `kwFn`… cases say.
  static let keywords: [String] = TokenKind.allCases.filter(\.isKeyword).map {
    String("\($0)".dropFirst(2)).lowercased()
  }.sorted()

  /// Completions for the source text `before` the cursor (earlier lines of a multi-line input
  /// included, so a call opened on a previous line still offers its keyword arguments).
  static func complete(_ before: String, in interp: Interpreter) -> Completion {
    let file = SourceFile(path: "<completion>", text: before)
    let lexed = Lexer.tokenize(file)
    if let quote = openStringStart(lexed, file) {
      let word = String(decoding: file.bytes[quote...], as: UTF8.self)
      let (paths, isFile) = pathCandidates(word)
      let q = String(decoding: [file.bytes[quote - 1]], as: UTF8.self)
      return Completion(
        word: word, candidates: paths, suffix: isFile ? q : "", inString: true)
    }
    let word = trailingWord(file.bytes)
    if word.first?.isNumber ?? false {
      return Completion(word: word, candidates: [], suffix: "", inString: false)
    }
    if let dot = word.lastIndex(of: ".") {
      let head = String(word[..<dot])
      let partial = String(word[word.index(after: dot)...])
      let names = members(of: head, in: interp).filter { $0.hasPrefix(partial) }
      return Completion(
        word: word, candidates: Array(Set(names.map { "\(head).\($0)" })).sorted(), suffix: "",
        inString: false)
    }
    var names = Set(keywords)
    names.formUnion(interp.builtinNames)
    for n in interp.main.table.names where interp.main.value(of: n) != nil { names.insert(n) }
    var out = names.filter { $0.hasPrefix(word) }.sorted()
    let kwargs = keywordArguments(lexed.tokens, wordLength: word.utf8.count, in: interp)
    out = kwargs.filter { $0.hasPrefix(word) }.map { $0 + "=" } + out
    let isKeyword = out.count == 1 && keywords.contains(out[0])
    return Completion(word: word, candidates: out, suffix: isKeyword ? " " : "", inString: false)
  }

  /// The byte offset just after the opening quote when the text ends inside a string literal.
  static func openStringStart(_ lexed: LexResult, _ file: SourceFile) -> Int? {
    let n = file.bytes.count
    let open = lexed.diagnostics.contains {
      ($0.code == "E103" || $0.code == "E109") && $0.span.end == n
    }
    guard open || lexed.endsInsideString else { return nil }
    guard let tok = lexed.tokens.last(where: { $0.kind == .string || $0.kind == .fstring }),
      tok.span.end == n
    else { return nil }
    var i = tok.span.start
    let quote = UInt8(ascii: "\"")
    let apostrophe = UInt8(ascii: "'")
    while i < n && file.bytes[i] != quote && file.bytes[i] != apostrophe { i += 1 }
    // Skip the rest of a triple quote.
    let q = i < n ? file.bytes[i] : quote
    var j = i
    while j < n && j < i + 3 && file.bytes[j] == q { j += 1 }
    return j == i + 3 ? j : min(i + 1, n)
  }

  /// The identifier chain (letters, digits, `_`, `.`) at the end of `bytes`.
  static func trailingWord(_ bytes: [UInt8]) -> String {
    var i = bytes.count
    while i > 0 {
      let b = bytes[i - 1]
      let ok =
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 46
        || b >= 0x80
      if !ok { break }
      i -= 1
    }
    return String(decoding: bytes[i...], as: UTF8.self)
  }

  /// The value a dotted chain of names stands for, looked up without running anything.
  static func lookup(_ chain: String, in interp: Interpreter) -> Value? {
    let parts = chain.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard let first = parts.first, !first.isEmpty else { return nil }
    var v: Value
    if let g = interp.main.value(of: first) {
      v = g
    } else if let b = interp.builtins[first] {
      v = b.constant ?? .builtin(b)
    } else {
      return nil
    }
    for p in parts.dropFirst() {
      switch v {
      case .module(let m):
        guard let next = m.members[p] else { return nil }
        v = next
      case .dict(let d):
        guard let next = d[p] else { return nil }
        v = next
      case .object(let o):
        if let t = o as? FTable, let column = t.columns[p] {
          v = column
        } else if let m = interp.modules[o.methodModule]?.members[p] {
          v = m
        } else if methods(of: o, in: interp).contains(p), let b = interp.builtins[p] {
          v = .builtin(b)
        } else {
          return nil
        }
      default: return nil
      }
    }
    return v
  }

  /// The names that may follow `head.`.
  static func members(of head: String, in interp: Interpreter) -> [String] {
    switch lookup(head, in: interp) {
    case .module(let m)?: return Array(m.members.keys)
    case .dict(let d)?: return d.keys.filter(isIdentifier)
    case .object(let o)?:
      let columns = (o as? FTable)?.columns.keys.filter(isIdentifier) ?? []
      return columns + methods(of: o, in: interp)
    default: return []
    }
  }

  /// The method names of a foreign object, sorted: its method module's members (a figure's
  /// `plot` functions), or for a random stream the builtins taking `rng=` (`r.normal(0, 1)` is
  /// `normal(0, 1, rng=r)`), for a table the global builtins whose first parameter is a table
  /// (`t.head(3)` is `head(t, 3)`).
  static func methods(of o: ForeignObject, in interp: Interpreter) -> [String] {
    if let m = interp.modules[o.methodModule] { return m.members.keys.sorted() }
    let globals = interp.builtins.values.filter { $0.module.isEmpty }
    if o is RandomBox {
      return globals.filter { $0.streamParam != nil }.map(\.name).sorted()
    }
    if o is FTable {
      return globals.filter { b in
        b.params.first.map { $0.kind.split(separator: "|").contains("table") } ?? false
      }.map(\.name).sorted()
    }
    return []
  }

  static func isIdentifier(_ s: String) -> Bool {
    guard let f = s.unicodeScalars.first, f == "_" || f.properties.isAlphabetic else {
      return false
    }
    let ok = s.unicodeScalars.allSatisfy {
      $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)
    }
    return ok && !keywords.contains(s)
  }

  /// The parameter names of the innermost call whose argument list the cursor is in, when the
  /// word being typed starts an argument (just after `(` or `,`).
  static func keywordArguments(_ tokens: [Token], wordLength: Int, in interp: Interpreter)
    -> [String]
  {
    var toks = tokens.filter { $0.kind != .newline && $0.kind != .eof }
    if wordLength > 0, let last = toks.last, last.kind == .name || last.kind.isKeyword {
      toks.removeLast()
    }
    guard let prev = toks.last, prev.kind == .lparen || prev.kind == .comma else { return [] }
    var open: [Int] = []
    for (i, t) in toks.enumerated() {
      switch t.kind {
      case .lparen, .lbracket, .lbrace: open.append(i)
      case .rparen, .rbracket, .rbrace: if !open.isEmpty { open.removeLast() }
      default: break
      }
    }
    guard let paren = open.last, toks[paren].kind == .lparen, paren > 0 else { return [] }
    // The callee: NAME { "." NAME } right before the parenthesis.
    var parts: [String] = []
    var i = paren - 1
    while i >= 0, toks[i].kind == .name {
      parts.insert(toks[i].text, at: 0)
      if i >= 2, toks[i - 1].kind == .dot { i -= 2 } else { break }
    }
    guard !parts.isEmpty else { return [] }
    switch lookup(parts.joined(separator: "."), in: interp) {
    case .builtin(let b)?: return b.params.filter { !$0.variadic }.map(\.name)
    case .function(let c)?: return c.proto.paramNames
    default: return []
    }
  }

  /// File and folder names completing `word` (a path typed inside a string); whether the
  /// only candidate is a file (so the string can be closed).
  static func pathCandidates(_ word: String) -> ([String], Bool) {
    let slash = word.lastIndex(of: "/")
    let dirPart = slash.map { String(word[...$0]) } ?? ""
    let base = slash.map { String(word[word.index(after: $0)...]) } ?? word
    var dir = dirPart.isEmpty ? "." : dirPart
    if dir.hasPrefix("~") { dir = NSString(string: dir).expandingTildeInPath }
    let fm = FileManager.default
    guard let items = try? fm.contentsOfDirectory(atPath: dir) else { return ([], false) }
    var out: [String] = []
    var files = 0
    for item in items where item.hasPrefix(base) {
      if item.hasPrefix(".") && !base.hasPrefix(".") { continue }
      var isDir: ObjCBool = false
      _ = fm.fileExists(atPath: (dir as NSString).appendingPathComponent(item), isDirectory: &isDir)
      if isDir.boolValue {
        out.append(dirPart + item + "/")
      } else {
        out.append(dirPart + item)
        files += 1
      }
    }
    out.sort()
    return (out, out.count == 1 && files == 1)
  }
}

// prune: BERT's uncased WordPiece tokenizer (transformers' BertTokenizer, do_lower_case).
//
// Basic step, on Unicode scalars as Python works on code points: drop NUL, U+FFFD and control
// characters (category C* except tab/newline/return), map whitespace (those three, space and
// Zs) to a space, put spaces around CJK ideographs, split on spaces, lower-case, strip accents
// (NFD, drop Mn), split off each punctuation character (ASCII 33–47, 58–64, 91–96, 123–126
// and P*). WordPiece step: greedy longest match from the left, continuations prefixed `##`; a
// word with no match at some position, or over 100 scalars, becomes [UNK]. Special tokens
// written in the text ("[SEP]", exact case) are cut out first, as transformers does. The
// vocabulary is keyed by UTF-8 bytes: Swift's String equality is canonical equivalence,
// Python's is not.
import Foundation
import Interp

final class WordPieceTokenizer: PruneTokenizer {
  /// vocab.txt's lines; a token's id is its line number from 0.
  let pieces: [String]
  private let ids: [[UInt8]: Int32]
  let unkId: Int32
  let clsId: Int32
  let sepId: Int32
  let padId: Int32
  /// Ids `decode` leaves out: [PAD], [UNK], [CLS], [SEP], [MASK] (HF's skip_special_tokens).
  let specialIds: Set<Int32>
  /// The special tokens found in the vocabulary, matched in the text before normalising.
  private let specials: [(scalars: [Unicode.Scalar], id: Int32)]
  static let maxWordLength = 100

  /// Reads `path` (one token a line).
  convenience init(vocabPath path: String) throws {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw RuntimeError.io("prune.load: cannot read '\(path)': \(error.localizedDescription)")
    }
    var lines = data.split(separator: 10, omittingEmptySubsequences: false).map {
      String(decoding: $0, as: UTF8.self)
    }
    if lines.last == "" { lines.removeLast() }
    try self.init(tokens: lines, name: path)
  }

  /// A tokenizer over `tokens` (id = index); `name` names the vocabulary in errors.
  init(tokens: [String], name: String) throws {
    pieces = tokens
    var ids: [[UInt8]: Int32] = [:]
    for (i, t) in tokens.enumerated() { ids[Array(t.utf8)] = Int32(i) }
    self.ids = ids
    func special(_ t: String) throws -> Int32 {
      guard let id = ids[Array(t.utf8)] else {
        throw RuntimeError("FormatError", "prune.load: '\(name)' has no \(t) token")
      }
      return id
    }
    unkId = try special("[UNK]")
    clsId = try special("[CLS]")
    sepId = try special("[SEP]")
    padId = try special("[PAD]")
    var specials: [(scalars: [Unicode.Scalar], id: Int32)] = []
    for t in ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] {
      if let id = ids[Array(t.utf8)] { specials.append((Array(t.unicodeScalars), id)) }
    }
    self.specials = specials
    specialIds = Set(specials.map(\.id))
  }

  func encode(_ text: String) -> [Int32] {
    var out: [Int32] = [clsId]
    for segment in splitSpecial(text) {
      switch segment {
      case .special(let id): out.append(id)
      case .text(let t): for word in Self.basicTokens(t) { out += wordPiece(word) }
      }
    }
    out.append(sepId)
    return out
  }

  private enum Segment {
    case text(String)
    case special(Int32)
  }

  /// `text` cut at the special tokens written in it ("[SEP]", exact case), as transformers
  /// matches them before normalising.
  private func splitSpecial(_ text: String) -> [Segment] {
    let scalars = Array(text.unicodeScalars)
    var out: [Segment] = []
    var start = 0
    var i = 0
    while i < scalars.count {
      if scalars[i] == "[",
        let match = specials.first(where: { scalars[i...].starts(with: $0.scalars) })
      {
        if start < i { out.append(.text(String(String.UnicodeScalarView(scalars[start..<i])))) }
        out.append(.special(match.id))
        i += match.scalars.count
        start = i
      } else {
        i += 1
      }
    }
    if start < scalars.count {
      out.append(.text(String(String.UnicodeScalarView(scalars[start..<scalars.count]))))
    }
    return out
  }

  /// The ids of one basic token.
  func wordPiece(_ word: [Unicode.Scalar]) -> [Int32] {
    if word.count > Self.maxWordLength { return [unkId] }
    // The word's UTF-8 bytes and where each scalar starts in them.
    var bytes: [UInt8] = []
    var starts: [Int] = []
    for scalar in word {
      starts.append(bytes.count)
      bytes += String(scalar).utf8
    }
    starts.append(bytes.count)
    var out: [Int32] = []
    var start = 0
    while start < word.count {
      var end = word.count
      var found: Int32?
      while start < end {
        let key: [UInt8] = (start > 0 ? [35, 35] : []) + bytes[starts[start]..<starts[end]]
        if let id = ids[key] {
          found = id
          break
        }
        end -= 1
      }
      guard let id = found else { return [unkId] }
      out.append(id)
      start = end
    }
    return out
  }

  /// The text of `ids`: pieces joined by spaces, `##` continuations glued to the previous
  /// piece, special tokens and ids outside the vocabulary left out, then HF's
  /// clean_up_tokenization (" ." → "." and so on).
  func decode(_ ids: [Int32]) -> String {
    var text = ""
    var isFirst = true
    for id in ids where id >= 0 && Int(id) < pieces.count && !specialIds.contains(id) {
      // On scalars: "##" followed by a combining mark is not two Characters "#".
      let piece = pieces[Int(id)].unicodeScalars
      if isFirst {
        text.unicodeScalars += piece
      } else if piece.starts(with: "##".unicodeScalars) {
        text.unicodeScalars += piece.dropFirst(2)
      } else {
        text.unicodeScalars += " ".unicodeScalars + piece
      }
      isFirst = false
    }
    for (from, to) in Self.cleanUps {
      text = text.replacingOccurrences(of: from, with: to, options: .literal)
    }
    return text
  }

  static let cleanUps = [
    (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
    (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
  ]

  /// BertTokenizer's basic tokenization of `text` (see the top of the file).
  static func basicTokens(_ text: String) -> [[Unicode.Scalar]] {
    // Cleaning, whitespace and CJK splitting give the words (split on scalars: a space
    // followed by a combining mark is one Character but two code points).
    var words: [String.UnicodeScalarView] = []
    var word = String.UnicodeScalarView()
    func flush() {
      if !word.isEmpty { words.append(word) }
      word = String.UnicodeScalarView()
    }
    for s in text.unicodeScalars {
      if s.value == 0 || s.value == 0xFFFD || isControl(s) { continue }
      if isWhitespace(s) {
        flush()
      } else if isCJK(s) {
        flush()
        word.append(s)
        flush()
      } else {
        word.append(s)
      }
    }
    flush()
    var out: [[Unicode.Scalar]] = []
    for w in words {
      let decomposed = String(w).lowercased().decomposedStringWithCanonicalMapping
      var current: [Unicode.Scalar] = []
      for s in decomposed.unicodeScalars where s.properties.generalCategory != .nonspacingMark {
        if isPunctuation(s) {
          if !current.isEmpty { out.append(current) }
          out.append([s])
          current = []
        } else {
          current.append(s)
        }
      }
      if !current.isEmpty { out.append(current) }
    }
    return out
  }

  static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
    s == " " || s == "\t" || s == "\n" || s == "\r"
      || s.properties.generalCategory == .spaceSeparator
  }

  static func isControl(_ s: Unicode.Scalar) -> Bool {
    if s == "\t" || s == "\n" || s == "\r" { return false }
    switch s.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned: return true
    default: return false
    }
  }

  static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v)
      || (123...126).contains(v)
    {
      return true
    }
    switch s.properties.generalCategory {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
      .initialPunctuation, .finalPunctuation, .otherPunctuation:
      return true
    default: return false
    }
  }

  /// The CJK Unified Ideographs blocks BERT splits into single characters.
  static func isCJK(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
      0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
      return true
    default: return false
    }
  }
}

// prune: GPT-2 byte-level BPE (the SmolLM2 tokenizer) from GGUF metadata. Text is split into
// pre-tokens (BPEPretokenizer.swift), each pre-token's UTF-8 bytes become GPT-2 alphabet
// symbols (one vocabulary id each), and adjacent pairs are merged lowest merge rank first, as
// HF `tokenizers` and llama.cpp do. Control tokens (`<|im_start|>` …) written in the text are
// kept whole; no BOS is added. Decoding maps symbols back to bytes and decodes UTF-8 lossily.
import Foundation
import Tensor

final class BPETokenizer: PruneTokenizer {
  /// How the text is cut before BPE (`tokenizer.ggml.pre`).
  enum Pretokenizer: Equatable {
    /// GPT-2's regex only.
    case gpt2
    /// Every digit on its own first, then GPT-2's regex (SmolLM2, StarCoder).
    case digitsThenGPT2
  }

  /// The vocabulary in the GPT-2 alphabet (`Ġ` for a space, …).
  let tokens: [String]
  /// ggml token types: 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte.
  let types: [Int32]
  let padId: Int32
  /// The end-of-text id that stops generation (`tokenizer.ggml.eos_token_id`), if any.
  let eosId: Int32?
  let pretokenizer: Pretokenizer
  /// The id of each token string.
  private let ids: [String: Int32]
  /// (left id << 32 | right id) → (merge rank, id of the merged token).
  private let merges: [UInt64: (rank: Int32, id: Int32)]
  /// The id of each byte's GPT-2 symbol (-1 if the vocabulary lacks it).
  private let byteIds: [Int32]
  /// The bytes of each token (GPT-2 symbols mapped back; control tokens empty).
  private let tokenBytes: [[UInt8]]
  /// Control and user-defined tokens, matched whole in the text, longest first.
  private let specials: [(text: String, id: Int32)]

  /// Builds the tokenizer from the vocabulary, its types (1 when absent) and merges ("a b").
  /// Throws a message (the caller makes it a FormatError) for a malformed merge.
  init(
    tokens: [String], types: [Int32], merges mergeList: [String], padId: Int32, eosId: Int32?,
    pretokenizer: Pretokenizer
  ) throws {
    self.tokens = tokens
    self.types = types.count == tokens.count ? types : [Int32](repeating: 1, count: tokens.count)
    self.padId = padId
    self.eosId = eosId
    self.pretokenizer = pretokenizer
    var ids: [String: Int32] = [:]
    ids.reserveCapacity(tokens.count)
    for (i, t) in tokens.enumerated() where ids[t] == nil { ids[t] = Int32(i) }
    self.ids = ids
    var merges: [UInt64: (rank: Int32, id: Int32)] = [:]
    merges.reserveCapacity(mergeList.count)
    for (rank, m) in mergeList.enumerated() {
      guard let space = m.firstIndex(of: " ") else {
        throw BPEError("merge \(rank) ('\(m)') is not two tokens separated by a space")
      }
      let left = String(m[..<space])
      let right = String(m[m.index(after: space)...])
      // A merge whose parts or result are not in the vocabulary can never apply.
      guard let a = ids[left], let b = ids[right], let c = ids[left + right] else { continue }
      let key = UInt64(UInt32(a)) << 32 | UInt64(UInt32(b))
      if merges[key] == nil { merges[key] = (Int32(rank), c) }
    }
    self.merges = merges
    let symbols = BPETokenizer.byteSymbols
    byteIds = symbols.map { ids[String($0)] ?? -1 }
    var unbyte: [Unicode.Scalar: UInt8] = [:]
    for (b, s) in symbols.enumerated() { unbyte[s] = UInt8(b) }
    let kinds = self.types
    tokenBytes = tokens.indices.map { i in
      if kinds[i] == 3 { return [] }
      // Symbols outside the byte alphabet (none in GPT-2 vocabularies) keep their UTF-8.
      var out: [UInt8] = []
      for s in tokens[i].unicodeScalars {
        if let b = unbyte[s] {
          out.append(b)
        } else {
          out.append(contentsOf: Array(String(s).utf8))
        }
      }
      return out
    }
    specials = tokens.indices.filter { (kinds[$0] == 3 || kinds[$0] == 4) && !tokens[$0].isEmpty }
      .map { (tokens[$0], Int32($0)) }
      .sorted { $0.text.utf8.count > $1.text.utf8.count }
  }

  /// GPT-2's byte → printable symbol table (`bytes_to_unicode`): printable Latin-1 bytes stand
  /// for themselves, the other 68 bytes map to U+0100… in byte order.
  static let byteSymbols: [Unicode.Scalar] = {
    var table = [Unicode.Scalar](repeating: " ", count: 256)
    var next: UInt32 = 256
    for b in 0..<256 {
      let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
      if printable {
        table[b] = Unicode.Scalar(UInt8(b))
      } else {
        table[b] = Unicode.Scalar(next) ?? " "
        next += 1
      }
    }
    return table
  }()

  func encode(_ text: String) -> [Int32] {
    var out: [Int32] = []
    var rest = Substring(text)
    while !rest.isEmpty {
      guard let (range, id) = firstSpecial(in: rest) else {
        encodeOrdinary(rest, into: &out)
        break
      }
      encodeOrdinary(rest[..<range.lowerBound], into: &out)
      out.append(id)
      rest = rest[range.upperBound...]
    }
    return out
  }

  func decode(_ ids: [Int32]) -> String {
    var bytes: [UInt8] = []
    for id in ids where id >= 0 && Int(id) < tokenBytes.count {
      bytes.append(contentsOf: tokenBytes[Int(id)])
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The earliest control token in `text` (the longest one at that place).
  private func firstSpecial(in text: Substring) -> (Range<Substring.Index>, Int32)? {
    var best: (Range<Substring.Index>, Int32)?
    for s in specials {
      guard let r = text.range(of: s.text) else { continue }
      if let b = best, b.0.lowerBound <= r.lowerBound { continue }
      best = (r, s.id)
    }
    return best
  }

  /// BPE of text without control tokens.
  private func encodeOrdinary(_ text: Substring, into out: inout [Int32]) {
    guard !text.isEmpty else { return }
    let scalars = Array(text.unicodeScalars)
    var word: [Int32] = []
    BPEPretokenizer.split(scalars, digitsFirst: pretokenizer == .digitsThenGPT2) { piece in
      word.removeAll(keepingCapacity: true)
      for s in piece {
        UTF8.encode(s) { b in
          let id = byteIds[Int(b)]
          if id >= 0 { word.append(id) }
        }
      }
      merge(&word)
      out.append(contentsOf: word)
    }
  }

  /// Applies merges to `word` (ids) lowest rank first until none applies.
  private func merge(_ word: inout [Int32]) {
    while word.count > 1 {
      var bestRank = Int32.max
      var bestAt = -1
      var bestId: Int32 = 0
      for i in 0..<(word.count - 1) {
        let key = UInt64(UInt32(word[i])) << 32 | UInt64(UInt32(word[i + 1]))
        if let m = merges[key], m.rank < bestRank {
          bestRank = m.rank
          bestAt = i
          bestId = m.id
        }
      }
      if bestAt < 0 { return }
      let (a, b) = (word[bestAt], word[bestAt + 1])
      var w = bestAt
      var r = bestAt
      while r < word.count {
        if r + 1 < word.count && word[r] == a && word[r + 1] == b {
          word[w] = bestId
          r += 2
        } else {
          word[w] = word[r]
          r += 1
        }
        w += 1
      }
      word.removeLast(word.count - w)
    }
  }
}

/// A malformed tokenizer description (the loader reports it as a FormatError).
struct BPEError: Error {
  let message: String
  init(_ message: String) { self.message = message }
}

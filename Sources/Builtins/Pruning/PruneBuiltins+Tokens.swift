// prune: the models' own tokenizers as builtins.
import Interp
import Tensor

extension PruneBuiltins {
  static func tokenizer(_ m: PruneModelObject, _ who: String) throws -> PruneTokenizer {
    guard let t = m.model.tokenizer else {
      throw RuntimeError.value("\(who): this model (\(m.info.arch)) has no tokenizer")
    }
    return t
  }

  static let tokens: [Builtin] = [
    Builtin(
      "tokenize", module: "prune",
      params: [
        .init("model", "transformer"), .init("text", "string|list"),
        .init("length", "int", default: .null),
      ],
      summary: "Token ids and mask of a text or a list of texts, right-padded: {ids, mask}.",
      doc: "Uses the model's own tokenizer: BERT's WordPiece (lower-cased, [CLS] … [SEP]) or "
        + "the GGUF's byte-level BPE (no BOS). One text gives 1-d ids; a list gives [texts, "
        + "length] padded with the pad id to the longest text (or to `length`), mask 1 for real "
        + "tokens. ids and mask are i64.",
      example: "prune.tokenize(prune.load(\"minilm\"), \"Hello world\").ids  "
        + "# -> tensor([ 101, 7592, 2088,  102], dtype=i64)"
    ) { a in
      let who = "prune.tokenize"
      let m = try PruneModels.object(a, 0, who)
      let tok = try tokenizer(m, who)
      let texts: [String]
      let one: Bool
      switch a[1] {
      case .string(let s):
        texts = [s]
        one = true
      case .list(let items):
        texts = try items.enumerated().map { k, v in
          guard case .string(let s) = v else {
            throw RuntimeError.type("\(who): text \(k) is a \(v.typeName), not a string")
          }
          return s
        }
        one = false
      default:
        throw RuntimeError.type(
          "\(who): 'text' must be a string or a list of strings, got \(a[1].typeName)")
      }
      let seqs = texts.map { tok.encode($0) }
      let longest = seqs.map(\.count).max() ?? 0
      var n = longest
      if !a.isNil(2) {
        n = try a.int(2)
        if let k = seqs.firstIndex(where: { $0.count > n }) {
          throw RuntimeError.value(
            "\(who): text \(k) has \(seqs[k].count) tokens, more than length=\(n)")
        }
      }
      var ids = [Int64](repeating: Int64(tok.padId), count: seqs.count * n)
      var mask = [Int64](repeating: 0, count: seqs.count * n)
      for (s, seq) in seqs.enumerated() {
        for (t, id) in seq.enumerated() {
          ids[s * n + t] = Int64(id)
          mask[s * n + t] = 1
        }
      }
      let shape = one ? [n] : [seqs.count, n]
      return .dict(
        FDict([
          ("ids", .tensor(Tensor(shape: shape, i64: ids))),
          ("mask", .tensor(Tensor(shape: shape, i64: mask))),
        ]))
    },
    Builtin(
      "decode", module: "prune",
      params: [.init("model", "transformer"), .init("ids", "tensor")],
      summary: "The text of token ids (a list of texts for [batch, length] ids).",
      doc: "Special tokens ([CLS], [SEP], [PAD], end-of-text) are left out; WordPiece pieces "
        + "are joined, byte-level BPE bytes decoded as UTF-8.",
      example: "prune.decode(prune.load(\"minilm\"), [101, 7592, 2088, 102])  # -> \"hello world\""
    ) { a in
      let who = "prune.decode"
      let m = try PruneModels.object(a, 0, who)
      let tok = try tokenizer(m, who)
      let (b, one) = try PruneModels.batch(a, 1, m.info, who, needsReal: false, hasMask: false)
      let texts = (0..<b.batch).map {
        tok.decode(Array(b.ids[($0 * b.length)..<(($0 + 1) * b.length)]))
      }
      return one ? .string(texts[0]) : .list(texts.map { .string($0) })
    },
  ]
}

// prune: what is measured on a (pruned) model: perplexity of a decoder, greedy generation, and
// sentence embeddings of an encoder (docs/pruning.md, "What is lost").
import Foundation
import Interp
import Tensor

enum PruneLM {
  /// The check the perplexity and generate builtins make first (before their ids or prompt),
  /// so an encoder gets this message whatever else is wrong.
  static func needsDecoder(_ m: PruneModelObject, _ who: String) throws {
    guard m.info.decoder else {
      throw RuntimeError.value(
        "\(who): needs a decoder with a language-model head; this model (\(m.info.arch), "
          + "\(m.info.source)) is an encoder")
    }
  }

  /// exp(−mean log p(x_t | x_<t)) over every predicted token of the batch, pooled: position t
  /// predicts t+1 when both are real tokens. `m` is a decoder (`needsDecoder`).
  static func perplexity(_ m: PruneModelObject, _ b: TokenBatch, who: String) throws -> Double {
    var rows: [Int] = []
    for r in 0..<b.rows where b.mask[r] && r % b.length + 1 < b.length && b.mask[r + 1] {
      rows.append(r)
    }
    guard !rows.isEmpty else {
      throw RuntimeError.value(
        "\(who): no token to predict (a sequence needs at least 2 real tokens)")
    }
    let hidden = try m.model.forward(b, drop: m.drop, observe: nil)
    let h = m.info.hidden
    let v = m.info.vocab
    var nll = 0.0
    let chunk = 64
    for start in stride(from: 0, to: rows.count, by: chunk) {
      let part = rows[start..<min(start + chunk, rows.count)]
      var x = [Float](repeating: 0, count: part.count * h)
      for (k, r) in part.enumerated() {
        for j in 0..<h { x[k * h + j] = hidden[r * h + j] }
      }
      guard let lg = m.model.logits(x, rows: part.count) else { return .nan }
      for (k, r) in part.enumerated() {
        let o = k * v
        var top = -Float.infinity
        for j in 0..<v { top = max(top, lg[o + j]) }
        var s = 0.0
        for j in 0..<v { s += Foundation.exp(Double(lg[o + j] - top)) }
        nll += Double(top) + Foundation.log(s) - Double(lg[o + Int(b.ids[r + 1])])
      }
    }
    return Foundation.exp(nll / Double(rows.count))
  }

  /// Greedy continuation of `prompt`: `n` new ids (fewer when end-of-text comes, not included).
  /// `m` is a decoder (`needsDecoder`).
  static func generate(
    _ m: PruneModelObject, _ prompt: [Int32], n: Int, interp: Interpreter, who: String
  ) throws -> [Int32] {
    guard !prompt.isEmpty else { throw RuntimeError.value("\(who): the prompt has no tokens") }
    guard n >= 0 else { throw RuntimeError.value("\(who): n must be ≥ 0, got \(n)") }
    let h = m.info.hidden
    var ids = prompt
    var out: [Int32] = []
    for _ in 0..<n {
      if interp.interruptRequested { throw RuntimeError("Interrupted", "interrupted") }
      guard ids.count < m.info.maxLength else { break }
      let b = TokenBatch(
        ids: ids, mask: [Bool](repeating: true, count: ids.count), batch: 1, length: ids.count)
      let hidden = try m.model.forward(b, drop: m.drop, observe: nil)
      let last = Array(hidden[((ids.count - 1) * h)..<(ids.count * h)])
      guard let lg = m.model.logits(last, rows: 1) else { break }
      var best = 0
      for j in 1..<lg.count where lg[j] > lg[best] { best = j }
      let next = Int32(best)
      if let eos = m.model.tokenizer?.eosId, next == eos { break }
      ids.append(next)
      out.append(next)
    }
    return out
  }

  /// Mean of the final hidden states over real tokens, divided by its L2 norm: [batch, hidden].
  static func embed(_ m: PruneModelObject, _ b: TokenBatch) throws -> [Double] {
    let hidden = try m.model.forward(b, drop: m.drop, observe: nil)
    let h = m.info.hidden
    var out = [Double](repeating: 0, count: b.batch * h)
    for s in 0..<b.batch {
      var n = 0
      for t in 0..<b.length where b.mask[s * b.length + t] {
        n += 1
        for j in 0..<h { out[s * h + j] += Double(hidden[(s * b.length + t) * h + j]) }
      }
      let mean = (0..<h).map { out[s * h + $0] / Double(max(n, 1)) }
      let norm = max(mean.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
      for j in 0..<h { out[s * h + j] = mean[j] / norm }
    }
    return out
  }
}

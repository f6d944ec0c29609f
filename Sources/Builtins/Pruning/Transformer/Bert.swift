// prune: the BERT encoder (all-MiniLM-L6-v2) from safetensors, config.json and vocab.txt.
//
// Post-norm blocks (docs/pruning.md, "Forward passes"): A = LN_1(X + Attn(X)), Y = LN_2(A +
// FFN(A)). Weights are converted to float32 arrays once at load; Q, K and V are stacked into one
// [3H, H] matrix so a layer's projections are one sgemm over all rows of the batch. Attention runs
// per sequence and head on strided views of that [rows, 3H] result (BertAttention.swift).
// Dropping (docs/pruning.md, "Dropping"): a dropped attention gives A_i = X_i, a dropped MLP gives
// Y_i = A_i.
import CInterrupt
import Interp

final class BertModel: TransformerModel {
  /// One encoder layer's weights, PyTorch's Linear layout ([out, in]).
  struct Layer {
    /// Query, key and value weights stacked: [3H, H], and their biases [3H].
    let qkvW: [Float]
    let qkvB: [Float]
    let outW: [Float]
    let outB: [Float]
    let ln1G: [Float]
    let ln1B: [Float]
    let upW: [Float]
    let upB: [Float]
    let downW: [Float]
    let downB: [Float]
    let ln2G: [Float]
    let ln2B: [Float]
  }

  let info: ModelInfo
  let tokenizer: PruneTokenizer?
  let eps: Double
  let wordEmb: [Float]
  let posEmb: [Float]
  /// Token type 0's embedding (every token of a prune batch is type 0).
  let typeEmb: [Float]
  let embLnG: [Float]
  let embLnB: [Float]
  let layers: [Layer]

  init(
    info: ModelInfo, tokenizer: PruneTokenizer?, eps: Double, embeddings: [[Float]],
    layers: [Layer]
  ) {
    precondition(embeddings.count == 5, "internal: BERT embeddings")
    self.info = info
    self.tokenizer = tokenizer
    self.eps = eps
    wordEmb = embeddings[0]
    posEmb = embeddings[1]
    typeEmb = embeddings[2]
    embLnG = embeddings[3]
    embLnB = embeddings[4]
    self.layers = layers
  }

  /// Loads the model in `directory` (model.safetensors, config.json, vocab.txt).
  static func load(directory: String, source: String) throws -> TransformerModel {
    try BertLoader.load(directory: directory, source: source)
  }

  func forward(_ batch: TokenBatch, drop: DropSet, observe: ((LayerStates) -> Void)?) throws
    -> [Float]
  {
    precondition(batch.ids.count == batch.rows && batch.mask.count == batch.rows, "internal")
    precondition(batch.length <= info.maxLength, "internal: BERT sequence too long")
    let rows = batch.rows
    var x = embed(batch)
    for (i, layer) in layers.enumerated() {
      if fsl_interrupt_pending() != 0 { throw RuntimeError("Interrupted", "interrupted") }
      let attnOut: [Float]? = drop.attn.contains(i) ? nil : attention(x, layer, batch)
      let mid =
        attnOut.map {
          TransformerOps.layerNorm(
            TransformerOps.add(x, $0), dim: info.hidden, layer.ln1G, layer.ln1B, eps: eps)
        } ?? x
      let mlpOut: [Float]? = drop.mlp.contains(i) ? nil : feedForward(mid, layer, rows: rows)
      let y =
        mlpOut.map {
          TransformerOps.layerNorm(
            TransformerOps.add(mid, $0), dim: info.hidden, layer.ln2G, layer.ln2B, eps: eps)
        } ?? mid
      if let observe {
        observe(
          LayerStates(
            layer: i, input: x, attnIn: attnOut == nil ? nil : x, attnOut: attnOut, mid: mid,
            mlpIn: mlpOut == nil ? nil : mid, mlpOut: mlpOut, output: y))
      }
      x = y
    }
    return x
  }

  /// An encoder has no language-model head.
  func logits(_ hidden: [Float], rows: Int) -> [Float]? { nil }

  /// LN(E_word[id] + E_type[0] + E_pos[t]) for every row (HF's order of the two additions).
  func embed(_ batch: TokenBatch) -> [Float] {
    let h = info.hidden
    var x = [Float](repeating: 0, count: batch.rows * h)
    for r in 0..<batch.rows {
      let id = Int(batch.ids[r])
      precondition(id >= 0 && id < info.vocab, "internal: token id \(id) outside the vocabulary")
      let (wo, po, xo) = (id * h, (r % batch.length) * h, r * h)
      for j in 0..<h { x[xo + j] = (wordEmb[wo + j] + typeEmb[j]) + posEmb[po + j] }
    }
    return TransformerOps.layerNorm(x, dim: h, embLnG, embLnB, eps: eps)
  }

  /// W_2·GELU(W_1·a + b_1) + b_2, before the residual and LayerNorm.
  func feedForward(_ a: [Float], _ layer: Layer, rows: Int) -> [Float] {
    let (h, f) = (info.hidden, info.ffn)
    var u = TransformerOps.linear(a, rows: rows, inDim: h, layer.upW, outDim: f, bias: layer.upB)
    TransformerOps.gelu(&u)
    return TransformerOps.linear(
      u, rows: rows, inDim: f, layer.downW, outDim: h, bias: layer.downB)
  }
}

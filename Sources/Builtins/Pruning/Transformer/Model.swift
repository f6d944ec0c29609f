// prune: what every transformer LLM-Drop works on provides (docs/pruning.md). A model runs a
// forward pass over a batch of token ids with some modules dropped, shows each layer's
// activations to an observer (scores are computed from them as the pass goes, so nothing is
// kept that is not needed), and has its own tokenizer. BERT (post-norm encoder, MiniLM) and
// Llama (pre-norm decoder, SmolLM2) implement it; so does the toy model of oracle P2.
import Tensor

/// A module LLM-Drop can drop: the attention or the MLP of one layer.
struct PruneModule: Hashable, Comparable {
  enum Kind: Int { case attn, mlp }
  let kind: Kind
  let layer: Int

  /// "attn" or "mlp".
  var kindName: String { kind == .attn ? "attn" : "mlp" }

  /// Joint-drop order: attention before MLP, then lower layer first (docs/pruning.md, "Dropping").
  static func < (a: PruneModule, b: PruneModule) -> Bool {
    a.kind != b.kind ? a.kind.rawValue < b.kind.rawValue : a.layer < b.layer
  }
}

/// The modules removed from a model. A dropped block is its attention and its MLP.
struct DropSet: Equatable {
  var attn: Set<Int> = []
  var mlp: Set<Int> = []

  func contains(_ m: PruneModule) -> Bool {
    m.kind == .attn ? attn.contains(m.layer) : mlp.contains(m.layer)
  }

  mutating func insert(_ m: PruneModule) {
    if m.kind == .attn { attn.insert(m.layer) } else { mlp.insert(m.layer) }
  }

  var isEmpty: Bool { attn.isEmpty && mlp.isEmpty }
}

/// Token ids `[batch, length]` (row-major) with the real-token mask, already checked against
/// the model (every id < vocab, at least one real token per call of a builtin that needs one).
struct TokenBatch {
  let ids: [Int32]
  /// true for a real token, false for padding; same layout as `ids`.
  let mask: [Bool]
  let batch: Int
  let length: Int

  var rows: Int { batch * length }
}

/// One layer's activations during a forward pass, each `[batch·length, hidden]` row-major
/// float32 with padded positions included (observers skip them with the batch's mask).
struct LayerStates {
  let layer: Int
  /// X_i, the layer's input.
  let input: [Float]
  /// The attention's own input and output, without residual: RMSNorm(X_i)·g and its attention
  /// output for a pre-norm model; X_i and ctx·W_oᵀ + b_o for a post-norm one. nil when dropped.
  let attnIn: [Float]?
  let attnOut: [Float]?
  /// H_i (pre-norm: X_i + Attn(…)) or A_i (post-norm: LN_1(X_i + Attn(X_i))); X_i when dropped.
  let mid: [Float]
  /// The MLP's own input and output, without residual (as for attention). nil when dropped.
  let mlpIn: [Float]?
  let mlpOut: [Float]?
  /// Y_i, the layer's output.
  let output: [Float]
}

/// The shape facts of a model.
struct ModelInfo {
  /// "bert", "llama" or "toy".
  let arch: String
  /// Where it came from: "minilm", "smollm" or the path.
  let source: String
  let layers: Int
  let hidden: Int
  let heads: Int
  let kvHeads: Int
  let ffn: Int
  let vocab: Int
  /// Longest sequence the position embeddings or RoPE context allow.
  let maxLength: Int
  /// Pre-norm (Llama) or post-norm (BERT) residual blocks.
  let preNorm: Bool
  /// A causal decoder with a language-model head (perplexity, generate).
  let decoder: Bool
}

/// A model's tokenizer.
protocol PruneTokenizer: AnyObject {
  /// The ids of `text` as the model's own tokenizer gives them: BERT wraps them in [CLS] …
  /// [SEP]; Llama adds no BOS.
  func encode(_ text: String) -> [Int32]
  /// The text of `ids` (special tokens such as [CLS] and [PAD] left out).
  func decode(_ ids: [Int32]) -> String
  /// The id that pads shorter sequences of a batch.
  var padId: Int32 { get }
  /// The end-of-text id that stops generation (nil: none).
  var eosId: Int32? { get }
}

extension PruneTokenizer {
  var eosId: Int32? { nil }
}

/// A transformer whose modules can be dropped.
protocol TransformerModel: AnyObject {
  var info: ModelInfo { get }
  var tokenizer: PruneTokenizer? { get }
  /// The final hidden states `[batch·length, hidden]`: the last layer's output for an encoder,
  /// after the final norm for a decoder. `observe` sees each layer's states in order.
  /// Throws only when interrupted (Ctrl-C).
  func forward(_ batch: TokenBatch, drop: DropSet, observe: ((LayerStates) -> Void)?) throws
    -> [Float]
  /// Logits `[rows, vocab]` of final hidden rows; nil for a model without a language-model head.
  func logits(_ hidden: [Float], rows: Int) -> [Float]?
}

// prune: the BERT encoder (all-MiniLM-L6-v2) from safetensors, config.json and vocab.txt.
// Placeholder until the implementation lands.
import Interp

final class BertModel {
  /// Loads the model in `directory` (model.safetensors, config.json, vocab.txt).
  static func load(directory: String, source: String) throws -> TransformerModel {
    throw RuntimeError("NotImplementedError", "prune: the BERT encoder is not implemented yet")
  }
}

// prune: the Llama decoder (SmolLM2-135M) from a GGUF file.
// Placeholder until the implementation lands.
import Interp

final class LlamaModel {
  /// Loads the GGUF model at `path`.
  static func load(path: String, source: String) throws -> TransformerModel {
    throw RuntimeError("NotImplementedError", "prune: the Llama decoder is not implemented yet")
  }
}

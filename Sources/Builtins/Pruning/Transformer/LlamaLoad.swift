// prune: reading a Llama decoder and its tokenizer from a GGUF file (llama.cpp's names:
// `<arch>.block_count`, `blk.N.attn_q.weight`, …). Every tensor is dequantised once by the
// GGUF reader and matrices stay in its buffers; shapes are checked against the metadata.
// Errors: a missing file is an IOError; anything wrong inside the file a FormatError that
// names the path and the key, tensor or byte offset.
import Foundation
import Interp
import Tensor

enum LlamaLoader {
  static func load(path: String, source: String) throws -> LlamaModel {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      !isDirectory.boolValue
    else {
      throw RuntimeError.io(
        "prune.load: no GGUF file at '\(path)' (run scripts/fetch-data smollm2 to fetch "
          + "SmolLM2-135M-Instruct)")
    }
    let file: GGUFFile
    do {
      file = try GGUF.read(contentsOf: path)
    } catch let e as FormatError {
      throw RuntimeError("FormatError", "prune.load: \(e.description)")
    } catch {
      throw RuntimeError.io("prune.load: cannot read '\(path)': \(error)")
    }
    let reader = Reader(file: file, path: path)
    return try reader.model(source: source)
  }

  /// Typed access to one parsed file's metadata and tensors, with errors naming them.
  struct Reader {
    let file: GGUFFile
    let path: String

    func formatError(_ message: String) -> RuntimeError {
      RuntimeError("FormatError", "prune.load: '\(path)': \(message)")
    }

    func value(_ key: String) throws -> GGUFValue {
      guard let v = file[key] else { throw formatError("no metadata key '\(key)'") }
      return v
    }

    func int(_ key: String) throws -> Int {
      guard let n = try value(key).intValue, n > 0 else {
        throw formatError("metadata '\(key)' is \(try value(key)), expected a positive integer")
      }
      return n
    }

    /// A float32 metadata number as its shortest decimal (1e-5, not 9.99999974e-06).
    func number(_ key: String) throws -> Double {
      let v = try value(key)
      if case .float32(let f) = v, let d = Double("\(f)") { return d }
      guard let d = v.doubleValue else {
        throw formatError("metadata '\(key)' is \(v), expected a number")
      }
      return d
    }

    func string(_ key: String) throws -> String {
      guard let s = try value(key).stringValue else {
        throw formatError("metadata '\(key)' is \(try value(key)), expected a string")
      }
      return s
    }

    func strings(_ key: String) throws -> [String] {
      guard let items = try value(key).arrayValue else {
        throw formatError("metadata '\(key)' is not an array")
      }
      return try items.map {
        guard let s = $0.stringValue else {
          throw formatError("metadata '\(key)' holds \($0), expected strings")
        }
        return s
      }
    }

    /// The tensor `name` as float32, checked to have row-major shape `shape`.
    func tensor(_ name: String, _ shape: [Int]) throws -> Tensor {
      let t: Tensor?
      do {
        t = try file.tensor(named: name)
      } catch let e as FormatError {
        throw RuntimeError("FormatError", "prune.load: \(e.description)")
      }
      guard let t else { throw formatError("no tensor '\(name)'") }
      guard t.shape == shape else {
        throw formatError("tensor '\(name)' has shape \(t.shape), expected \(shape)")
      }
      return t.dtype == .f32 ? t : Tensor(shape: shape, f32: t.doubles.map { Float($0) })
    }

    /// A vector's elements.
    func vector(_ name: String, _ count: Int) throws -> [Float] {
      try tensor(name, [count]).withElements(as: Float.self) { Array($0) }
    }

    /// A `[rows, cols]` matrix, its dequantised buffer kept as it is.
    func matrix(_ name: String, _ rows: Int, _ cols: Int) throws -> LlamaModel.Weights {
      LlamaModel.Weights(rows: rows, cols: cols, tensor: try tensor(name, [rows, cols]))
    }

    func model(source: String) throws -> LlamaModel {
      let arch = try string("general.architecture")
      guard arch == "llama" else {
        throw RuntimeError(
          "FormatError",
          "prune.load: '\(path)': unknown architecture '\(arch)' in the GGUF metadata "
            + "(prune supports llama)")
      }
      let layers = try int("llama.block_count")
      let hidden = try int("llama.embedding_length")
      let ffn = try int("llama.feed_forward_length")
      let heads = try int("llama.attention.head_count")
      let kvHeads = try int("llama.attention.head_count_kv")
      let base = try number("llama.rope.freq_base")
      let eps = try number("llama.attention.layer_norm_rms_epsilon")
      let context = try int("llama.context_length")
      let tokens = try strings("tokenizer.ggml.tokens")
      let vocab = tokens.count
      guard hidden % heads == 0, heads % kvHeads == 0, (hidden / heads) % 2 == 0 else {
        throw formatError(
          "embedding_length \(hidden), head_count \(heads), head_count_kv \(kvHeads) do not "
            + "give an even head size shared by whole groups of query heads")
      }
      let headDim = hidden / heads
      if let rope = file["llama.rope.dimension_count"]?.intValue, rope != headDim {
        throw formatError(
          "rope.dimension_count \(rope) differs from the head size \(headDim) (partial RoPE "
            + "is not supported)")
      }
      let kvWidth = kvHeads * headDim
      var blocks: [LlamaModel.Layer] = []
      for i in 0..<layers {
        let p = "blk.\(i)."
        blocks.append(
          LlamaModel.Layer(
            attnNorm: try vector(p + "attn_norm.weight", hidden),
            q: try matrix(p + "attn_q.weight", hidden, hidden),
            k: try matrix(p + "attn_k.weight", kvWidth, hidden),
            v: try matrix(p + "attn_v.weight", kvWidth, hidden),
            output: try matrix(p + "attn_output.weight", hidden, hidden),
            ffnNorm: try vector(p + "ffn_norm.weight", hidden),
            gate: try matrix(p + "ffn_gate.weight", ffn, hidden),
            up: try matrix(p + "ffn_up.weight", ffn, hidden),
            down: try matrix(p + "ffn_down.weight", hidden, ffn)))
      }
      let embedding = try matrix("token_embd.weight", vocab, hidden)
      let head =
        file.tensorInfos.contains { $0.name == "output.weight" }
        ? try matrix("output.weight", vocab, hidden) : nil
      let info = ModelInfo(
        arch: "llama", source: source, layers: layers, hidden: hidden, heads: heads,
        kvHeads: kvHeads, ffn: ffn, vocab: vocab, maxLength: context, preNorm: true,
        decoder: true)
      return LlamaModel(
        info: info, tokenizer: try tokenizer(tokens), layers: blocks, embedding: embedding,
        head: head, outputNorm: try vector("output_norm.weight", hidden), headDim: headDim,
        eps: eps, ropeBase: base)
    }

    /// The BPE tokenizer, or nil when the file's tokenizer is not GPT-2 byte-level BPE with a
    /// pre-tokenizer this reader knows (the model then works on token ids only).
    func tokenizer(_ tokens: [String]) throws -> BPETokenizer? {
      guard file["tokenizer.ggml.model"]?.stringValue == "gpt2" else { return nil }
      let pre: BPETokenizer.Pretokenizer
      switch file["tokenizer.ggml.pre"]?.stringValue ?? "gpt2" {
      case "smollm", "starcoder", "refact", "codeshell", "command-r": pre = .digitsThenGPT2
      case "gpt2", "default", "mpt", "olmo", "jais": pre = .gpt2
      default: return nil
      }
      // Types missing or of the wrong length: every token is a normal one.
      let types = (file["tokenizer.ggml.token_type"]?.arrayValue ?? []).map {
        Int32(clamping: $0.intValue ?? 1)
      }
      let merges = try strings("tokenizer.ggml.merges")
      let pad =
        file["tokenizer.ggml.padding_token_id"]?.intValue
        ?? file["tokenizer.ggml.eos_token_id"]?.intValue ?? 0
      guard (0..<tokens.count).contains(pad) else {
        throw formatError(
          "padding token id \(pad) is not below the vocabulary size \(tokens.count)")
      }
      let eos = file["tokenizer.ggml.eos_token_id"]?.intValue.flatMap {
        (0..<tokens.count).contains($0) ? Int32($0) : nil
      }
      do {
        return try BPETokenizer(
          tokens: tokens, types: types, merges: merges, padId: Int32(pad), eosId: eos,
          pretokenizer: pre)
      } catch let e as BPEError {
        throw formatError("tokenizer.ggml.merges: \(e.message)")
      }
    }
  }
}

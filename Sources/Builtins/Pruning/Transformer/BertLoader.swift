// prune: reading a BERT directory (config.json, model.safetensors, vocab.txt) into a BertModel.
//
// Errors: a missing file is an IOError naming it and `scripts/fetch-data minilm`; a config that
// is not a BERT one, a malformed safetensors file (with the byte offset the reader stopped at),
// a missing tensor or one whose shape disagrees with config.json are FormatErrors. Tensor names
// are accepted with or without the `bert.` prefix (BertModel vs BertForMaskedLM checkpoints).
// Each weight is converted once, from the file's bytes (mapped) straight into the float32 array
// the model keeps; the query, key and value matrices go into one stacked array.
import FileOut
import Foundation
import Interp
import Tensor

enum BertLoader {
  /// The config.json fields the forward pass needs.
  struct Config {
    let layers: Int
    let hidden: Int
    let heads: Int
    let ffn: Int
    let eps: Double
    let maxPositions: Int
    let vocab: Int
  }

  static func load(directory: String, source: String) throws -> TransformerModel {
    // "" is the current folder (the directory part of a bare "model.safetensors").
    let dir =
      directory.isEmpty ? "." : directory.hasSuffix("/") ? String(directory.dropLast()) : directory
    let configPath = dir + "/config.json"
    let weightsPath = dir + "/model.safetensors"
    let vocabPath = dir + "/vocab.txt"
    for path in [configPath, weightsPath, vocabPath]
    where !FileManager.default.fileExists(atPath: path) {
      throw RuntimeError.io(
        "prune.load: no file '\(path)' (run `scripts/fetch-data minilm` to fetch MiniLM)")
    }
    let config = try readConfig(configPath)
    let tokenizer = try WordPieceTokenizer(vocabPath: vocabPath)
    let table = try WeightTable(path: weightsPath)
    let (h, f) = (config.hidden, config.ffn)
    let embeddings = [
      try table.take("embeddings.word_embeddings.weight", [config.vocab, h]),
      try table.take("embeddings.position_embeddings.weight", [config.maxPositions, h]),
      Array(try table.take("embeddings.token_type_embeddings.weight", nil).prefix(h)),
      try table.take("embeddings.LayerNorm.weight", [h]),
      try table.take("embeddings.LayerNorm.bias", [h]),
    ]
    if embeddings[2].count < h {
      throw table.error("embeddings.token_type_embeddings.weight has no row for token type 0")
    }
    var layers: [BertModel.Layer] = []
    for i in 0..<config.layers {
      let p = "encoder.layer.\(i)."
      func take(_ name: String, _ shape: [Int]) throws -> [Float] {
        try table.take(p + name, shape)
      }
      func stack(_ kind: String, _ shape: [Int]) throws -> [Float] {
        try table.take(
          ["query", "key", "value"].map { p + "attention.self.\($0).\(kind)" }, shape)
      }
      layers.append(
        BertModel.Layer(
          qkvW: try stack("weight", [h, h]),
          qkvB: try stack("bias", [h]),
          outW: try take("attention.output.dense.weight", [h, h]),
          outB: try take("attention.output.dense.bias", [h]),
          ln1G: try take("attention.output.LayerNorm.weight", [h]),
          ln1B: try take("attention.output.LayerNorm.bias", [h]),
          upW: try take("intermediate.dense.weight", [f, h]),
          upB: try take("intermediate.dense.bias", [f]),
          downW: try take("output.dense.weight", [h, f]),
          downB: try take("output.dense.bias", [h]),
          ln2G: try take("output.LayerNorm.weight", [h]),
          ln2B: try take("output.LayerNorm.bias", [h])))
    }
    let info = ModelInfo(
      arch: "bert", source: source, layers: config.layers, hidden: h, heads: config.heads,
      kvHeads: config.heads, ffn: f, vocab: config.vocab, maxLength: config.maxPositions,
      preNorm: false, decoder: false)
    return BertModel(
      info: info, tokenizer: tokenizer, eps: config.eps, embeddings: embeddings, layers: layers)
  }

  /// The fields of config.json; `model_type` must be "bert".
  static func readConfig(_ path: String) throws -> Config {
    func bad(_ what: String) -> RuntimeError {
      RuntimeError("FormatError", "prune.load: '\(path)': \(what)")
    }
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw RuntimeError.io("prune.load: cannot read '\(path)': \(error.localizedDescription)")
    }
    guard let parsed = try? JSONSerialization.jsonObject(with: data),
      let object = parsed as? [String: Any]
    else { throw bad("not a JSON object") }
    guard let type = object["model_type"] as? String else { throw bad("no \"model_type\"") }
    guard type == "bert" else {
      throw bad("unknown architecture \"\(type)\" (model_type); prune.load reads \"bert\" here")
    }
    func int(_ key: String) throws -> Int {
      guard let n = object[key] as? NSNumber, let v = Int(exactly: n.doubleValue), v > 0 else {
        throw bad("\"\(key)\" must be a positive integer")
      }
      return v
    }
    let eps: Double
    if let n = object["layer_norm_eps"] as? NSNumber {
      eps = n.doubleValue
    } else {
      eps = 1e-12
    }
    let config = Config(
      layers: try int("num_hidden_layers"), hidden: try int("hidden_size"),
      heads: try int("num_attention_heads"), ffn: try int("intermediate_size"), eps: eps,
      maxPositions: try int("max_position_embeddings"), vocab: try int("vocab_size"))
    guard config.hidden % config.heads == 0 else {
      throw bad(
        "hidden_size \(config.hidden) is not a multiple of num_attention_heads \(config.heads)")
    }
    guard eps > 0 else { throw bad("\"layer_norm_eps\" must be positive") }
    return config
  }
}

/// The tensors of a safetensors file by name (its header read and checked), each converted
/// on request from the file's bytes into a float32 array.
struct WeightTable {
  let path: String
  private let index: SafetensorsIndex

  init(path: String) throws {
    self.path = path
    do {
      index = try Safetensors.index(contentsOf: path)
    } catch let e as FormatError {
      throw RuntimeError("FormatError", "prune.load: \(e.description)")
    } catch let e as FileIOError {
      throw RuntimeError.io("prune.load: \(e)")
    } catch let e as TensorError {
      throw RuntimeError(e.kind, e.message)
    }
  }

  func error(_ what: String) -> RuntimeError {
    RuntimeError("FormatError", "prune.load: '\(path)': \(what)")
  }

  /// The tensor `name` (or `bert.name`) as float32, checked against `shape` (nil: any shape).
  func take(_ name: String, _ shape: [Int]?) throws -> [Float] {
    try take([name], shape)
  }

  /// The tensors `names` (each `name` or `bert.name`, each checked against `shape`; nil: any
  /// shape) as one float32 array, one after the other.
  func take(_ names: [String], _ shape: [Int]?) throws -> [Float] {
    let keys = try names.map { name -> String in
      let key = index.contains(name) ? name : "bert." + name
      guard let found = index.shape(of: key), let dtype = index.dtype(of: key) else {
        throw error("no tensor \"\(name)\"")
      }
      if let shape, found != shape {
        throw error("tensor \"\(key)\" has shape \(found), config.json implies \(shape)")
      }
      guard dtype == .f32 || dtype == .f64 else {
        throw error("tensor \"\(key)\" has dtype \(dtype), expected floating point")
      }
      return key
    }
    return index.floats(keys)
  }
}

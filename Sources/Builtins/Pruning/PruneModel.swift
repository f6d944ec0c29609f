// prune: the model value FSL scripts hold (a transformer plus the modules dropped from it),
// loading by name or path, and the checks every builtin makes on token ids and masks.
import Foundation
import Interp
import Tensor

/// A transformer as an FSL value: the loaded weights (shared, never changed) and the modules
/// dropped from it. `prune.apply` makes a new one; `model.scores(ids)` calls `prune.scores`.
final class PruneModelObject: ForeignObject {
  let model: TransformerModel
  let drop: DropSet

  init(_ model: TransformerModel, drop: DropSet = DropSet()) {
    self.model = model
    self.drop = drop
  }

  var info: ModelInfo { model.info }
  var typeName: String { "transformer" }
  var methodModule: String { "prune" }

  var repr: String {
    let i = info
    var s = "<transformer \(i.arch) (\(i.source)): \(i.layers) layers, hidden \(i.hidden)"
    if !drop.attn.isEmpty { s += ", attn \(drop.attn.sorted()) dropped" }
    if !drop.mlp.isEmpty { s += ", mlp \(drop.mlp.sorted()) dropped" }
    return s + ">"
  }
}

enum PruneModels {
  /// FSL's `data/` folder: next to the standard library's folder.
  static var dataDirectory: String? {
    Library.directory.map { ($0 as NSString).deletingLastPathComponent + "/data" }
  }

  /// The model at `spec`: "minilm", "smollm" (or "smollm2"), a `.gguf` file, or a folder (or
  /// the `.safetensors` file in it) with model.safetensors, config.json and vocab.txt.
  static func load(_ spec: String) throws -> TransformerModel {
    let known = [
      "minilm": ("minilm", "model.safetensors"),
      "smollm": ("smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"),
    ]
    let key = spec == "smollm2" ? "smollm" : spec
    if let (set, file) = known[key] {
      guard let data = dataDirectory else {
        throw RuntimeError.io(
          "prune.load: FSL's data folder was not found (run scripts/fetch-data \(set))")
      }
      let dir = data + "/" + set
      guard FileManager.default.fileExists(atPath: dir + "/" + file) else {
        throw RuntimeError.io(
          "prune.load: model '\(spec)' is not in \(dir): run scripts/fetch-data \(set)")
      }
      return key == "minilm"
        ? try BertModel.load(directory: dir, source: key)
        : try LlamaModel.load(path: dir + "/" + file, source: key)
    }
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: spec, isDirectory: &isDir) else {
      throw RuntimeError.io(
        "prune.load: no such file or folder: \(spec) (names: \"minilm\", \"smollm\")")
    }
    if isDir.boolValue { return try BertModel.load(directory: spec, source: spec) }
    if spec.hasSuffix(".gguf") { return try LlamaModel.load(path: spec, source: spec) }
    if spec.hasSuffix(".safetensors") {
      return try BertModel.load(
        directory: (spec as NSString).deletingLastPathComponent, source: spec)
    }
    throw RuntimeError.value(
      "prune.load: cannot tell the format of \(spec): give a .gguf file, a .safetensors file "
        + "or a folder holding model.safetensors, config.json and vocab.txt")
  }

  /// The model object of argument `i`.
  static func object(_ a: Arguments, _ i: Int, _ who: String) throws -> PruneModelObject {
    guard case .object(let o) = a[i], let m = o as? PruneModelObject else {
      throw RuntimeError.type(
        "\(who): 'model' must be a transformer from prune.load, got \(a[i].typeName)")
    }
    return m
  }

  /// Token ids (argument `i`, a 1-d or 2-d tensor of integers) and their mask (argument `i+1`,
  /// nil for all real), checked against `model`. A 1-d input is one sequence.
  static func batch(
    _ a: Arguments, _ i: Int, _ model: ModelInfo, _ who: String, needsReal: Bool = true,
    hasMask: Bool = true
  ) throws -> (TokenBatch, oneSequence: Bool) {
    guard let t = a[i].asTensorValue, t.dtype != .str, t.rank == 1 || t.rank == 2 else {
      throw RuntimeError.type(
        "\(who): 'ids' must be a 1-d or 2-d tensor of token ids, got \(a[i].typeName)"
          + (a[i].asTensorValue.map { " of shape \($0.shape)" } ?? ""))
    }
    let one = t.rank == 1
    let (b, n) = one ? (1, t.shape[0]) : (t.shape[0], t.shape[1])
    var ids = [Int32](repeating: 0, count: b * n)
    for (k, d) in t.doubles.enumerated() {
      guard let v = Int(exactly: d), v >= 0, v < model.vocab else {
        let at = one ? "[\(k)]" : "[\(k / max(n, 1)), \(k % max(n, 1))]"
        throw RuntimeError.value(
          "\(who): token id \(formatNumber(d)) at \(at) is not in 0..<\(model.vocab) "
            + "(the model's vocabulary size)")
      }
      ids[k] = Int32(v)
    }
    var mask = [Bool](repeating: true, count: b * n)
    if hasMask && !a.isNil(i + 1) {
      guard let m = a[i + 1].asTensorValue, m.dtype != .str else {
        throw RuntimeError.type("\(who): 'mask' must be a tensor of 0/1, got \(a[i + 1].typeName)")
      }
      guard m.shape == t.shape else {
        throw RuntimeError(
          "ShapeError", "\(who): mask shape \(m.shape) does not match ids shape \(t.shape)")
      }
      for (k, d) in m.doubles.enumerated() {
        guard d == 0 || d == 1 else {
          throw RuntimeError.value("\(who): mask values must be 0 or 1, got \(formatNumber(d))")
        }
        mask[k] = d == 1
      }
    }
    guard n <= model.maxLength else {
      throw RuntimeError.value(
        "\(who): sequences of \(n) tokens are longer than the model's \(model.maxLength) positions")
    }
    if needsReal && !mask.contains(true) {
      throw RuntimeError.value(
        "\(who): no real token to compute on (the ids are empty or the mask is all 0)")
    }
    return (TokenBatch(ids: ids, mask: mask, batch: b, length: n), one)
  }

  /// `[rows, hidden]` float32 as a tensor shaped like the ids plus the hidden dimension.
  static func states(_ x: [Float], _ b: TokenBatch, one: Bool, width: Int) -> Value {
    .tensor(Tensor(shape: one ? [b.length, width] : [b.batch, b.length, width], f32: x))
  }
}

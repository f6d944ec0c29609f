// The sections of the builtin reference: one per module (`nn`, `plot`, `fed`, …) and, for the
// global builtins, one per source folder. Each has an introduction, shown by `fsl doc MODULE`
// and at the head of its section in docs/builtins.md.
import Interp

/// A section of the builtin reference.
public struct BuiltinSection {
  public init(key: String, title: String, intro: String) {
    self.key = key
    self.title = title
    self.intro = intro
  }

  /// The module name, or `Sources/Builtins/FOLDER` for global builtins.
  public let key: String
  public let title: String
  public let intro: String
}

/// Every section, in the order docs/builtins.md shows them.
public let builtinSections: [BuiltinSection] = [
  .init(
    key: "Sources/Builtins/Core", title: "Core",
    intro: "Printing, numbers and math, lists, dicts and strings, functional helpers "
      + "(`map`, `filter`, `sorted`), errors and nested-structure walks (`tree_map`)."),
  .init(
    key: "Sources/Builtins/TensorOps", title: "Tensors",
    intro: "NumPy-style n-d tensors: creation, reductions (pairwise sums as NumPy), shapes, "
      + "elementwise math, counting and sorting, linear algebra on LAPACK and random "
      + "streams (`rng`). docs/tensors.md and docs/random.md."),
  .init(
    key: "Sources/Builtins/IO", title: "Files",
    intro: "Reading and writing files: text, JSON, .npy/.npz, safetensors and GGUF. Writes "
      + "are atomic (a temporary file renamed into place)."),
  .init(
    key: "Sources/Builtins/Tables", title: "Tables",
    intro: "Column tables as pandas users know them: `read_csv`, `loadtxt`, selection, "
      + "group-by and joins; string columns compare and sort. docs/tables.md."),
  .init(
    key: "Sources/Builtins/NN", title: "Gradients",
    intro: "Reverse-mode autodiff over tensors, numbers and dicts of tensors: `grad`, "
      + "`value_and_grad`. docs/nn.md."),
  .init(
    key: "plot", title: "plot",
    intro: "Figures for papers drawn with Cairo to PNG, PDF and SVG: lines, scatter, bars, "
      + "bands, histograms and heatmaps, grids of panels, presets for ICML/NeurIPS column "
      + "widths and math text in labels. Output is byte-reproducible. docs/plots.md."),
  .init(
    key: "nn", title: "nn",
    intro: "Neural networks as dicts of tensors: `nn.mlp`, losses, SGD and Adam, `nn.train`, "
      + "L-BFGS and `nn.logreg` (scikit-learn's LogisticRegression). docs/nn.md."),
  .init(
    key: "fair", title: "fair",
    intro: "Diagnosis Fairness: fairlearn's group metrics and aggregates, path-specific "
      + "(mediation) effects and the Diagnosis Fairness score, and adversarial fairness "
      + "masks. docs/fairness.md."),
  .init(
    key: "fed", title: "fed",
    intro: "Federated fine-tuning: FedAvg over nested models, Dirichlet/IID/shard "
      + "partitions, a seeded one-shot vs multi-round simulator, and LoRA aggregation (FedAvg "
      + "of factors, FLoRA stacking, zero-padding). docs/federated.md."),
  .init(
    key: "value", title: "value",
    intro: "Data valuation after SHED: k-means proxies, exact, TMC, group and KNN Shapley "
      + "values, leave-one-out, and QOCS/QWCS sampling. docs/valuation.md."),
  .init(
    key: "prune", title: "prune",
    intro: "LLM-Drop on real transformers (MiniLM from safetensors, SmolLM2 from GGUF): "
      + "tokenizers, forward passes, attention/MLP/block importance, one-shot, joint and "
      + "iterative drop plans, perplexity, generation and embeddings. docs/pruning.md."),
]

/// The section key of `b`: its module, or the folder of its source file for a global.
public func sectionKey(of b: Builtin) -> String {
  if !b.module.isEmpty { return b.module }
  let parts = b.sourceFile.split(separator: "/")
  return parts.count >= 3 ? parts[0..<3].joined(separator: "/") : b.sourceFile
}

/// The introduction of builtin module `name` (nil for an unknown name).
public func builtinModuleIntro(_ name: String) -> String? {
  builtinSections.first { $0.key == name }?.intro
}

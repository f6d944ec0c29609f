// The BERT encoder (all-MiniLM-L6-v2) and its WordPiece tokenizer against transformers.
//
// References in Tests/fixtures/prune/minilm/ (see minilm_scores.json "definitions"): token ids
// and mask of sentences.txt padded to 15, the layer states of sentence 0, sentence embeddings
// and pooled LLM-Drop scores. The model itself comes from `scripts/fetch-data minilm`
// (data/minilm/, git-ignored); tests that need it skip when it is absent.
import Foundation
import Interp
import Tensor
import XCTest

@testable import Builtins

final class PruneBertTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let fixtures = root.appendingPathComponent("Tests/fixtures/prune/minilm")
  static let dataDir = root.appendingPathComponent("data/minilm")
  static var cached: TransformerModel?

  func model() throws -> TransformerModel {
    let weights = Self.dataDir.appendingPathComponent("model.safetensors").path
    guard FileManager.default.fileExists(atPath: weights) else {
      throw XCTSkip("run scripts/fetch-data minilm")
    }
    if let m = Self.cached { return m }
    let m = try BertModel.load(directory: Self.dataDir.path, source: "minilm")
    Self.cached = m
    return m
  }

  func fixture(_ name: String) throws -> Tensor {
    try Npy.read(contentsOf: Self.fixtures.appendingPathComponent(name).path)
  }

  /// The reference ids and mask as a batch [32, 15].
  func referenceBatch() throws -> TokenBatch {
    let ids = try fixture("minilm_token_ids.npy")
    let mask = try fixture("minilm_attention_mask.npy")
    XCTAssertEqual(ids.shape, [32, 15])
    return TokenBatch(
      ids: ids.doubles.map { Int32($0) }, mask: mask.doubles.map { $0 != 0 }, batch: 32,
      length: 15)
  }

  func maxAbsDiff(_ a: [Float], _ b: [Double]) -> Double {
    XCTAssertEqual(a.count, b.count)
    return zip(a, b).map { abs(Double($0) - $1) }.max() ?? 0
  }

  func testTokenIdsMatchTransformers() throws {
    let m = try model()
    let tok = try XCTUnwrap(m.tokenizer)
    let batch = try referenceBatch()
    let text = try String(
      contentsOf: Self.fixtures.appendingPathComponent("sentences.txt"), encoding: .utf8)
    let lines = text.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.count, 32)
    var ids: [Int32] = []
    var mask: [Bool] = []
    for line in lines {
      let row = tok.encode(line)
      XCTAssertLessThanOrEqual(row.count, 15, line)
      ids += row + [Int32](repeating: tok.padId, count: 15 - row.count)
      mask +=
        [Bool](repeating: true, count: row.count)
        + [Bool](repeating: false, count: 15 - row.count)
    }
    XCTAssertEqual(ids, batch.ids)
    XCTAssertEqual(mask, batch.mask)
    XCTAssertEqual(tok.decode(Array(batch.ids[0..<15])), lines[0].lowercased())
    XCTAssertEqual(tok.decode(tok.encode(lines[13])), lines[13].lowercased())
  }

  /// minilm_hidden_sentence0.npy is [13 states, 13 tokens, 384]: the 13 real tokens of
  /// sentence 0 in the states X_0, A_0, Y_0, A_1, Y_1, …, A_5, Y_5 (Y_i = X_{i+1}; X_0 is the
  /// embeddings' LayerNorm output), checked against a NumPy forward pass (max diff 4e-6).
  func testLayerStatesOfSentence0() throws {
    let m = try model()
    let batch = try referenceBatch()
    let ref = try fixture("minilm_hidden_sentence0.npy")
    XCTAssertEqual(ref.shape, [13, 13, 384])
    var states: [[Float]] = []
    let rows = 13 * 384
    _ = try m.forward(batch, drop: DropSet()) { s in
      if s.layer == 0 { states.append(Array(s.input[0..<rows])) }
      states.append(Array(s.mid[0..<rows]))
      states.append(Array(s.output[0..<rows]))
    }
    XCTAssertEqual(states.count, 13)
    let values = ref.doubles
    var worst = 0.0
    for (j, state) in states.enumerated() {
      let diff = maxAbsDiff(state, Array(values[j * rows..<(j + 1) * rows]))
      XCTAssertLessThan(diff, 1e-4, "state \(j)")
      worst = max(worst, diff)
    }
    print("PruneBert: layer states max abs diff \(worst)")
  }

  func testSentenceEmbeddings() throws {
    let m = try model()
    let batch = try referenceBatch()
    let ref = try fixture("minilm_sentence_embeddings.npy")
    let h = m.info.hidden
    let last = try m.forward(batch, drop: DropSet(), observe: nil)
    var emb: [Float] = []
    for b in 0..<batch.batch {
      var sum = [Double](repeating: 0, count: h)
      var n = 0.0
      for t in 0..<batch.length where batch.mask[b * batch.length + t] {
        for j in 0..<h { sum[j] += Double(last[(b * batch.length + t) * h + j]) }
        n += 1
      }
      let mean = sum.map { $0 / n }
      let norm = mean.map { $0 * $0 }.reduce(0, +).squareRoot()
      emb += mean.map { Float($0 / norm) }
    }
    let diff = maxAbsDiff(emb, ref.doubles)
    XCTAssertLessThan(diff, 1e-5)
    print("PruneBert: sentence embeddings max abs diff \(diff)")
  }

  func testPooledScores() throws {
    let m = try model()
    let batch = try referenceBatch()
    let h = m.info.hidden
    var sums: [String: [Double]] = [:]
    var count = 0
    func cosSum(_ a: [Float], _ b: [Float]) -> Double {
      var total = 0.0
      for r in 0..<batch.rows where batch.mask[r] {
        var (ab, aa, bb) = (0.0, 0.0, 0.0)
        for j in r * h..<(r + 1) * h {
          ab += Double(a[j]) * Double(b[j])
          aa += Double(a[j]) * Double(a[j])
          bb += Double(b[j]) * Double(b[j])
        }
        total += ab / (aa.squareRoot() * bb.squareRoot())
      }
      return total
    }
    _ = try m.forward(batch, drop: DropSet()) { s in
      if s.layer == 0 { count = batch.mask.filter { $0 }.count }
      let attnOut = s.attnOut ?? []
      let mlpOut = s.mlpOut ?? []
      sums["attn", default: []].append(cosSum(s.input, s.mid))
      sums["mlp", default: []].append(cosSum(s.mid, s.output))
      sums["block", default: []].append(cosSum(s.input, s.output))
      sums["attn_presum", default: []].append(cosSum(s.input, TransformerOps.add(s.input, attnOut)))
      sums["mlp_presum", default: []].append(cosSum(s.mid, TransformerOps.add(s.mid, mlpOut)))
    }
    XCTAssertEqual(count, 374)
    let json = try JSONSerialization.jsonObject(
      with: Data(contentsOf: Self.fixtures.appendingPathComponent("minilm_scores.json")))
    let scores = try XCTUnwrap((json as? [String: Any])?["scores"] as? [String: [Double]])
    var worst = 0.0
    for key in ["attn", "mlp", "block", "attn_presum", "mlp_presum"] {
      let got = (sums[key] ?? []).map { 1 - $0 / Double(count) }
      let want = try XCTUnwrap(scores[key])
      XCTAssertEqual(got.count, 6)
      for (g, w) in zip(got, want) {
        XCTAssertEqual(g, w, accuracy: 1e-4, key)
        worst = max(worst, abs(g - w))
      }
    }
    print("PruneBert: scores max abs diff \(worst)")
  }

  func testDroppingAndDeterminism() throws {
    let m = try model()
    let batch = try referenceBatch()
    let a = try m.forward(batch, drop: DropSet(), observe: nil)
    let b = try m.forward(batch, drop: DropSet(), observe: nil)
    XCTAssertEqual(a, b)
    var drop = DropSet()
    drop.attn = [1]
    drop.mlp = [3]
    var seen = 0
    let c = try m.forward(batch, drop: drop) { s in
      seen += 1
      XCTAssertEqual(s.attnIn == nil, s.layer == 1)
      XCTAssertEqual(s.attnOut == nil, s.layer == 1)
      XCTAssertEqual(s.mlpIn == nil, s.layer == 3)
      XCTAssertEqual(s.mlpOut == nil, s.layer == 3)
      if s.layer == 1 { XCTAssertEqual(s.mid, s.input) }
      if s.layer == 3 { XCTAssertEqual(s.output, s.mid) }
    }
    XCTAssertEqual(seen, 6)
    XCTAssertEqual(c.count, a.count)
    XCTAssertGreaterThan(maxAbsDiff(c, a.map(Double.init)), 1e-3)
    XCTAssertNil(m.logits(a, rows: batch.rows))
    let info = m.info
    XCTAssertEqual(info.arch, "bert")
    XCTAssertEqual(
      [info.layers, info.hidden, info.heads, info.kvHeads, info.ffn, info.vocab, info.maxLength],
      [6, 384, 12, 12, 1536, 30522, 512])
    XCTAssertFalse(info.preNorm || info.decoder)
  }

  /// A directory with config.json and vocab.txt copied from data/minilm and `weights` as
  /// model.safetensors, unique under /tmp.
  func scratchDirectory(weights: [UInt8], config: String? = nil) throws -> String {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("prune-bert-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    let configText =
      try config
      ?? String(contentsOf: Self.dataDir.appendingPathComponent("config.json"), encoding: .utf8)
    try configText.write(
      to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
    try "[PAD]\n[UNK]\n[CLS]\n[SEP]\n".write(
      to: dir.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
    try Data(weights).write(to: dir.appendingPathComponent("model.safetensors"))
    return dir.path
  }

  func runtimeError(_ body: () throws -> Void) -> RuntimeError? {
    do {
      try body()
    } catch let e as RuntimeError {
      return e
    } catch {
      XCTFail("unexpected error \(error)")
    }
    return nil
  }

  func testTruncatedSafetensorsNamesFileAndOffset() throws {
    _ = try model()
    let bytes = try [UInt8](
      Data(contentsOf: Self.dataDir.appendingPathComponent("model.safetensors")))
    let headerSize = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
    let dir = try scratchDirectory(weights: Array(bytes[0..<(8 + headerSize + 1000)]))
    let e = try XCTUnwrap(runtimeError { _ = try BertModel.load(directory: dir, source: dir) })
    XCTAssertEqual(e.kind, "FormatError")
    XCTAssertTrue(e.message.contains(dir + "/model.safetensors"), e.message)
    XCTAssertTrue(e.message.contains("at byte"), e.message)
    print("PruneBert: truncated file: \(e.kind): \(e.message)")
  }

  func testMissingFileAndUnknownArchitecture() throws {
    let missing = runtimeError { _ = try BertModel.load(directory: "/nonexistent/x", source: "") }
    XCTAssertEqual(missing?.kind, "IOError")
    XCTAssertTrue(missing?.message.contains("/nonexistent/x/config.json") ?? false)
    XCTAssertTrue(missing?.message.contains("scripts/fetch-data minilm") ?? false)
    let dir = try scratchDirectory(weights: [], config: #"{"model_type": "gpt2"}"#)
    let e = runtimeError { _ = try BertModel.load(directory: dir, source: dir) }
    XCTAssertEqual(e?.kind, "FormatError")
    XCTAssertTrue(e?.message.contains("\"gpt2\"") ?? false, e?.message ?? "")
  }

  func testLoadAndForwardTime() throws {
    _ = try model()
    let start = Date()
    let m = try BertModel.load(directory: Self.dataDir.path, source: "minilm")
    let loaded = Date()
    let batch = try referenceBatch()
    _ = try m.forward(batch, drop: DropSet(), observe: nil)
    let t0 = Date()
    for _ in 0..<2 { _ = try m.forward(batch, drop: DropSet(), observe: nil) }
    let each = Date().timeIntervalSince(t0) / 2
    print(
      "PruneBert: load \(loaded.timeIntervalSince(start)) s, forward 32x15 \(each * 1000) ms")
  }

  // The tokenizer on a toy vocabulary (no data needed).

  func toyTokenizer() throws -> WordPieceTokenizer {
    let tokens = [
      "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "runn", "##ing",
      ",", ".", "!", "cafe", "\u{4E2D}", "\u{6587}", "'", "s", "it", "-", "a",
    ]
    return try WordPieceTokenizer(tokens: tokens, name: "toy")
  }

  func testWordPieceEncode() throws {
    let tok = try toyTokenizer()
    XCTAssertEqual(tok.encode("UNAFFABLE running"), [2, 5, 6, 7, 8, 9, 3])
    // Accents stripped, punctuation split, control characters dropped, tabs are spaces.
    XCTAssertEqual(tok.encode("Caf\u{E9},\tcafe\u{301}!\u{7}"), [2, 13, 10, 13, 12, 3])
    // CJK ideographs become words of their own; an unknown word is one [UNK].
    XCTAssertEqual(tok.encode("\u{4E2D}\u{6587}unaffablex"), [2, 14, 15, 1, 3])
    // Over 100 scalars: [UNK] even though the pieces exist.
    XCTAssertEqual(tok.encode(String(repeating: "a", count: 101)), [2, 1, 3])
    XCTAssertEqual(tok.encode(String(repeating: "a", count: 1)), [2, 20, 3])
    XCTAssertEqual(tok.encode(""), [2, 3])
    XCTAssertEqual(tok.encode("it's a-a"), [2, 18, 16, 17, 20, 19, 20, 3])
    XCTAssertEqual(tok.padId, 0)
  }

  func testWordPieceDecode() throws {
    let tok = try toyTokenizer()
    XCTAssertEqual(tok.decode([2, 5, 6, 7, 8, 9, 10, 13, 11, 3, 0, 0]), "unaffable running, cafe.")
    XCTAssertEqual(tok.decode([18, 16, 17, 12, 1, 4]), "it's!")
    XCTAssertEqual(tok.decode([6, 5]), "##aff un")
    XCTAssertEqual(tok.decode([]), "")
  }

  func testVocabularyWithoutSpecialTokens() {
    let e = runtimeError { _ = try WordPieceTokenizer(tokens: ["[PAD]", "a"], name: "v.txt") }
    XCTAssertEqual(e?.kind, "FormatError")
    XCTAssertTrue(e?.message.contains("v.txt") ?? false)
  }

  /// Ids and decodings from the tokenizers package's BertWordPieceTokenizer(vocab.txt,
  /// lowercase=True) (the fast tokenizer transformers wraps).
  func testTrickyTextMatchesTokenizers() throws {
    let tok = try XCTUnwrap(try model().tokenizer)
    let cases: [(String, [Int32], String)] = [
      (
        "Cr\u{E8}me br\u{FB}l\u{E9}e \u{E0} la caf\u{E9}",
        [101, 13675, 21382, 7987, 9307, 2063, 1037, 2474, 7668, 102], "creme brulee a la cafe"
      ),
      (
        "\u{4E2D}\u{6587}\u{5B57}\u{7B26}\u{6D4B}\u{8BD5} mixed with English",
        [101, 1746, 1861, 100, 100, 100, 100, 3816, 2007, 2394, 102],
        "\u{4E2D} \u{6587} mixed with english"
      ),
      (
        "ctrl\u{7}char\u{0}nul\u{FFFD}rep", [101, 14931, 12190, 7507, 6826, 5313, 2890, 2361, 102],
        "ctrlcharnulrep"
      ),
      (String(repeating: "x", count: 101), [101, 100, 102], ""),
      ("a \u{301}b", [101, 1037, 1038, 102], "a b"),
      (
        "\u{939}\u{93F}\u{928}\u{94D}\u{926}\u{940}", [101, 1339, 29877, 29863, 29861, 29878, 102],
        "\u{939}\u{93F}\u{928}\u{926}\u{940}"
      ),
      ("[CLS] [SEP] [MASK]", [101, 101, 102, 103, 102], ""),
    ]
    for (text, ids, decoded) in cases {
      XCTAssertEqual(tok.encode(text), ids, text)
      XCTAssertEqual(tok.decode(ids), decoded, text)
    }
  }
}

// The Llama decoder and its BPE tokenizer against docs/pruning.md, "Oracles" (RoPE values;
// SmolLM2 scores of the 32 calibration sentences, 314 real tokens), plus greedy generation and
// the load errors. Tests needing the model skip unless `scripts/fetch-data smollm2` was run.
import Foundation
import Interp
import Tensor
import XCTest

@testable import Builtins

final class PruneLlamaTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let modelPath = root.appendingPathComponent(
    "data/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
  ).path
  nonisolated(unsafe) static var cached: LlamaModel?

  func model() throws -> LlamaModel {
    if let m = Self.cached { return m }
    guard FileManager.default.fileExists(atPath: Self.modelPath) else {
      throw XCTSkip("run scripts/fetch-data smollm2")
    }
    let start = Date()
    let m = try LlamaLoader.load(path: Self.modelPath, source: "smollm")
    print("PruneLlamaTests: load \(String(format: "%.3f", Date().timeIntervalSince(start))) s")
    Self.cached = m
    return m
  }

  func tokenizer() throws -> BPETokenizer {
    guard let t = try model().tokenizer as? BPETokenizer else {
      XCTFail("SmolLM2 has a BPE tokenizer")
      throw XCTSkip("no tokenizer")
    }
    return t
  }

  /// Right-padded batch of token lists.
  func batch(_ seqs: [[Int32]], pad: Int32) -> TokenBatch {
    let length = seqs.map(\.count).max() ?? 0
    var ids: [Int32] = []
    var mask: [Bool] = []
    for s in seqs {
      ids += s + [Int32](repeating: pad, count: length - s.count)
      mask +=
        [Bool](repeating: true, count: s.count)
        + [Bool](repeating: false, count: length - s.count)
    }
    return TokenBatch(ids: ids, mask: mask, batch: seqs.count, length: length)
  }

  func testRopeOracles() {
    let x: [Float] = [1, 2, 3, 4]
    let cases: [(Int, Double, Bool, [Double])] = [
      (
        1, 1e4, true,
        [-1.1426396637476532, 1.922075596544176, 2.9598506679133294, 4.029799501669161]
      ),
      (
        1, 1e4, false,
        [-1.9841106485555495, 1.959900667496664, 2.4623779024123156, 4.019799668334994]
      ),
      (
        2, 1e5, true,
        [-2.234741690198506, 0.0770037537313969, 2.9746419475731236, 4.018893539736823]
      ),
    ]
    for (pos, base, interleaved, want) in cases {
      var y = x
      LlamaModel.rope(
        &y, positions: [pos], heads: 1, headDim: 4, base: base, interleaved: interleaved)
      for j in 0..<4 {
        XCTAssertEqual(Double(y[j]), want[j], accuracy: 1e-6, "pos \(pos) base \(base) \(j)")
      }
    }
    var z: [Float] = [1, 2, 3, 4, 1, 2, 3, 4] + [1, 2, 3, 4, 1, 2, 3, 4]
    LlamaModel.rope(&z, positions: [0, 1], heads: 2, headDim: 4, base: 1e4, interleaved: true)
    XCTAssertEqual(Array(z[0..<8]), [1, 2, 3, 4, 1, 2, 3, 4])
    XCTAssertEqual(Array(z[8..<12]), Array(z[12..<16]))
    XCTAssertEqual(Double(z[8]), cases[0].3[0], accuracy: 1e-6)
  }

  func testVectorExpMatchesLibm() {
    var worst: Float = 0
    for i in stride(from: -87.0, through: 88.0, by: 0.0137) {
      let x = SIMD8<Float>((0..<8).map { Float(i) + Float($0) * 1e-3 })
      let y = TransformerOps.exp8(x)
      for l in 0..<8 { worst = max(worst, abs(y[l] - expf(x[l])) / expf(x[l])) }
    }
    XCTAssertLessThan(worst, 4e-7)
    let ends = TransformerOps.exp8(SIMD8(-1000, 1000, 0, 0, 0, 0, 0, 0))
    XCTAssertTrue(ends[0] > 0 && ends[0] < 1.2e-38 && ends[1].isFinite)
  }

  func testTokenizer() throws {
    let t = try tokenizer()
    // Ids from an independent Python byte-level BPE over the same vocabulary and merges.
    XCTAssertEqual(t.encode("The capital of France is"), [504, 3575, 282, 4649, 314])
    let text = "Hello world 12345 it's  ok\n\nyes  \n"
    let ids = t.encode(text)
    XCTAssertEqual(
      ids, [19556, 905, 216, 33, 34, 35, 36, 37, 357, 506, 216, 10907, 198, 198, 10407, 32057])
    XCTAssertEqual(t.decode(ids), text)
    XCTAssertEqual(t.encode(""), [])
    // Control tokens are matched whole and left out of decoded text.
    let chat = t.encode("<|im_start|>user\nHi<|im_end|>")
    XCTAssertEqual(chat.first, 1)
    XCTAssertEqual(chat.last, 2)
    XCTAssertEqual(t.decode(chat), "user\nHi")
    XCTAssertEqual(t.decode(t.encode("naïve café — 東京 🙂")), "naïve café — 東京 🙂")
    XCTAssertEqual(t.padId, 2)
    XCTAssertEqual(t.eosId, 2)
  }

  func testGreedyGenerationSaysParis() throws {
    let m = try model()
    let t = try tokenizer()
    var ids = t.encode("The capital of France is")
    var generated: [Int32] = []
    for _ in 0..<10 {
      let b = batch([ids], pad: t.padId)
      let h = try m.forward(b, drop: DropSet(), observe: nil)
      let last = Array(h[(ids.count - 1) * m.info.hidden..<ids.count * m.info.hidden])
      let logits = try XCTUnwrap(m.logits(last, rows: 1))
      let next = Int32(logits.indices.max { logits[$0] < logits[$1] } ?? 0)
      generated.append(next)
      ids.append(next)
    }
    print("PruneLlamaTests: The capital of France is|\(t.decode(generated))|")
    XCTAssertEqual(t.decode([generated[0]]), " Paris")
    if let oracle = try? json("greedy.json") {
      XCTAssertEqual(generated.map(Int.init), oracle["continuation_ids"] as? [Int])
    }
  }

  /// The calibration batch: each sentence on its own, no BOS, right-padded.
  func calibration() throws -> TokenBatch {
    let text = try String(
      contentsOf: Self.root.appendingPathComponent("Tests/fixtures/prune/minilm/sentences.txt"),
      encoding: .utf8)
    let t = try tokenizer()
    let seqs = text.split(separator: "\n").map { t.encode(String($0)) }
    return batch(seqs, pad: t.padId)
  }

  func testScoresMatchReference() throws {
    let m = try model()
    let b = try calibration()
    XCTAssertEqual(b.mask.filter { $0 }.count, 314, "real calibration tokens")
    let h = m.info.hidden
    func cosMean(_ u: [Float], _ v: [Float]) -> Double {
      var total = 0.0
      var n = 0
      for r in 0..<b.rows where b.mask[r] {
        var (dot, uu, vv) = (0.0, 0.0, 0.0)
        for j in 0..<h {
          let (x, y) = (Double(u[r * h + j]), Double(v[r * h + j]))
          dot += x * y
          uu += x * x
          vv += y * y
        }
        total += dot / (uu.squareRoot() * vv.squareRoot())
        n += 1
      }
      return total / Double(n)
    }
    var attn = [Double](repeating: 0, count: m.info.layers)
    var mlp = attn
    var block = attn
    _ = try m.forward(b, drop: DropSet()) { s in
      attn[s.layer] = 1 - cosMean(s.input, s.mid)
      mlp[s.layer] = 1 - cosMean(s.mid, s.output)
      block[s.layer] = 1 - cosMean(s.input, s.output)
    }
    print("PruneLlamaTests: attn \(attn.map { String(format: "%.6f", $0) })")
    let want: [(String, Double, Double)] = [
      ("attn0", attn[0], 0.362030), ("mlp0", mlp[0], 0.961760), ("block0", block[0], 0.994455),
      ("attn1", attn[1], 0.135400), ("mlp1", mlp[1], 0.059843), ("block1", block[1], 0.201748),
      ("attn24", attn[24], 0.109742), ("mlp29", mlp[29], 0.204479),
    ]
    for (name, got, expected) in want {
      XCTAssertEqual(got, expected, accuracy: 1e-4, name)
      print("PruneLlamaTests: \(name) \(got) diff \(got - expected)")
    }
    let order = attn.indices.sorted { (attn[$0], $0) < (attn[$1], $1) }
    XCTAssertEqual(Array(order.prefix(5)), [25, 20, 7, 26, 8])
    let joint = (attn.indices.map { (attn[$0], 0, $0) } + mlp.indices.map { (mlp[$0], 1, $0) })
      .sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
    XCTAssertTrue(joint.prefix(23).allSatisfy { $0.1 == 0 }, "first 23 joint drops are attention")
  }

  func testDroppingAttentionChangesLogits() throws {
    let m = try model()
    let t = try tokenizer()
    let b = batch([t.encode("The capital of France is")], pad: t.padId)
    let full = try XCTUnwrap(m.logits(try m.forward(b, drop: DropSet(), observe: nil), rows: 5))
    var drop = DropSet()
    drop.insert(PruneModule(kind: .attn, layer: 3))
    var seen: [Int] = []
    let pruned = try m.forward(b, drop: drop) { s in
      seen.append(s.layer)
      if s.layer == 3 {
        XCTAssertNil(s.attnIn)
        XCTAssertEqual(s.mid, s.input)
      } else {
        XCTAssertNotNil(s.attnOut)
      }
    }
    XCTAssertEqual(seen, Array(0..<30))
    let dropped = try XCTUnwrap(m.logits(pruned, rows: 5))
    let change = zip(full, dropped).map { abs($0 - $1) }.max() ?? 0
    XCTAssertGreaterThan(change, 1e-3)
  }

  /// Right padding changes nothing for the real tokens; the observed states add up.
  func testPaddingIsMaskedAndStatesAreConsistent() throws {
    let (m, t) = (try model(), try tokenizer())
    let short = t.encode("The capital of France is")
    let long = t.encode("A dog chased the red ball across the park and then slept.")
    let alone = try m.forward(batch([short], pad: t.padId), drop: DropSet(), observe: nil)
    let padded = batch([long, short], pad: t.padId)
    let both = try m.forward(padded, drop: DropSet()) { s in
      guard s.layer == 0, let a = s.attnOut, let f = s.mlpOut else { return }
      for i in s.input.indices {
        XCTAssertEqual(s.mid[i], s.input[i] + a[i], accuracy: 1e-5)
        XCTAssertEqual(s.output[i], s.mid[i] + f[i], accuracy: 1e-5)
      }
    }
    let h = m.info.hidden
    let offset = padded.length * h
    var worst: Float = 0
    for i in 0..<(short.count * h) { worst = max(worst, abs(both[offset + i] - alone[i])) }
    XCTAssertLessThan(worst, 1e-3, "padded batch vs the sequence alone")
  }

  /// Causality across both attention paths: the first 20 rows of a sequence longer than
  /// `shortLength` (sgemm path) equal the forward of those 20 tokens alone (SIMD path).
  func testLongSequenceIsCausal() throws {
    let m = try model()
    let t = try tokenizer()
    let ids = t.encode(String(repeating: "The cat slept on the warm windowsill. ", count: 9))
    XCTAssertGreaterThan(ids.count, LlamaAttention.shortLength)
    let long = try m.forward(batch([ids], pad: t.padId), drop: DropSet(), observe: nil)
    let head = try m.forward(
      batch([Array(ids.prefix(20))], pad: t.padId), drop: DropSet(), observe: nil)
    let n = 20 * m.info.hidden
    let diff = (0..<n).map { abs(long[$0] - head[$0]) }.max() ?? 0
    XCTAssertLessThan(diff, 1e-3, "long (sgemm) vs short (SIMD) attention")
  }

  /// The NumPy/`tokenizers` oracle of scripts/oracles/prune_fixtures.py, when present.
  func fixture(_ name: String) throws -> URL {
    let url = Self.root.appendingPathComponent("Tests/fixtures/prune/smollm/" + name)
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw XCTSkip("no Tests/fixtures/prune/smollm/\(name)")
    }
    return url
  }

  func json(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: try fixture(name))
    return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  func testTokensScoresAndGreedyMatchOracle() throws {
    let ids = try json("token_ids.json")
    let t = try tokenizer()
    let sentences = try XCTUnwrap(ids["sentences"] as? [[Int]])
    let text = try String(
      contentsOf: Self.root.appendingPathComponent("Tests/fixtures/prune/minilm/sentences.txt"),
      encoding: .utf8)
    let lines = text.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.map { t.encode($0).map(Int.init) }, sentences)
    let greedy = try json("greedy.json")
    XCTAssertEqual(
      t.encode("The capital of France is").map(Int.init), greedy["prompt_ids"] as? [Int])
    XCTAssertEqual(
      t.decode((greedy["continuation_ids"] as? [Int] ?? []).map(Int32.init)),
      greedy["continuation_text"] as? String)
    let scores = try XCTUnwrap(json("scores.json")["scores"] as? [String: Any])
    let m = try model()
    let b = try calibration()
    var worst = 0.0
    let h = m.info.hidden
    _ = try m.forward(b, drop: DropSet()) { s in
      for (kind, u, v) in [
        ("attn", s.input, s.mid), ("mlp", s.mid, s.output), ("block", s.input, s.output),
      ] {
        var total = 0.0
        for r in 0..<b.rows where b.mask[r] {
          var (dot, uu, vv) = (0.0, 0.0, 0.0)
          for j in 0..<h {
            let (x, y) = (Double(u[r * h + j]), Double(v[r * h + j]))
            (dot, uu, vv) = (dot + x * y, uu + x * x, vv + y * y)
          }
          total += dot / (uu * vv).squareRoot()
        }
        let want = (scores[kind] as? [Double])?[s.layer] ?? .nan
        worst = max(worst, abs(1 - total / 314 - want))
      }
    }
    print("PruneLlamaTests: 90 scores vs oracle, max |diff| \(worst)")
    XCTAssertLessThan(worst, 1e-5)
  }

  func testActivationsMatchOracle() throws {
    let arrays = try Npz.read(contentsOf: try fixture("forward.npz").path)
    func get(_ name: String) throws -> Tensor {
      try XCTUnwrap(arrays.first { $0.name == name }?.tensor, name)
    }
    let m = try model()
    let (idT, maskT) = (try get("ids"), try get("mask"))
    let b = TokenBatch(
      ids: idT.doubles.map { Int32($0) }, mask: maskT.doubles.map { $0 != 0 },
      batch: idT.shape[0], length: idT.shape[1])
    let n0 = b.mask[0..<b.length].filter { $0 }.count
    let h = m.info.hidden
    var got: [String: [Float]] = [:]
    let hidden = try m.forward(b, drop: DropSet()) { s in
      if [0, 1, 29].contains(s.layer) { got["X\(s.layer)"] = s.input }
      if s.layer == 29 { got["Y29"] = s.output }
    }
    got["hidden0"] = hidden
    for (name, tol) in [
      ("X0", 1e-6), ("X1", 1e-5), ("X29", 1e-5), ("Y29", 1e-5), ("hidden0", 1e-5),
    ] {
      let want = try get(name).doubles
      let mine = try XCTUnwrap(got[name])
      let diff = (0..<(n0 * h)).map { abs(Double(mine[$0]) - want[$0]) }.max() ?? 0
      let scale = want.map(abs).max() ?? 1
      print("PruneLlamaTests: \(name) max |diff| \(diff) (max |value| \(scale))")
      XCTAssertLessThan(diff, tol * max(1, scale), name)
    }
    let last = Array(hidden[(n0 - 1) * h..<n0 * h])
    let logits = try XCTUnwrap(m.logits(last, rows: 1))
    let topIds = try get("top20_ids").doubles.map { Int($0) }
    let topLogits = try get("top20_logits").doubles
    let top = logits.indices.sorted { logits[$0] > logits[$1] }.prefix(20)
    XCTAssertEqual(Array(top), topIds)
    let diff = zip(topIds, topLogits).map { abs(Double(logits[$0]) - $1) }.max() ?? 0
    print("PruneLlamaTests: top-20 logits max |diff| \(diff)")
    XCTAssertLessThan(diff, 1e-3)
  }

  func testForwardSpeed() throws {
    let m = try model()
    let b = try calibration()
    var (best, bestCPU) = (Double.infinity, Double.infinity)
    var runs = 5
    #if DEBUG
      runs = 1  // unspecialised SIMD code in debug builds: tens of seconds a pass
    #endif
    for _ in 0..<runs {
      let (start, cpu) = (Date(), clock())
      _ = try m.forward(b, drop: DropSet(), observe: nil)
      best = min(best, Date().timeIntervalSince(start))
      bestCPU = min(bestCPU, Double(clock() - cpu) / Double(CLOCKS_PER_SEC))
    }
    print(
      "PruneLlamaTests: forward 32x13 best of \(runs): \(String(format: "%.4f", best)) s wall, "
        + "\(String(format: "%.4f", bestCPU)) s CPU (all threads)")
  }

  func runtimeError(_ body: () throws -> Void) -> RuntimeError? {
    do { try body() } catch let e as RuntimeError { return e } catch { XCTFail("\(error)") }
    return nil
  }

  func testLoadErrors() throws {
    let missing = runtimeError { _ = try LlamaModel.load(path: "/nonexistent/m.gguf", source: "x") }
    XCTAssertEqual(missing?.kind, "IOError")
    XCTAssertTrue(missing?.message.contains("scripts/fetch-data smollm2") ?? false)
    XCTAssertTrue(missing?.message.contains("/nonexistent/m.gguf") ?? false)
    guard FileManager.default.fileExists(atPath: Self.modelPath) else {
      throw XCTSkip("run scripts/fetch-data smollm2")
    }
    var bytes = try Data(contentsOf: URL(fileURLWithPath: Self.modelPath))
    let tmp = FileManager.default.temporaryDirectory
      .appendingPathComponent("prune-llama-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: tmp) }
    let truncated = tmp.appendingPathComponent("truncated.gguf")
    try bytes.prefix(bytes.count / 2).write(to: truncated)
    let cut = runtimeError { _ = try LlamaModel.load(path: truncated.path, source: "x") }
    XCTAssertEqual(cut?.kind, "FormatError")
    XCTAssertTrue(cut?.message.contains("truncated.gguf") ?? false, cut?.message ?? "")
    XCTAssertTrue(cut?.message.contains("at byte") ?? false, cut?.message ?? "")
    let at = try XCTUnwrap(bytes.range(of: Data("llama".utf8)))
    bytes.replaceSubrange(at, with: Data("llamb".utf8))
    let renamed = tmp.appendingPathComponent("llamb.gguf")
    try bytes.write(to: renamed)
    let other = runtimeError { _ = try LlamaModel.load(path: renamed.path, source: "x") }
    XCTAssertEqual(other?.kind, "FormatError")
    XCTAssertTrue(
      other?.message.contains(
        "unknown architecture 'llamb' in the GGUF metadata (prune supports llama)")
        ?? false, other?.message ?? "")
  }
}

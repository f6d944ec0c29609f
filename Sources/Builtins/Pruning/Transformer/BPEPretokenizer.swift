// prune: the pre-tokenizer of GPT-2 byte-level BPE, written out by hand (no regex engine).
// GPT-2's pattern, as HF `tokenizers` ByteLevel(use_regex) and llama.cpp use it:
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// SmolLM2 (`tokenizer.ggml.pre = smollm`; HF: Digits(individual_digits) then ByteLevel) first
// cuts every \p{N} character out on its own, then applies the pattern to each piece.
enum BPEPretokenizer {
  private enum Class { case letter, number, space, other }

  private static func classify(_ s: Unicode.Scalar) -> Class {
    let p = s.properties
    if p.isWhitespace { return .space }
    switch p.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
      return .letter
    case .decimalNumber, .letterNumber, .otherNumber:
      return .number
    default:
      return .other
    }
  }

  /// Calls `emit` with each pre-token of `text`, in order.
  static func split(
    _ text: [Unicode.Scalar], digitsFirst: Bool, _ emit: (ArraySlice<Unicode.Scalar>) -> Void
  ) {
    let classes = text.map(classify)
    guard digitsFirst else {
      gpt2(text, classes, 0, text.count, emit)
      return
    }
    var start = 0
    for i in text.indices where classes[i] == .number {
      gpt2(text, classes, start, i, emit)
      emit(text[i...i])
      start = i + 1
    }
    gpt2(text, classes, start, text.count, emit)
  }

  /// GPT-2's pattern over `text[from..<to]` (matches never cross `to`).
  private static func gpt2(
    _ text: [Unicode.Scalar], _ classes: [Class], _ from: Int, _ to: Int,
    _ emit: (ArraySlice<Unicode.Scalar>) -> Void
  ) {
    var i = from
    /// The end of the run of `c` starting at `j`.
    func run(_ c: Class, _ j: Int) -> Int {
      var k = j
      while k < to && classes[k] == c { k += 1 }
      return k
    }
    while i < to {
      let end: Int
      if let n = contraction(text, i, to) {
        end = i + n
      } else if text[i] == " " && i + 1 < to && classes[i + 1] != .space {
        end = run(classes[i + 1], i + 1)
      } else if classes[i] != .space {
        end = run(classes[i], i)
      } else {
        let k = run(.space, i)
        // \s+(?!\S) leaves the last blank for the next token when a non-blank follows;
        // a lone blank before a non-blank is \s+.
        end = k == to || k - i == 1 ? k : k - 1
      }
      emit(text[i..<end])
      i = end
    }
  }

  /// The length of the contraction ('s 't 're 've 'm 'll 'd, lower case) at `i`, if any.
  private static func contraction(_ text: [Unicode.Scalar], _ i: Int, _ to: Int) -> Int? {
    guard text[i] == "'", i + 1 < to else { return nil }
    let a = text[i + 1]
    if a == "s" || a == "t" || a == "m" || a == "d" { return 2 }
    guard i + 2 < to else { return nil }
    let b = text[i + 2]
    if (a == "r" && b == "e") || (a == "v" && b == "e") || (a == "l" && b == "l") { return 3 }
    return nil
  }
}

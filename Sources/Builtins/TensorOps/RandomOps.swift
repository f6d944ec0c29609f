// Random builtins (docs/random.md) over `RandomStream` (PCG64 seeded as NumPy's default_rng; see
// docs/random.md): the global stream starts at seed 0 each run; `seed(n)` resets it; `r = rng(n)`
// is an independent stream whose methods (`r.rand(2, 3)`) are these builtins with `r` first;
// every call also takes `seed=` for a one-off stream.
import Interp
import Tensor

enum TensorRandom {
  /// Runs `body` on the stream a call draws from: a one-off stream for `seed=`, the `rng=`
  /// stream (`r.rand()` passes `r` as `rng=`), or the interpreter's global stream.
  static func withStream<T>(
    _ a: Arguments, seed: Int, rng: Int, _ body: (inout RandomStream) throws -> T
  ) throws -> T {
    if !a.isNil(seed) {
      var s = RandomStream(seed: try seedValue(a, seed))
      return try randomCall { try body(&s) }
    }
    let box: RandomBox
    if case .object(let o) = a[rng], let r = o as? RandomBox {
      box = r
    } else if a.isNil(rng) {
      box = a.interp.random
    } else {
      throw a.fail(rng, "an rng from rng(seed)")
    }
    return try randomCall { try body(&box.stream) }
  }

  static func seedValue(_ a: Arguments, _ i: Int) throws -> UInt64 {
    let d = try a.number(i)
    guard d.rounded() == d, d >= 0, d < 1.8e19 else {
      throw RuntimeError.value(
        "\(a.builtin.name): 'seed' must be a non-negative integer, got \(a[i].repr)")
    }
    return UInt64(d)
  }

  static func randomCall<T>(_ body: () throws -> T) throws -> T {
    do { return try tensorCall(body) } catch let e as RandomError {
      throw RuntimeError.value(e.description)
    }
  }

  static func dims(_ a: Arguments, _ i: Int) throws -> [Int] {
    if a.isNil(i) { return [] }
    if let d = try Arguments.dims(a[i], a.builtin.name) { return d }
    return [try Arguments.dimension(a[i], a.builtin.name)]
  }

  /// A count that sizes a result (`permutation(n)`, `choice(xs, n)`): checked as a shape entry,
  /// except that a negative one is left to the stream's own message.
  static func count(_ a: Arguments, _ i: Int) throws -> Int {
    if try a.number(i) < 0 { return try a.int(i) }
    return try a.dimension(i)
  }

  /// A tensor result; an empty shape gives a plain number.
  static func out(_ t: Tensor) -> Value { TensorReduce.wrap(t) }

  static let streamParams: [BuiltinParam] = [
    .init("seed", "number", default: .null), .init("rng", "rng", default: .null),
  ]

  static func sampler(
    _ name: String, _ summary: String, _ example: String,
    _ draw: @escaping (inout RandomStream, [Int]) throws -> Tensor
  ) -> Builtin {
    Builtin(
      name, params: [.init("shape", "number…", variadic: true)] + streamParams,
      summary: summary, example: example, effect: .random
    ) { a in
      let shape = try a.shape(fromVariadic: 0)
      return try withStream(a, seed: 1, rng: 2) { out(try draw(&$0, shape)) }
    }
  }

  static let builtins: [Builtin] = [
    Builtin(
      "seed", params: [.init("n", "number")], summary: "Resets the global random stream to seed n.",
      example: "seed(1); a = rand(); seed(1); a == rand()  # -> true", effect: .random
    ) { a in
      a.interp.random = RandomBox(seed: try seedValue(a, 0))
      return .null
    },
    Builtin(
      "rng", params: [.init("seed", "number")],
      summary: "An independent random stream: r.rand(…), r.randn(…), r.choice(…), …",
      example: "r = rng(7); s = rng(7); r.rand() == s.rand()  # -> true", effect: .random
    ) { a in .object(RandomBox(seed: try seedValue(a, 0))) },
    sampler(
      "rand", "Uniform draws in [0, 1) of the given shape (a number when no shape).",
      "rand(2, 3).shape  # -> [2, 3]"
    ) { try $0.rand(shape: $1) },
    sampler(
      "randn", "Standard normal draws of the given shape (a number when no shape).",
      "randn(4).shape  # -> [4]"
    ) { try $0.randn(shape: $1) },
    Builtin(
      "normal",
      params: [
        .init("mean", "number"), .init("std", "number"), .init("shape", "list", default: .null),
      ]
        + streamParams,
      summary: "Normal draws with the given mean and standard deviation.",
      example: "normal(0, 1, [2]).shape  # -> [2]", effect: .random
    ) { a in
      let (mean, std, shape) = (try a.number(0), try a.number(1), try dims(a, 2))
      return try withStream(a, seed: 3, rng: 4) {
        out(try $0.normal(mean: mean, std: std, shape: shape))
      }
    },
    Builtin(
      "randint",
      params: [
        .init("lo", "number"), .init("hi", "number"), .init("shape", "list", default: .null),
      ]
        + streamParams,
      summary: "Integers uniform in [lo, hi) as an i64 tensor (a number when no shape).",
      example: "randint(0, 10, [3]).dtype  # -> \"i64\"", effect: .random
    ) { a in
      let (lo, hi, shape) = (Int64(try a.int(0)), Int64(try a.int(1)), try dims(a, 2))
      return try withStream(a, seed: 3, rng: 4) {
        out(try $0.randint(lo: lo, hi: hi, shape: shape))
      }
    },
    Builtin(
      "permutation", params: [.init("n", "number")] + streamParams,
      summary: "A random ordering of 0..n-1 (i64).",
      example: "sort(permutation(4))  # -> tensor([0, 1, 2, 3], dtype=i64)", effect: .random
    ) { a in
      let n = try count(a, 0)
      return try withStream(a, seed: 1, rng: 2) { .tensor(try $0.permutation(n: n)) }
    },
    Builtin(
      "choice",
      params: [
        .init("xs", "tensor|number"), .init("n", "number", default: .null),
        .init("replace", "bool", default: .bool(false)), .init("p", "tensor", default: .null),
      ]
        + streamParams,
      summary:
        "n items of xs (or indices below xs when it is a number); no replacement by default.",
      doc: "FSL makes replace=false the default (NumPy's is true). p gives probabilities.",
      example: "len(choice(10, 3))  # -> 3", effect: .random
    ) { a in
      let shape = a.isNil(1) ? [] : [try count(a, 1)]
      let replace = try a.bool(2)
      let p = a.isNil(3) ? nil : try a.tensor(3).doubles
      if case .number = a[0] {
        let n = try count(a, 0)
        return try withStream(a, seed: 4, rng: 5) {
          out(try $0.choice(n: n, shape: shape, replace: replace, p: p))
        }
      }
      let t = try a.tensor(0)
      return try withStream(a, seed: 4, rng: 5) {
        out(try $0.choice(from: t, shape: shape, replace: replace, p: p))
      }
    },
    Builtin(
      "dirichlet",
      params: [.init("alpha", "tensor"), .init("n", "number", default: .number(1))] + streamParams,
      summary: "n draws from a Dirichlet(alpha) distribution, shape [n, k] (rows sum to 1).",
      example: "dirichlet([1, 2, 3], 4).shape  # -> [4, 3]", effect: .random
    ) { a in
      let (alpha, n) = (try a.tensor(0).doubles, try count(a, 1))
      return try withStream(a, seed: 2, rng: 3) { .tensor(try $0.dirichlet(alpha: alpha, n: n)) }
    },
  ]
}

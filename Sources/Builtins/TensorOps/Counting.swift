// Counting and searching builtins as NumPy 2 (issue 13): bincount, histogram, searchsorted,
// isin, nonzero. Kernels in Sources/Tensor/EverydayCounting.swift.
import Interp
import Tensor

enum TensorCounting {
  /// A count-like number argument: integral (TypeError otherwise), clamped into Int's range so
  /// that a huge one fails where it sizes a tensor (MemoryError) rather than here.
  static func count(_ v: Value, _ what: String) throws -> Int? {
    guard let d = v.scalarDouble, !(v.asTensorValue.map { $0.rank > 0 } ?? false) else {
      return nil
    }
    guard d.isFinite, d.rounded() == d else {
      throw RuntimeError.type("\(what) must be an integer, got \(formatNumber(d))")
    }
    return Int(Swift.max(Swift.min(d, 0x1p62), -0x1p62))
  }

  static let bincount = Builtin(
    "bincount",
    params: [
      .init("x", "tensor"), .init("weights", "tensor", default: .null),
      .init("minlength", "int", default: .number(0)),
    ],
    summary: "How often each value 0, 1, 2, … occurs in a 1-d tensor of non-negative integers.",
    doc: "The result is i64 and as long as the largest value + 1 (at least `minlength`). With "
      + "`weights` (the shape of x) it is f64: the sum of the weights of each value. x may be "
      + "i64, bool or integral floats (NumPy refuses floats; FSL's literals are f64).",
    example: "bincount([0, 1, 1, 3])  # -> tensor([1, 2, 0, 1], dtype=i64)"
  ) { a in
    let x = try a.tensor(0)
    let w = a.isNil(1) ? nil : try a.tensor(1)
    let minlength = try a.int(2)
    guard minlength >= 0 else {
      throw RuntimeError.value("bincount: 'minlength' must not be negative, got \(minlength)")
    }
    return .tensor(try tensorCall { try Tensor.bincount(x, weights: w, minlength: minlength) })
  }

  static let histogram = Builtin(
    "histogram",
    params: [
      .init("x", "tensor"), .init("bins", "int|list", default: .number(10)),
      .init("range", "list", default: .null), .init("density", "bool", default: .bool(false)),
    ],
    summary: "Counts of x in bins, as {counts, edges} (NumPy's histogram).",
    doc: "`bins` is a number of equal-width bins over `range` ([lo, hi]; x's min and max by "
      + "default), or a list of edges that must not decrease. Bin i counts e[i] ≤ v < e[i+1]; "
      + "the last bin also counts v == its right edge; NaN and values outside are not counted. "
      + "counts is i64, or f64 densities (integrating to 1) with `density=true`; edges are f64 "
      + "(f32 for f32 data; given edges are returned as given).",
    example: "histogram([1, 2, 2, 3, 4], bins=3).counts  # -> tensor([1, 2, 2], dtype=i64)"
  ) { a in
    let x = try a.tensor(0)
    let density = try a.bool(3)
    let result: (counts: Tensor, edges: Tensor)
    if let bins = try count(a[1], "histogram: bins") {
      var range: (Double, Double)?
      if !a.isNil(2) {
        guard let r = a[2].asTensorValue, r.count == 2, r.rank == 1 else {
          throw RuntimeError.type("histogram: range must be a list [lo, hi], got \(a[2].repr)")
        }
        let d = r.doubles
        range = (d[0], d[1])
      }
      result = try tensorCall {
        try Tensor.histogram(x, bins: bins, range: range, density: density)
      }
    } else if let edges = a[1].asTensorValue {
      result = try tensorCall { try Tensor.histogram(x, edges: edges, density: density) }
    } else {
      throw a.fail(1, "a number of bins or a list of edges")
    }
    return .dict(FDict([("counts", .tensor(result.counts)), ("edges", .tensor(result.edges))]))
  }

  static let builtins: [Builtin] = [
    bincount, histogram,
    Builtin(
      "searchsorted",
      params: [
        .init("a", "tensor"), .init("v", "tensor"),
        .init("side", "string", default: .string("left")),
      ],
      summary:
        "Where each v would go in the sorted 1-d tensor a to keep it sorted (binary search).",
      doc: "`side=\"left\"` gives the first such index (before equal elements), `\"right\"` the "
        + "last. v may be a number (the result is a number) or a tensor (an i64 tensor of its "
        + "shape). NaN sorts last, as in NumPy; a is not checked to be sorted.",
      example:
        "searchsorted([1, 2, 2, 3], [2, 2.5], side=\"right\")  # -> tensor([3, 3], dtype=i64)"
    ) { a in
      let (keys, v) = (try a.tensor(0), try a.tensor(1))
      let side = try a.string(2)
      guard side == "left" || side == "right" else {
        throw RuntimeError.value(
          "searchsorted: side must be \"left\" or \"right\", got \(quote(side))")
      }
      return Value.wrapping(
        try tensorCall { try Tensor.searchsorted(keys, v, right: side == "right") })
    },
    Builtin(
      "isin", params: [.init("x", "tensor"), .init("values", "tensor")],
      summary: "True where an element of x is among values (a bool tensor of x's shape).",
      doc: "values may have any shape. NaN is never in anything (nan != nan); values go into a "
        + "hash set (or a table for small integer ranges), then one lookup per element.",
      example: "isin([1, 2, 3, 4], [2, 4])  # -> tensor([false,  true, false,  true], dtype=bool)"
    ) { a in
      let x = try a.tensor(0)
      if x.dtype == .str {
        // A str column against strings: a list of strings, one string, or a str tensor.
        switch a[1] {
        case .string(let s): return Value.wrapping(x.isin(strings: [s]))
        case .list(let xs):
          if let ss = Operators.stringList(xs) { return Value.wrapping(x.isin(strings: ss)) }
        default: break
        }
        return Value.wrapping(x.isin(try a.tensor(1)))
      }
      return Value.wrapping(Tensor.isin(x, try a.tensor(1)))
    },
    Builtin(
      "nonzero", params: [.init("x", "tensor")],
      summary: "The indices of the non-zero elements: a list of i64 tensors, one per axis.",
      doc: "As NumPy: `x[nonzero(x)[0]]` for a 1-d x; element k is at "
        + "`[nonzero(x)[0][k], nonzero(x)[1][k], …]`. NaN counts as non-zero; a rank-0 tensor is "
        + "a ValueError.",
      example:
        "nonzero([[0, 3], [4, 0]])  # -> [tensor([0, 1], dtype=i64), tensor([1, 0], dtype=i64)]"
    ) { a in
      let x = try a.tensor(0)
      return .list(try tensorCall { try x.nonzeroIndices() }.map { .tensor($0) })
    },
  ]
}

// Splitting and differencing builtins as NumPy 2 (issue 13): array_split, diff, meshgrid.
// Kernels in Sources/Tensor/EverydayShapes.swift. NumPy's `split` (equal pieces or an error)
// is `pieces(…, evenly: true)`, called by the `split` builtin on tensors (CoreCollections).
import Interp
import Tensor

enum TensorSplitting {
  /// The pieces of tensor `x` along `axis`: `spec` is a number of sections or a list/tensor of
  /// indices. With `evenly` the sections must divide the axis (NumPy's `split`).
  static func pieces(_ x: Tensor, _ spec: Value, axis: Int, evenly: Bool, name: String) throws
    -> Value
  {
    let how: SplitSpec
    if let k = try TensorCounting.count(spec, "\(name): sections") {
      how = .sections(k)
    } else if let t = spec.asTensorValue {
      how = .indices(try tensorCall { try t.integers("\(name): indices") })
    } else {
      throw RuntimeError.type(
        "\(name): sections must be a number or a list of indices, got \(spec.typeName)")
    }
    let parts = try tensorCall { try x.split(how, axis: axis, evenly: evenly, name: name) }
    return .list(parts.map { .tensor($0) })
  }

  static let builtins: [Builtin] = [
    Builtin(
      "array_split",
      params: [
        .init("x", "tensor"), .init("sections", "int|list"),
        .init("axis", "int", default: .number(0)),
      ],
      summary:
        "Splits a tensor along an axis into a list of tensors: n near-equal pieces, or at indices.",
      doc: "With a number n, the first `len % n` pieces are one longer (NumPy's array_split). With "
        + "a list of indices the pieces are x[:i0], x[i0:i1], …, x[ik:] along the axis, cut as "
        + "slices are (negative indices count from the end; out of order gives empty pieces).",
      example: "array_split(arange(5), 2)  # -> [[0, 1, 2], [3, 4]]"
    ) { a in
      let x = try a.tensor(0)
      return try pieces(x, a[1], axis: try a.int(2), evenly: false, name: "array_split")
    },
    Builtin(
      "diff",
      params: [
        .init("x", "tensor"), .init("n", "int", default: .number(1)),
        .init("axis", "int", default: .number(-1)),
      ],
      summary: "Differences of neighbours along an axis (the last by default), n times.",
      doc: "`diff(x)[i] = x[i+1] - x[i]`, so the axis shrinks by n (to no less than 0). The dtype "
        + "is kept (i64 wraps, as NumPy); for bool tensors it is `x[i+1] != x[i]`.",
      example: "diff([1, 4, 9, 16])  # -> [3, 5, 7]"
    ) { a in
      let x = try a.tensor(0)
      let (n, axis) = (try a.int(1), try a.int(2))
      return .tensor(try tensorCall { try x.diff(n: n, axis: axis) })
    },
    Builtin(
      "meshgrid",
      params: [
        .init("xs", "tensor…", variadic: true), .init("indexing", "string", default: .string("xy")),
      ],
      summary: "Coordinate tensors from coordinate vectors: a list with one tensor per input.",
      doc: "Each output has one axis per input. With `indexing=\"xy\"` (the default, as NumPy) "
        + "the first two axes are swapped, so `meshgrid(x, y)` gives tensors of shape "
        + "[len(y), len(x)] for plotting; `\"ij\"` keeps the inputs' order (matrix indexing).",
      example: "meshgrid([1, 2, 3], [10, 20])[1]  # -> [[10, 10, 10],\n [20, 20, 20]]"
    ) { a in
      let indexing = try a.string(1)
      guard indexing == "xy" || indexing == "ij" else {
        throw RuntimeError.value(
          "meshgrid: indexing must be \"xy\" or \"ij\", got \(quote(indexing))")
      }
      let xs = try a.list(0).map { v -> Tensor in
        guard let t = v.asTensorValue else {
          throw RuntimeError.type("meshgrid: inputs must be tensors or numbers, got \(v.typeName)")
        }
        return t
      }
      let grids = try tensorCall { try Tensor.meshgrid(xs, ij: indexing == "ij") }
      return .list(grids.map { .tensor($0) })
    },
  ]
}

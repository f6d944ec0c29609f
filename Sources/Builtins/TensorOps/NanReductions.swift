// Reductions that ignore NaN, as NumPy 2 (issue 13): nansum nanmean nanmax nanmin nanstd, with
// `axis=` and `keepdims=` like sum and mean. Kernel in Sources/Tensor/EverydayReductions.swift.
import Interp
import Tensor

enum TensorNanReduce {
  static func record(_ op: NanReduceOp, _ summary: String, _ example: String) -> Builtin {
    Builtin(
      op.rawValue,
      params: [
        .init("x", "tensor"), .init("axis", "int|list", default: .null),
        .init("keepdims", "bool", default: .bool(false)),
      ],
      summary: summary,
      doc: "NaN elements are left out. When every element of a lane is NaN, nansum gives 0 and "
        + "the others nan (NumPy also warns); nanmax and nanmin of an empty lane are a "
        + "ValueError. Dtypes as NumPy: integer tensors keep i64 for nansum/nanmax/nanmin.",
      example: example
    ) { a in
      let t = try a.tensor(0)
      let (axes, keep) = (try a.axes(1), try a.bool(2))
      return Value.wrapping(try tensorCall { try t.nanReduce(op, axes: axes, keepdims: keep) })
    }
  }

  static let builtins: [Builtin] = [
    record(.nansum, "Sum of the elements that are not NaN.", "nansum([1, nan, 2])  # -> 3"),
    record(.nanmean, "Mean of the elements that are not NaN.", "nanmean([1, nan, 2])  # -> 1.5"),
    record(
      .nanmax, "The largest element, ignoring NaN.",
      "nanmax([[1, nan], [nan, nan]], axis=1)  # -> [  1, nan]"),
    record(.nanmin, "The smallest element, ignoring NaN.", "nanmin([3, nan, 2])  # -> 2"),
    record(
      .nanstd, "Standard deviation (ddof 0) of the elements that are not NaN.",
      "nanstd([1, nan, 3])  # -> 1"),
  ]
}

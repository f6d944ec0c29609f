// NumPy .npz archives: a zip of .npy members; read stored + deflated, write stored (np.savez).

/// NumPy's `.npz` format: a zip archive whose members `name.npy` are `.npy` files.
///
/// Reading accepts stored and deflated members (what `np.savez` and `np.savez_compressed`
/// write) and returns the arrays in archive order, named without the `.npy` suffix. Zip64,
/// encrypted and multi-disk archives are clean errors. Writing produces stored members like
/// `np.savez` (without its zip64 extra fields, which only matter past 4 GiB; larger archives
/// are an error).
public enum Npz {
  /// The arrays in the `.npz` file at `path`, in archive order.
  public static func read(contentsOf path: String) throws -> [(name: String, tensor: Tensor)] {
    try parse(FileIO.read(path), file: path) { try decode(&$0) }
  }

  /// The arrays in `bytes` (an `.npz` file's contents); `name` names it in errors.
  public static func read(
    bytes: [UInt8], name: String = "<memory>"
  ) throws -> [(name: String, tensor: Tensor)] {
    try parse(bytes, file: name) { try decode(&$0) }
  }

  /// The arrays of the archive `reader` holds.
  private static func decode(_ reader: inout ByteReader) throws -> [(name: String, tensor: Tensor)]
  {
    var arrays: [(name: String, tensor: Tensor)] = []
    var seen: Set<String> = []
    for member in try Zip.members(&reader) {
      if member.name.hasSuffix("/") && member.size == 0 { continue }  // a directory
      let key = member.name.hasSuffix(".npy") ? String(member.name.dropLast(4)) : member.name
      guard seen.insert(key).inserted else {
        throw reader.error(
          "each member name once", found: "'\(member.name)' twice", at: member.recordOffset)
      }
      let contents = try Zip.contents(of: member, &reader)
      let tensor = try contents.withUnsafeBytes { raw in
        var inner = ByteReader(raw, file: reader.file, member: member.name)
        return try Npy.decode(&inner)
      }
      arrays.append((key, tensor))
    }
    return arrays
  }

  /// Writes `arrays` to `path` atomically as an uncompressed `.npz` (members `name.npy`).
  public static func write(_ arrays: [(name: String, tensor: Tensor)], to path: String) throws {
    try check(arrays, path: path)
    try FileIO.writeAtomically(path) { sink in
      var writer = ZipWriter(sink: sink, path: path)
      try encode(arrays, into: &writer)
    }
  }

  /// The uncompressed `.npz` file for `arrays`, in memory.
  public static func encode(_ arrays: [(name: String, tensor: Tensor)]) throws -> [UInt8] {
    try check(arrays, path: "<memory>")
    var writer = ZipWriter(sink: MemorySink(), path: "<memory>")
    try encode(arrays, into: &writer)
    return writer.sink.bytes
  }

  /// Rejects two arrays with the same name.
  private static func check(_ arrays: [(name: String, tensor: Tensor)], path: String) throws {
    if arrays.contains(where: { $0.tensor.dtype == .str }) {
      throw TensorError.type("str tensors cannot be stored in .npz files")
    }
    var seen: Set<String> = []
    for (name, _) in arrays where !seen.insert(name).inserted {
      throw FileError(path: path, reason: "cannot write: two arrays named '\(name)'")
    }
  }

  private static func encode<Sink>(
    _ arrays: [(name: String, tensor: Tensor)], into writer: inout ZipWriter<Sink>
  ) throws {
    for (name, tensor) in arrays {
      let header = Npy.headerBytes(tensor)
      try header.withUnsafeBytes { head in
        try tensor.withUnsafeBytes { data in
          try writer.addStored(name: name + ".npy", parts: [head, data])
        }
      }
    }
    try writer.finish()
  }
}

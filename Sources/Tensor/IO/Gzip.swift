// gzip decompression through zlib, for reading `.gz` files (read_csv on `x.csv.gz`).
import CZlib

/// Decompresses gzip data (one or more members, as `gzip -d` accepts).
public enum Gzip {
  /// The decompressed bytes; a corrupt or truncated stream is a FormatError naming the offset.
  public static func decompress(_ input: [UInt8], name: String) throws -> [UInt8] {
    var stream = z_stream()
    guard fsl_inflate_init_gzip(&stream) == Z_OK else {
      throw FormatError(
        file: name, member: nil, offset: 0, expected: "zlib to start inflating", found: nil)
    }
    defer { inflateEnd(&stream) }
    var out = [UInt8](repeating: 0, count: max(1 << 16, input.count * 4))
    var produced = 0
    try input.withUnsafeBytes { src in
      stream.next_in = UnsafeMutablePointer(
        mutating: src.baseAddress?.assumingMemoryBound(to: Bytef.self))
      stream.avail_in = uInt(src.count)
      while true {
        if produced == out.count { out.append(contentsOf: repeatElement(0, count: out.count)) }
        let status = Zip.inflateStep(&stream, into: &out, produced: &produced)
        let consumed = input.count - Int(stream.avail_in)
        if status == Z_STREAM_END {
          if stream.avail_in == 0 { return }
          guard inflateReset(&stream) == Z_OK else { return }
          continue
        }
        if status == Z_BUF_ERROR && stream.avail_in == 0 {
          throw FormatError(
            file: name, member: nil, offset: consumed, expected: "more gzip data",
            found: "end of file")
        }
        guard status == Z_OK || status == Z_BUF_ERROR else {
          let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
          throw FormatError(
            file: name, member: nil, offset: consumed, expected: "valid gzip data", found: message)
        }
      }
    }
    out.removeLast(out.count - produced)
    return out
  }
}

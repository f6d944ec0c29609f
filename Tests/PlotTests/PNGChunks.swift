// Test helper: splits a PNG file into chunks without libpng, to check bytes on disk.

import Foundation
import XCTest

/// One chunk of a PNG file.
struct PNGChunk {
  var type: String
  var data: [UInt8]

  /// Big-endian UInt32 at `offset` of the chunk data.
  func uint32(at offset: Int) -> UInt32 {
    data[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
  }

  /// For tEXt: the keyword and text separated by the NUL byte.
  var keyValue: (key: String, value: String)? {
    guard let nul = data.firstIndex(of: 0) else { return nil }
    return (
      String(decoding: data[..<nul], as: UTF8.self),
      String(decoding: data[(nul + 1)...], as: UTF8.self)
    )
  }
}

/// The eight bytes every PNG starts with.
let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

/// Chunks of the PNG at `path`; fails the test on a bad signature or truncated chunk.
func readChunks(
  _ path: String, file: StaticString = #filePath, line: UInt = #line
) throws -> [PNGChunk] {
  let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
  XCTAssertEqual(Array(bytes.prefix(8)), pngSignature, "PNG signature", file: file, line: line)
  var chunks: [PNGChunk] = []
  var offset = 8
  while offset + 12 <= bytes.count {
    let length = Int(bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) })
    let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
    guard offset + 12 + length <= bytes.count else {
      XCTFail("truncated \(type) chunk", file: file, line: line)
      break
    }
    chunks.append(PNGChunk(type: type, data: Array(bytes[offset + 8..<offset + 8 + length])))
    offset += 12 + length
  }
  XCTAssertEqual(offset, bytes.count, "trailing bytes after IEND", file: file, line: line)
  return chunks
}

// Proves the CReadline system-library target links: the library reports its version.

@preconcurrency import CReadline
import XCTest

final class ReadlineTests: XCTestCase {
  func testLibraryVersionIsNonEmptyAndNumeric() throws {
    let pointer = try XCTUnwrap(rl_library_version, "rl_library_version is NULL")
    let version = String(cString: pointer)
    XCTAssertFalse(version.isEmpty)
    XCTAssertTrue(version.first?.isNumber ?? false, "unexpected version \(version)")
    XCTAssertGreaterThanOrEqual(rl_readline_version, 0x0800, "readline \(version) is older than 8")
  }

  func testHistoryRoundTrip() {
    using_history()
    clear_history()
    add_history("x = 1")
    add_history("print(x)")
    XCTAssertEqual(history_length, 2)
    let entry = history_get(history_base + 1)
    XCTAssertEqual(entry.flatMap { $0.pointee.line.map { String(cString: $0) } }, "print(x)")
    clear_history()
    XCTAssertEqual(history_length, 0)
  }
}

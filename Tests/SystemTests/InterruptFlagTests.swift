// The Ctrl-C flag (CInterrupt) stops loops and calls, without a terminal.
import CInterrupt
import Foundation
import Interp
import Lang
import XCTest

final class InterruptFlagTests: XCTestCase {
  func testInterruptFlagStopsLoopsAndCalls() throws {
    let interp = Interpreter(builtins: [], output: StringSink())
    try interp.run(SourceFile(path: "<test>", text: "fn f(n) return n end"))
    defer { fsl_interrupt_set(0) }
    XCTAssertFalse(interp.interruptRequested)
    XCTAssertEqual(fsl_interrupt_install(0), 0)
    defer { _ = fsl_interrupt_uninstall() }
    raise(SIGINT)
    XCTAssertTrue(interp.interruptRequested)
    for code in ["while true end", "for x in [1, 2, 3] end", "f(1)"] {
      XCTAssertThrowsError(try interp.run(SourceFile(path: "<t>", text: code))) { error in
        XCTAssertEqual((error as? RuntimeError)?.kind, "Interrupted", code)
      }
    }
    interp.interruptRequested = false
    XCTAssertNoThrow(try interp.run(SourceFile(path: "<t>", text: "f(1)")))
  }
}

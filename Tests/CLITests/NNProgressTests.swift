// nn.train's progress line: on stderr when asked for (or on a terminal), never on stdout.
import XCTest

extension CLITests {
  func testTrainProgressGoesToStderrWhenAskedFor() throws {
    let code =
      "x = reshape(linspace(0, 1, 8), 8, 1); "
      + "r = nn.train(nn.linear(1, 1), \"mse\", [x, 2 * x], epochs=2, batch=4, progress=true); "
      + "print(r.loss.shape)"
    let r = try fsl(["-e", code])
    XCTAssertEqual(r.status, 0, r.err)
    XCTAssertEqual(r.out, "[2]\n")
    XCTAssertTrue(r.err.contains("epoch 1/2"), r.err)
    XCTAssertTrue(r.err.contains("epoch 2/2 [====================] 8/8  loss "), r.err)
  }

  func testTrainIsQuietWhenStderrIsNotATerminal() throws {
    let code =
      "x = reshape(linspace(0, 1, 8), 8, 1); "
      + "print(nn.train(nn.linear(1, 1), \"mse\", [x, 2 * x], epochs=2).loss.shape)"
    let r = try fsl(["-e", code])
    XCTAssertEqual(r.status, 0, r.err)
    XCTAssertEqual(r.err, "")
  }
}

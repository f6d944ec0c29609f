// The standard library (`stdlib/`, `import NAME`): found from any working directory, documented
// by `fsl doc`, and a data set whose files are missing names the command that fetches them.
import Foundation
import XCTest

final class LibraryTests: XCTestCase {
  /// The repository's stdlib folder (this file is Tests/CLITests/LibraryTests.swift).
  var stdlib: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("stdlib")
  }

  func testImportFromAnyDirectory() throws {
    let dir = FileManager.default.temporaryDirectory
    let r = try FSLProcess.run(
      ["-e", "import datasets as ds\ntype(ds)"], in: dir,
      environment: ["FSL_STDLIB": stdlib.path])
    XCTAssertEqual(r.status, 0, r.err)
    XCTAssertEqual(r.out, "\"module\"\n")
  }

  func testDocListsModuleAndFunction() throws {
    let env = ["FSL_STDLIB": stdlib.path]
    let module = try FSLProcess.run(["doc", "datasets"], environment: env)
    XCTAssertEqual(module.status, 0, module.err)
    XCTAssertTrue(module.out.contains("datasets.digits(return_table=false)"), module.out)
    XCTAssertTrue(module.out.contains("datasets.breast_cancer(return_table=false)"), module.out)
    XCTAssertFalse(module.out.contains("_load"), "private helpers are not listed")
    let function = try FSLProcess.run(["doc", "datasets.digits"], environment: env)
    XCTAssertTrue(function.out.hasPrefix("datasets.digits(return_table=false)\n\nThe 1,797"))
    let all = try FSLProcess.run(["doc"], environment: env)
    XCTAssertTrue(all.out.contains("Library modules (import NAME; fsl doc NAME): datasets"))
  }

  func testDocOfBuiltinModuleAndSourceFile() throws {
    // A builtin module has an introduction and lists its members; a builtin says where it lives.
    let module = try FSLProcess.run(["doc", "fed"])
    XCTAssertEqual(module.status, 0, module.err)
    XCTAssertTrue(module.out.hasPrefix("module fed: Federated fine-tuning"), module.out)
    XCTAssertTrue(module.out.contains("fed.avg(models, weights=nil)"), module.out)
    let one = try FSLProcess.run(["doc", "prune.plan"])
    XCTAssertTrue(
      one.out.hasSuffix("Defined in Sources/Builtins/Pruning/PruneBuiltins+Run.swift.\n"), one.out)
    let md = try FSLProcess.run(["doc", "--markdown"])
    let sections = md.out.split(separator: "\n").filter { $0.hasPrefix("## ") }
    XCTAssertEqual(sections.count, Set(sections).count, "each section appears once")
    XCTAssertTrue(sections.contains("## Tensors") && sections.contains("## prune"), "\(sections)")
  }

  func testGoldenTestSkipsWithoutRequiredFile() throws {
    // `# requires: PATH hint` skips a golden test whose fetched file is absent, naming the hint.
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("fsl-requires-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let body = "# requires: no/such/model.gguf (run scripts/fetch-data smollm2)\nprint(1)\n"
    try (body + "# expect: 2\n").write(
      to: dir.appendingPathComponent("a.fsl"), atomically: true, encoding: .utf8)
    try "print(1)\n# expect: 1\n".write(
      to: dir.appendingPathComponent("b.fsl"), atomically: true, encoding: .utf8)
    let r = try FSLProcess.run(["test", dir.path])
    XCTAssertEqual(r.status, 0, r.out + r.err)
    XCTAssertTrue(
      r.out.contains("a.fsl: needs no/such/model.gguf (run scripts/fetch-data smollm2)"), r.out)
    XCTAssertTrue(r.out.hasSuffix("1 passed, 0 failed\n"), r.out)
  }

  func testDocOfNothingIsAUsageError() throws {
    for name in ["", "."] {
      let r = try FSLProcess.run(["doc", name], environment: ["FSL_STDLIB": stdlib.path])
      XCTAssertEqual(r.status, 64, r.err)
      XCTAssertTrue(r.err.contains("no builtin or library module named"), r.err)
    }
  }

  func testLibraryPathIsStandardised() throws {
    // A trailing slash or a relative FSL_STDLIB still finds the module and its data folder.
    let repo = stdlib.deletingLastPathComponent()
    for (lib, dir) in [(stdlib.path + "/", nil), ("stdlib", repo)] {
      let r = try FSLProcess.run(
        ["-e", "import datasets\ndatasets.breast_cancer().x.shape"], in: dir,
        environment: ["FSL_STDLIB": lib])
      XCTAssertEqual(r.status, 0, r.err)
      XCTAssertEqual(r.out, "[569, 30]\n")
    }
  }

  func testMissingDataNamesFetchCommand() throws {
    // A copy of the library in a folder without data/ next to it.
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("fsl-lib-\(getpid())")
    let lib = root.appendingPathComponent("stdlib")
    try FileManager.default.createDirectory(at: lib, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.copyItem(
      at: stdlib.appendingPathComponent("datasets.fsl"),
      to: lib.appendingPathComponent("datasets.fsl"))
    let r = try FSLProcess.run(
      ["-e", "import datasets\ndatasets.breast_cancer()"], environment: ["FSL_STDLIB": lib.path])
    XCTAssertEqual(r.status, 70)
    XCTAssertTrue(
      r.err.contains(
        "IOError: data set file \(root.path)/data/sklearn/breast_cancer.csv is missing: run "
          + "scripts/fetch-data sklearn"), r.err)
  }
}

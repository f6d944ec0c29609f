// swift-tools-version: 6.0
// FSL: an array-oriented scripting language for ML research. Targets (docs/design.md §"Targets"):
// Lang <- Interp <- Builtins <- Shell <- fsl; Tensor and Plot depend on nothing of ours but FileOut
// (the one atomic file writer and whole-file reader, a leaf: Glibc only). Shell holds the REPL,
// notebooks, `fsl test` and help (unit-tested in ShellTests); `fsl` only parses the command line.
import PackageDescription

let fast: [SwiftSetting] = [
  .unsafeFlags(["-Ounchecked", "-enforce-exclusivity=unchecked"], .when(configuration: .release)),
  .swiftLanguageMode(.v5),
]
// The interpreter runs all FSL code, builtins included, on one thread, so their reference counts
// need not be atomic (fib is ~10% faster; a builtin call such as len(xs) ~25%). Never hand
// interpreter objects or values to another thread.
let interpreter: [SwiftSetting] = [
  .unsafeFlags(
    ["-Ounchecked", "-enforce-exclusivity=unchecked", "-Xfrontend", "-assume-single-threaded"],
    .when(configuration: .release)),
  .swiftLanguageMode(.v5),
]
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
  name: "fsl",
  products: [.executable(name: "fsl", targets: ["fsl"])],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
  ],
  targets: [
    // OpenBLAS + LAPACKE, loaded on first use (fsl_blas.c): loading OpenBLAS starts threads.
    .target(
      name: "CBLAS", path: "Sources/CSystem/CBLAS", linkerSettings: [.linkedLibrary("dl")]),
    .systemLibrary(
      name: "CCairo", path: "Sources/CSystem/CCairo", pkgConfig: "cairo",
      providers: [.apt(["libcairo2-dev"])]),
    // No pkgConfig: readline.pc's cflags are only -D flags, which SwiftPM rejects with a
    // "prohibited flag(s)" warning on every build; the headers are in /usr/include anyway.
    .systemLibrary(
      name: "CReadline", path: "Sources/CSystem/CReadline",
      providers: [.apt(["libreadline-dev"])]),
    .systemLibrary(
      name: "CZlib", path: "Sources/CSystem/CZlib", providers: [.apt(["zlib1g-dev"])]),
    .target(
      name: "CVecMath", path: "Sources/CSystem/CVecMath",
      cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])],
      linkerSettings: [.linkedLibrary("mvec"), .linkedLibrary("m")]),
    .target(
      name: "CPNG", path: "Sources/CSystem/CPNG", linkerSettings: [.linkedLibrary("png16")]),
    // The SIGINT flag the evaluator polls (a sig_atomic_t only a C handler may safely set).
    .target(name: "CInterrupt", path: "Sources/CSystem/CInterrupt"),
    // fsl-fuzz's crash and hang capture (async-signal-safe C).
    .target(name: "CFuzz", dependencies: ["CInterrupt"], path: "Sources/CSystem/CFuzz"),
    .target(name: "Lang", exclude: ["README.md"], swiftSettings: fast),
    .target(name: "FileOut", exclude: ["README.md"], swiftSettings: v5),
    .target(
      name: "Tensor", dependencies: ["CBLAS", "CZlib", "CVecMath", "FileOut"],
      exclude: ["README.md"], swiftSettings: fast),
    .target(
      name: "Interp",
      dependencies: [
        "Lang", "Tensor", "CInterrupt", "FileOut",
        .product(name: "Collections", package: "swift-collections"),
      ],
      exclude: ["README.md"], swiftSettings: interpreter),
    .target(
      name: "Plot", dependencies: ["CCairo", "CPNG", "FileOut"], exclude: ["README.md"],
      swiftSettings: v5),
    .target(
      name: "Builtins",
      dependencies: [
        "Interp", "Lang", "Tensor", "Plot", "FileOut", "CInterrupt",
        .product(name: "Collections", package: "swift-collections"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      exclude: ["README.md"], swiftSettings: interpreter),
    // The REPL (readline, completion), notebook reports, golden runner, help, running scripts.
    .target(
      name: "Shell",
      dependencies: [
        "Builtins", "Interp", "Lang", "Plot", "FileOut", "CReadline", "CInterrupt",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Ink", package: "Ink"),
      ],
      exclude: ["README.md"], swiftSettings: fast),
    .executableTarget(
      name: "fsl",
      dependencies: [
        "Shell", "Interp",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      exclude: ["README.md"], swiftSettings: fast),
    // Mutation fuzzing of the parser and loaders and a sweep of every builtin (scripts/fuzz).
    .executableTarget(
      name: "fsl-fuzz", dependencies: ["Builtins", "Interp", "Lang", "CFuzz", "CInterrupt"],
      path: "Sources/fsl-fuzz", swiftSettings: fast),
    .target(
      name: "TestSupport", dependencies: ["Interp", "Builtins", "Lang"], path: "Tests/TestSupport",
      swiftSettings: v5),
    // Runs the built `fsl` executable (exit codes, stdout/stderr); depends on it being built.
    .testTarget(name: "CLITests", dependencies: ["fsl"], swiftSettings: v5),
    .testTarget(
      name: "ShellTests", dependencies: ["Shell", "Builtins", "Interp", "Lang", "TestSupport"],
      swiftSettings: v5),
    .testTarget(name: "FileOutTests", dependencies: ["FileOut"], swiftSettings: v5),
    .testTarget(name: "LangTests", dependencies: ["Lang", "TestSupport"], swiftSettings: v5),
    .testTarget(name: "TensorTests", dependencies: ["Tensor", "TestSupport"], swiftSettings: v5),
    .testTarget(
      name: "InterpTests", dependencies: ["Interp", "Builtins", "Lang", "TestSupport"],
      swiftSettings: v5),
    .testTarget(
      name: "PlotTests", dependencies: ["Plot", "CCairo", "TestSupport"], swiftSettings: v5),
    .testTarget(
      name: "SystemTests", dependencies: ["CReadline", "CInterrupt", "Interp", "TestSupport"],
      swiftSettings: v5),
    .testTarget(
      name: "BuiltinsTests",
      dependencies: [
        "Builtins", "Interp", "Plot", "TestSupport",
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: v5),
  ]
)

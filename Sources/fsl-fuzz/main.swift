// fsl-fuzz: mutation fuzzing of FSL's parser and file loaders, and a sweep of every builtin
// over hostile arguments, all in one process. A death by signal or a run that makes no
// progress is a finding: the input is saved (CFuzz) and the process ends non-zero. Errors
// raised as FSL errors are the expected outcome. Usage: see `usage` below; scripts/fuzz
// wraps it.
import Builtins
import CFuzz
import CInterrupt
import Foundation
import Interp

let usage = """
  usage: fsl-fuzz [--root DIR] [--seconds S] [--count N] [--seed K] [--start I] [--out DIR] TARGET...
  targets: parser npy npz safetensors gguf json csv builtins (or all)
  Each target runs for S seconds (default 10) or N inputs, whichever comes first.
  --start I skips the first I inputs (to go on after a finding, which prints its number).
  Findings are written to DIR (default .build/fuzz) as crash-TARGET.bin or hang-TARGET.bin.
  """

struct Options {
  var root = "."
  var seconds = 10.0
  var count = Int.max
  var seed: UInt64 = 1
  var start = 0
  var out = ".build/fuzz"
  var targets: [String] = []
}

func parseOptions() -> Options? {
  var o = Options()
  var args = CommandLine.arguments.dropFirst()
  while let a = args.popFirst() {
    switch a {
    case "--root": o.root = args.popFirst() ?? o.root
    case "--seconds": o.seconds = Double(args.popFirst() ?? "") ?? o.seconds
    case "--count": o.count = Int(args.popFirst() ?? "") ?? o.count
    case "--seed": o.seed = UInt64(args.popFirst() ?? "") ?? o.seed
    case "--start": o.start = Int(args.popFirst() ?? "") ?? o.start
    case "--out": o.out = args.popFirst() ?? o.out
    case "-h", "--help": return nil
    default: o.targets.append(a)
    }
  }
  let all = ["parser", "npy", "npz", "safetensors", "gguf", "json", "csv", "builtins"]
  if o.targets == ["all"] { o.targets = all }
  if o.targets.isEmpty || o.targets.contains(where: { !all.contains($0) }) { return nil }
  return o
}

guard let options = parseOptions() else {
  FileHandle.standardError.write(Data((usage + "\n").utf8))
  exit(2)
}

// Scratch files (the loaders' inputs, anything a builtin writes) go to a private directory.
let shm = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
let work = (shm as NSString).appendingPathComponent("fsl-fuzz-\(getpid())")
try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
try? FileManager.default.createDirectory(atPath: options.out, withIntermediateDirectories: true)
func absolute(_ p: String) -> String {
  let cwd = FileManager.default.currentDirectoryPath
  return (p.hasPrefix("/") ? p : (cwd as NSString).appendingPathComponent(p) as String)
    .replacingOccurrences(of: "/./", with: "/")
}
let outDir = absolute(options.out)
let rootDir = absolute(options.root)

// Reports go to the real standard error; what builtins print goes to /dev/null.
let report = dup(2)
let devnull = open("/dev/null", O_WRONLY)
fsl_fuzz_report_fd(report)
func say(_ s: String) { _ = s.withCString { write(report, $0, strlen($0)) } }

guard fsl_fuzz_install_crash_handlers(outDir) == 0, fsl_fuzz_start_watchdog(5, 60) == 0 else {
  say("fsl-fuzz: cannot install the crash handlers or the watchdog\n")
  exit(2)
}
FileManager.default.changeCurrentDirectoryPath(work)
dup2(devnull, 1)
dup2(devnull, 2)

let interp = Interpreter(builtins: allBuiltins, output: NullSink())

func makeTarget(_ name: String) -> Target? {
  func seeds(_ ext: String, _ extra: [String] = []) -> [[UInt8]] {
    Targets.files(under: rootDir, suffix: ext) + extra.map { Array($0.utf8) }
  }
  switch name {
  case "parser": return Targets.parser(root: rootDir, interp: interp)
  case "npy":
    return Targets.loader(
      name, builtin: "load", ext: "npy", seeds: seeds(".npy"),
      dictionary: ["\u{93}NUMPY", "'descr': '<f8'", "'shape': (", "'fortran_order': True", ")}"],
      dir: work, interp: interp)
  case "npz":
    return Targets.loader(
      name, builtin: "load", ext: "npz", seeds: seeds(".npz"),
      dictionary: ["PK\u{3}\u{4}", "PK\u{1}\u{2}"],
      dir: work, interp: interp)
  case "safetensors":
    return Targets.loader(
      name, builtin: "load", ext: "safetensors", seeds: seeds(".safetensors"),
      dictionary: ["\"dtype\":\"F32\"", "\"shape\":[", "\"data_offsets\":[", "\"__metadata__\""],
      dir: work, interp: interp)
  case "gguf":
    return Targets.loader(
      name, builtin: "load_gguf", ext: "gguf", seeds: seeds(".gguf"), dictionary: ["GGUF"],
      dir: work, interp: interp)
  case "json":
    return Targets.loader(
      name, builtin: "load", ext: "json", seeds: seeds(".json", Targets.jsonSeeds),
      dictionary: ["\\u", "\\ud800", "[", "{", "\"", "1e999", "-", "null", "\u{FEFF}"],
      dir: work, interp: interp)
  case "csv":
    return Targets.loader(
      name, builtin: "read_csv", ext: "csv", seeds: seeds(".csv", Targets.csvSeeds),
      dictionary: ["\"", ",", "\n", "\r\n", "nan", "1e999", "\u{FEFF}"], dir: work, interp: interp)
  case "builtins":
    return Sweep.target(count: 1_000_000, seed: options.seed, interp: interp)
  default: return nil
  }
}

var failed = false
for name in options.targets {
  guard let target = makeTarget(name), !target.seeds.isEmpty else {
    say("\(name): no seeds or no loader builtin; skipped\n")
    failed = true
    continue
  }
  var mutator = Mutator(
    rng: FuzzRNG(seed: options.seed &+ name.utf8.reduce(UInt64(0)) { $0 &* 31 &+ UInt64($1) }),
    dictionary: target.dictionary, maxSize: target.maxSize)
  var counts = (ok: 0, error: 0, interrupted: 0)
  let start = Date()
  var n = options.start
  let label = strdup(name)
  while n - options.start < options.count && Date().timeIntervalSince(start) < options.seconds {
    let input: [UInt8]
    if name == "builtins" {
      guard n < target.seeds.count else { break }
      input = target.seeds[n]
    } else {
      let base = target.seeds[n % target.seeds.count]
      let other = target.seeds[mutator.rng.below(target.seeds.count)]
      input = n < target.seeds.count ? base : mutator.mutate(base, other: other)
    }
    let outcome = input.withUnsafeBytes { raw -> Outcome in
      fsl_fuzz_index(UInt(n))
      fsl_fuzz_current(raw.baseAddress, raw.count, label)
      return target.run(input)
    }
    fsl_interrupt_set(0)
    switch outcome {
    case .ok: counts.ok += 1
    case .error: counts.error += 1
    case .interrupted: counts.interrupted += 1
    }
    n += 1
  }
  let secs = Date().timeIntervalSince(start)
  say(
    String(
      format: "%@: %d inputs in %.1f s (%d ran, %d errors, %d stopped by the watchdog), no crash\n",
      name, n - options.start, secs, counts.ok, counts.error, counts.interrupted))
}
try? FileManager.default.removeItem(atPath: work)
exit(failed ? 1 : 0)

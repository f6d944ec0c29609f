// Errors tensor operations raise for bad user input; the interpreter shows `kind: message`.
// Also the memory limit every allocation of a user-sized tensor, string or list is checked
// against (docs/tensors.md, "Memory").

#if canImport(Glibc)
  import Glibc
#endif

/// A user-facing tensor error; `kind` is the FSL error kind (`ShapeError`, `IndexError`, …).
public struct TensorError: Error, CustomStringConvertible, Sendable {
  public var kind: String
  public var message: String
  public init(_ kind: String, _ message: String) {
    self.kind = kind
    self.message = message
  }
  public var description: String { "\(kind): \(message)" }

  public static func shape(_ m: String) -> TensorError { TensorError("ShapeError", m) }
  public static func value(_ m: String) -> TensorError { TensorError("ValueError", m) }
  public static func index(_ m: String) -> TensorError { TensorError("IndexError", m) }
  public static func type(_ m: String) -> TensorError { TensorError("TypeError", m) }
  public static func memory(_ m: String) -> TensorError { TensorError("MemoryError", m) }
}

/// `[2, 3]`: shapes print like lists in every message.
public func shapeText(_ shape: [Int]) -> String {
  "[" + shape.map(String.init).joined(separator: ", ") + "]"
}

/// How large one allocation may be. A request larger than physical memory is refused without
/// trying; from `large` bytes up it must also fit in MemAvailable + SwapFree (/proc/meminfo),
/// because Linux overcommits: a huge `malloc` succeeds and the process is killed later, when
/// the pages are touched. Anything else is tried, and a refused allocation is a MemoryError.
public enum MemoryLimit {
  /// Requests below this many bytes skip the checks (they cost a compare on the hot path).
  public static let quick = 1 << 26
  /// Requests from this many bytes up are checked against the memory available now.
  public static let large = 1 << 30

  /// Physical memory in bytes (`Int.max` when unknown).
  public static let physical: Int = {
    let pages = sysconf(Int32(_SC_PHYS_PAGES))
    let size = sysconf(Int32(_SC_PAGESIZE))
    guard pages > 0, size > 0 else { return .max }
    let (bytes, overflow) = pages.multipliedReportingOverflow(by: size)
    return overflow ? .max : bytes
  }()

  /// Whether a request for `bytes` may be tried on this machine, now.
  public static func allows(_ bytes: Int) -> Bool {
    allows(bytes, physical: physical, available: bytes >= large ? available() : nil)
  }

  /// The policy itself, with the machine's numbers given (for tests).
  public static func allows(_ bytes: Int, physical: Int, available: Int?) -> Bool {
    if bytes > physical { return false }
    if bytes >= large, let available, bytes > available { return false }
    return true
  }

  /// MemAvailable + SwapFree in bytes, or nil when /proc/meminfo cannot be read.
  public static func available() -> Int? {
    let fd = open("/proc/meminfo", O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: 16384)
    let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    guard n > 0 else { return nil }
    return available(meminfo: String(decoding: bytes[..<n], as: UTF8.self))
  }

  /// MemAvailable + SwapFree from the text of /proc/meminfo (`MemAvailable:  123 kB` lines).
  public static func available(meminfo: String) -> Int? {
    var memAvailable: Int?
    var swapFree = 0
    for line in meminfo.split(separator: "\n") {
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count >= 2, let kb = Int(fields[1]), kb >= 0, kb < Int.max / 1024 else {
        continue
      }
      if fields[0] == "MemAvailable:" { memAvailable = kb * 1024 }
      if fields[0] == "SwapFree:" { swapFree = kb * 1024 }
    }
    guard let memAvailable else { return nil }
    return memAvailable.addingReportingOverflow(swapFree).overflow
      ? .max : memAvailable + swapFree
  }
}

// Where an interpreter's printed output and warnings go: standard output and standard error for
// scripts and the REPL, memory for tests and notebook cells.
import Foundation

/// Where printed output goes.
public protocol OutputSink: AnyObject {
  func write(_ s: String)
}

/// Buffered standard output.
public final class StdoutSink: OutputSink {
  public init() {}
  public func write(_ s: String) {
    fputs(s, stdout)
  }
}

/// Unbuffered standard error (warnings).
public final class StderrSink: OutputSink {
  public init() {}
  public func write(_ s: String) { fputs(s, stderr) }
}

/// Collects output in memory (tests, notebooks).
public final class StringSink: OutputSink {
  public private(set) var text = ""
  public init() {}
  public func write(_ s: String) { text += s }
}

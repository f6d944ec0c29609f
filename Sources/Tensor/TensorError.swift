// Errors tensor operations raise for bad user input; the interpreter shows `kind: message`.

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
}

/// `[2, 3]`: shapes print like lists in every message.
public func shapeText(_ shape: [Int]) -> String {
  "[" + shape.map(String.init).joined(separator: ", ") + "]"
}

extension Shape {
  /// The most elements one tensor may have (16 GiB of f64): larger requests are a ValueError
  /// instead of a failed allocation.
  public static let maxElements = 1 << 31

  /// The element count of a user-given shape, checked for overflow and `maxElements`.
  public static func checkedCount(_ shape: [Int], _ who: String) throws -> Int {
    var n = 1
    for d in shape {
      let (m, overflow) = n.multipliedReportingOverflow(by: d)
      guard !overflow, m <= maxElements else {
        throw TensorError.value(
          "\(who): a tensor of shape \(shapeText(shape)) is too large (limit \(maxElements) elements)"
        )
      }
      n = m
    }
    return n
  }
}

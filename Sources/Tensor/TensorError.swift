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

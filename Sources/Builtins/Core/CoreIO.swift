// Core builtins for output, types, conversion, errors and the environment.
import Foundation
import Interp

enum CoreIO {
  static let builtins: [Builtin] = [
    Builtin(
      "print",
      params: [
        .init("values", variadic: true), .init("sep", "string", default: .string(" ")),
        .init("end", "string", default: .string("\n")),
      ],
      summary: "Write values to standard output, strings raw and everything else as its repr.",
      doc: "Values are joined with `sep` and followed by `end`, as in Python.",
      example: "print(\"loss\", 0.25, [1, 2])  # prints: loss 0.25 [1, 2]", effect: .io
    ) { a in
      let items = try a.list(0)
      let sep = try a.string(1)
      let end = try a.string(2)
      a.interp.write(items.map(\.str).joined(separator: sep) + end)
      return .null
    },
    Builtin(
      "type", params: [.init("x")],
      summary: "The name of a value's type: \"nil\", \"bool\", \"number\", \"string\", \"list\", …",
      example: "type([1, \"a\"])  # -> \"list\""
    ) { a in .string(a[0].typeName) },
    Builtin(
      "str", params: [.init("x")],
      summary: "A value as a string: strings unchanged, everything else as its repr.",
      example: "str(0.5) + \"!\"  # -> \"0.5!\""
    ) { a in .string(a[0].str) },
    Builtin(
      "repr", params: [.init("x")],
      summary: "The printed form of a value, which reads back as the same value.",
      example: "repr(\"a\")  # -> \"\\\"a\\\"\""
    ) { a in .string(a[0].repr) },
    Builtin(
      "number", params: [.init("x")],
      summary: "Converts a string (\"2.5\", \"1e-3\", \"0x1F\") or bool to a number.",
      example: "number(\"2.5\") * 2  # -> 5"
    ) { a in
      switch a[0] {
      case .number, .bool: return .number(a[0].asNumber ?? 0)
      case .string(let s):
        let t = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        if let d = Double(t) { return .number(d) }
        if t.lowercased().hasPrefix("0x"), let i = Int(t.dropFirst(2), radix: 16) {
          return .number(Double(i))
        }
        throw RuntimeError.value("number: cannot convert \(quote(s)) to a number")
      default: throw a.fail(0, "a string, number or bool")
      }
    },
    Builtin(
      "error",
      params: [.init("message", "string"), .init("kind", "string", default: .string("Error"))],
      summary: "Raises an error that `try … catch e` can catch (e.message, e.kind).",
      example: "try error(\"bad input\") catch e print(e.message) end  # prints: bad input"
    ) { a in
      throw RuntimeError(try a.string(1), a[0].str)
    },
    Builtin(
      "assert",
      params: [.init("cond"), .init("message", "string", default: .string("assertion failed"))],
      summary: "Raises AssertionError with `message` unless `cond` is true.",
      example: "assert(1 + 1 == 2, \"arithmetic\")  # -> nil"
    ) { a in
      if !a[0].isTruthy { throw RuntimeError("AssertionError", a[1].str) }
      return .null
    },
    Builtin(
      "args", params: [],
      summary: "The script's command-line arguments as a list of strings.",
      example: "len(args())  # -> 0", effect: .io
    ) { a in .list(a.interp.scriptArgs.map { .string($0) }) },
    Builtin(
      "time", params: [],
      summary: "Seconds since the Unix epoch, with sub-microsecond resolution.",
      example: "t0 = time(); time() >= t0  # -> true", effect: .io
    ) { _ in .number(Date().timeIntervalSince1970) },
    Builtin(
      "process_time", params: [],
      summary: "CPU seconds (user + system) this process has used, as Python's time.process_time.",
      doc: "Unlike `time()` it does not advance while the process waits or other programs run, "
        + "so it times code fairly on a busy machine. Every thread counts (BLAS threads too).",
      example: "t0 = process_time(); process_time() >= t0  # -> true", effect: .io
    ) { _ in
      var ts = timespec()
      clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
      return .number(Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9)
    },
  ]
}

// Mutating collection builtins: they change the variable, field or element passed first, in
// place (`xs.push(v)` is `push(xs, v)`); on any other expression they change a copy.
import Interp

extension CoreCollections {
  static let mutators: [Builtin] = [
    Builtin(
      "push", params: [.init("xs", "list"), .init("values", variadic: true)],
      summary: "Appends values to the end of a list, in place.",
      example: "xs = list(); xs.push(1, 2); xs  # -> [1, 2]", effect: .mutates
    ) { a in
      guard var xs = a.takeList(0) else { throw a.fail(0, "a list") }
      defer { a[0] = .list(xs) }
      xs.append(contentsOf: try a.list(1))
      return .null
    },
    Builtin(
      "pop", params: [.init("xs", "list|dict"), .init("at", default: .null)],
      summary: "Removes and returns a list item (the last by default) or a dict entry.",
      example: "xs = list([1, 2, 3]); xs.pop() + xs.pop(0)  # -> 4", effect: .mutates
    ) { a in
      if var xs = a.takeList(0) {
        defer { a[0] = .list(xs) }
        guard !xs.isEmpty else { throw RuntimeError.index("pop from an empty list") }
        let i = a.isNil(1) ? xs.count - 1 : try position(a, 1, count: xs.count)
        return xs.remove(at: i)
      }
      guard var d = a.takeDict(0) else { throw a.fail(0, "a list or dict") }
      defer { a[0] = .dict(d) }
      let k = try a.string(1)
      guard let v = d.removeValue(forKey: k) else {
        throw RuntimeError.key("key \(quote(k)) not found in dict")
      }
      return v
    },
    Builtin(
      "insert", params: [.init("xs", "list"), .init("at", "number"), .init("value")],
      summary: "Inserts value before position `at` (negative counts from the end), in place.",
      example: "xs = [\"a\", \"c\"]; xs.insert(1, \"b\"); xs  # -> [\"a\", \"b\", \"c\"]",
      effect: .mutates
    ) { a in
      guard var xs = a.takeList(0) else { throw a.fail(0, "a list") }
      defer { a[0] = .list(xs) }
      var i = try a.int(1)
      if i < 0 { i += xs.count }
      xs.insert(a[2], at: min(max(i, 0), xs.count))
      return .null
    },
    Builtin(
      "remove", params: [.init("xs", "list|dict"), .init("x")],
      summary: "Removes the first item equal to x from a list, or key x from a dict, in place.",
      example: "xs = list([1, 2, 1]); xs.remove(1); xs  # -> [2, 1]", effect: .mutates
    ) { a in
      let x = a[1]
      if var xs = a.takeList(0) {
        defer { a[0] = .list(xs) }
        guard let i = xs.firstIndex(where: { valuesEqual($0, x) }) else {
          throw RuntimeError.value("remove: \(x.repr) is not in the list")
        }
        xs.remove(at: i)
        return .null
      }
      guard var d = a.takeDict(0) else { throw a.fail(0, "a list or dict") }
      defer { a[0] = .dict(d) }
      let k = try a.string(1)
      if d.removeValue(forKey: k) == nil {
        throw RuntimeError.key("key \(quote(k)) not found in dict")
      }
      return .null
    },
    Builtin(
      "clear", params: [.init("xs", "list|dict")],
      summary: "Removes every item of a list or dict, in place.",
      example: "d = {a: 1}; d.clear(); d  # -> {}", effect: .mutates
    ) { a in
      switch a[0] {
      case .list: a[0] = .list([])
      case .dict: a[0] = .dict(FDict())
      default: throw a.fail(0, "a list or dict")
      }
      return .null
    },
    Builtin(
      "update", params: [.init("d", "dict"), .init("other", "dict")],
      summary: "Copies every entry of `other` into dict `d`, in place.",
      example: "d = {a: 1}; d.update({b: 2}); d  # -> {a: 1, b: 2}", effect: .mutates
    ) { a in
      let o = try dict(a, 1)
      guard var d = a.takeDict(0) else { throw a.fail(0, "a dict") }
      defer { a[0] = .dict(d) }
      for (k, v) in o { d[k] = v }
      return .null
    },
  ]

  static func position(_ a: Arguments, _ i: Int, count n: Int) throws -> Int {
    let k = try a.int(i)
    let j = k < 0 ? k + n : k
    guard j >= 0, j < n else {
      throw RuntimeError.index("index \(k) is out of bounds for axis 0 with size \(n)")
    }
    return j
  }
}

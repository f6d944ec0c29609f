// Mutating collection builtins: they change the variable, field or element passed first, in
// place (`xs.push(v)` is `push(xs, v)`); on any other expression they change a copy.
import Interp

extension CoreCollections {
  static let mutators: [Builtin] = [
    Builtin(
      "push", params: [.init("xs", "list"), .init("values", variadic: true)],
      summary: "Appends values to the end of a list, in place.",
      example: "xs = [1]; xs.push(2, 3); xs  # -> [1, 2, 3]", effect: .mutates
    ) { a in
      guard case .list(var xs) = a[0] else { throw a.fail(0, "a list") }
      a[0] = .null
      xs.append(contentsOf: try a.list(1))
      a[0] = .list(xs)
      return .null
    },
    Builtin(
      "pop", params: [.init("xs", "list|dict"), .init("at", default: .null)],
      summary: "Removes and returns a list item (the last by default) or a dict entry.",
      example: "xs = [1, 2, 3]; xs.pop() + xs.pop(0)  # -> 4", effect: .mutates
    ) { a in
      switch a[0] {
      case .list(var xs):
        guard !xs.isEmpty else { throw RuntimeError.index("pop from an empty list") }
        let i = a.isNil(1) ? xs.count - 1 : try position(a, 1, count: xs.count)
        a[0] = .null
        let v = xs.remove(at: i)
        a[0] = .list(xs)
        return v
      case .dict(var d):
        let k = try a.string(1)
        a[0] = .null
        defer { a[0] = .dict(d) }
        guard let v = d.removeValue(forKey: k) else {
          throw RuntimeError.key("key \(quote(k)) not found in dict")
        }
        return v
      default: throw a.fail(0, "a list or dict")
      }
    },
    Builtin(
      "insert", params: [.init("xs", "list"), .init("at", "number"), .init("value")],
      summary: "Inserts value before position `at` (negative counts from the end), in place.",
      example: "xs = [1, 3]; xs.insert(1, 2); xs  # -> [1, 2, 3]", effect: .mutates
    ) { a in
      guard case .list(var xs) = a[0] else { throw a.fail(0, "a list") }
      var i = try a.int(1)
      if i < 0 { i += xs.count }
      i = min(max(i, 0), xs.count)
      a[0] = .null
      xs.insert(a[2], at: i)
      a[0] = .list(xs)
      return .null
    },
    Builtin(
      "remove", params: [.init("xs", "list|dict"), .init("x")],
      summary: "Removes the first item equal to x from a list, or key x from a dict, in place.",
      example: "xs = [1, 2, 1]; xs.remove(1); xs  # -> [2, 1]", effect: .mutates
    ) { a in
      switch a[0] {
      case .list(var xs):
        guard let i = xs.firstIndex(where: { valuesEqual($0, a[1]) }) else {
          throw RuntimeError.value("remove: \(a[1].repr) is not in the list")
        }
        a[0] = .null
        xs.remove(at: i)
        a[0] = .list(xs)
      case .dict(var d):
        let k = try a.string(1)
        a[0] = .null
        defer { a[0] = .dict(d) }
        if d.removeValue(forKey: k) == nil {
          throw RuntimeError.key("key \(quote(k)) not found in dict")
        }
      default: throw a.fail(0, "a list or dict")
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
      guard case .dict(var d) = a[0] else { throw a.fail(0, "a dict") }
      let o = try dict(a, 1)
      a[0] = .null
      for (k, v) in o.entries { d[k] = v }
      a[0] = .dict(d)
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

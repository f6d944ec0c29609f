// Strings in tensors: the `str` dtype (docs/tensors.md "Strings").
//
// Design. A str tensor stores one Int64 code per element; a code names a string in the
// process-wide `StringPool`, which interns each distinct string once (as pandas' categoricals
// and Python's interned strings do). So everything that moves elements without looking at them
// (reshape, masks, gathers, slices, `concat`, `where`, broadcasting) works unchanged on the
// 8-byte codes, equality is a comparison of codes, and a CSV column of 7,000 rows holding 6
// distinct races costs 7,000 codes plus 6 strings. Ordering (`<`, `sort`, `unique`) compares the
// strings by Unicode scalar values (UTF-8 byte order), as FSL orders plain strings. The pool
// only grows: strings stay interned for the life of the process.
//
// A str tensor has no numeric value: converting one to a number type (what arithmetic or `sum`
// would do) gives NaN, and the operators reject arithmetic on it with a TypeError.
import Foundation

/// The process-wide table of interned strings behind the `str` dtype.
public final class StringPool: @unchecked Sendable {
  public static let shared = StringPool()
  private var strings: [String] = []
  private var codes: [String: Int64] = [:]
  private let lock = NSLock()

  /// The code of `s`, interning it on first sight.
  public func code(_ s: String) -> Int64 {
    lock.lock()
    defer { lock.unlock() }
    return intern(s)
  }

  /// The codes of many strings under one lock.
  public func codes<S: Sequence>(_ ss: S) -> [Int64] where S.Element == String {
    lock.lock()
    defer { lock.unlock() }
    return ss.map { intern($0) }
  }

  private func intern(_ s: String) -> Int64 {
    if let c = codes[s] { return c }
    let c = Int64(strings.count)
    strings.append(s)
    codes[s] = c
    return c
  }

  /// The string of a code.
  public func string(_ c: Int64) -> String {
    lock.lock()
    defer { lock.unlock() }
    return strings[Int(c)]
  }

  /// The strings of many codes under one lock.
  public func strings(_ cs: UnsafeBufferPointer<Int64>) -> [String] {
    lock.lock()
    defer { lock.unlock() }
    return cs.map { strings[Int($0)] }
  }
}

extension Tensor {
  /// A str tensor of `shape` holding `values` row-major.
  public init(shape: [Int], strings values: [String]) {
    self.init(shape: shape, dtype: .str, elements: StringPool.shared.codes(values))
  }

  /// A str tensor from pool codes (`StringPool.codes`).
  public init(shape: [Int], codes: [Int64]) {
    self.init(shape: shape, dtype: .str, elements: codes)
  }

  /// A 1-d str tensor.
  public init(strings values: [String]) {
    self.init(shape: [values.count], strings: values)
  }

  /// The elements of a str tensor as strings, row-major.
  public var strings: [String] {
    precondition(dtype == .str, "internal: strings of a \(dtype.rawValue) tensor")
    return withElements(as: Int64.self) { StringPool.shared.strings($0) }
  }

  /// Element `off` (flat) of a str tensor.
  public func string(at off: Int) -> String {
    StringPool.shared.string(buffer.raw.load(fromByteOffset: off * 8, as: Int64.self))
  }

  /// The codes of a str tensor (equal strings have equal codes).
  public var stringCodes: [Int64] { withElements(as: Int64.self) { Array($0) } }

  /// For each distinct code of a str tensor, its rank among the distinct strings in Unicode
  /// scalar order: sorting by rank sorts by string.
  func stringRanks() -> [Int64: Int] {
    let distinct = Array(Set(stringCodes))
    let pool = StringPool.shared
    let keyed = distinct.map { (code: $0, bytes: Array(pool.string($0).utf8)) }
    let sorted = keyed.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    var ranks: [Int64: Int] = [:]
    for (i, k) in sorted.enumerated() { ranks[k.code] = i }
    return ranks
  }

  /// The indices that sort a 1-d str tensor's elements (stable).
  public func stringSortOrder() -> [Int] {
    let ranks = stringRanks()
    let keys = stringCodes.map { ranks[$0] ?? 0 }
    return keys.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
  }

  /// The distinct strings of a str tensor in sorted order, with, for each element, the
  /// position of its string in that list (`unique(..., return_inverse)`), and the first
  /// index of each distinct string.
  public func stringUnique() -> (values: Tensor, inverse: [Int], first: [Int]) {
    let ranks = stringRanks()
    var codes = [Int64](repeating: 0, count: ranks.count)
    var first = [Int](repeating: -1, count: ranks.count)
    let all = stringCodes
    var inverse = [Int](repeating: 0, count: all.count)
    for (i, c) in all.enumerated() {
      let r = ranks[c] ?? 0
      codes[r] = c
      inverse[i] = r
      if first[r] < 0 { first[r] = i }
    }
    return (Tensor(shape: [codes.count], dtype: .str, elements: codes), inverse, first)
  }

  /// Whether each element of a str tensor is among `values` (the hook `isin` calls for a
  /// str tensor: `Tensor.isin(strings:values)`); a result of the tensor's shape.
  public func isin(strings values: [String]) -> Tensor {
    let wanted = Set(StringPool.shared.codes(values))
    let flags = withElements(as: Int64.self) { $0.map { wanted.contains($0) } }
    return Tensor(shape: shape, bool: flags)
  }

  /// `isin` against another tensor: a str tensor's strings (a numeric `values` matches
  /// nothing, as in NumPy).
  public func isin(_ values: Tensor) -> Tensor {
    guard values.dtype == .str else {
      return Tensor(shape: shape, bool: [Bool](repeating: false, count: count))
    }
    return isin(strings: values.strings)
  }

  /// `a op b` where at least one side is a str tensor: `==`/`!=` compare strings elementwise
  /// (against a number they are all false/true, as NumPy 2), the orderings compare strings by
  /// Unicode scalars; arithmetic is a TypeError.
  static func stringBinary(_ op: BinaryKernel, _ a: Tensor, _ b: Tensor, _ shape: [Int]) throws
    -> Tensor
  {
    guard op.isComparison else {
      throw TensorError.type(
        "'\(op.rawValue)' is not supported for str tensors (\(a.dtype.rawValue) and "
          + "\(b.dtype.rawValue))")
    }
    let n = shape.reduce(1, *)
    guard a.dtype == .str && b.dtype == .str else {
      if op == .eq || op == .ne {
        return Tensor(shape: shape, bool: [Bool](repeating: op == .ne, count: n))
      }
      throw TensorError.type(
        "'\(op.rawValue)' not supported between \(a.dtype.rawValue) and \(b.dtype.rawValue) "
          + "tensors")
    }
    let x = try a.broadcasted(to: shape).stringCodes
    let y = try b.broadcasted(to: shape).stringCodes
    var out = [Bool](repeating: false, count: n)
    switch op {
    case .eq: for i in 0..<n { out[i] = x[i] == y[i] }
    case .ne: for i in 0..<n { out[i] = x[i] != y[i] }
    default:
      let pool = StringPool.shared
      var bytes: [Int64: [UInt8]] = [:]
      func key(_ c: Int64) -> [UInt8] {
        if let k = bytes[c] { return k }
        let k = Array(pool.string(c).utf8)
        bytes[c] = k
        return k
      }
      for i in 0..<n {
        let p = key(x[i])
        let q = key(y[i])
        let less = p.lexicographicallyPrecedes(q)
        let equal = x[i] == y[i]
        switch op {
        case .lt: out[i] = less
        case .le: out[i] = less || equal
        case .gt: out[i] = !less && !equal
        default: out[i] = !less
        }
      }
    }
    return Tensor(shape: shape, bool: out)
  }

  /// The elements of a numeric tensor as strings (`astype(str)`): integral values without a
  /// fraction, as FSL prints numbers.
  func formattedAsStrings() -> Tensor {
    let texts = doubles.map { d -> String in
      if d.isNaN { return "nan" }
      if d.isInfinite { return d < 0 ? "-inf" : "inf" }
      if dtype == .bool { return d != 0 ? "true" : "false" }
      if d.rounded() == d && abs(d) < 1e16 { return String(Int64(d)) }
      return String(d)
    }
    return Tensor(shape: shape, strings: texts)
  }
}

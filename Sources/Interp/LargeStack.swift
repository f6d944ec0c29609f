// Runs work on a thread with a large native stack: FSL recursion 10,000 calls deep nests many
// Swift frames per call (more in debug builds), more than a default 8 MiB stack holds.
import Foundation

/// Runs `body` on a new thread with a 1 GiB stack (address space only; pages are touched as
/// used), waits for it, and returns its result.
public func runOnLargeStack<T>(_ body: @escaping () -> T) -> T {
  let box = LargeStackBox(body)
  var attr = pthread_attr_t()
  pthread_attr_init(&attr)
  pthread_attr_setstacksize(&attr, 1 << 30)
  var thread = pthread_t()
  let arg = Unmanaged.passRetained(box as LargeStackJob).toOpaque()
  let rc = pthread_create(
    &thread, &attr,
    { raw in
      guard let raw = raw else { return nil }
      let b = Unmanaged<LargeStackJob>.fromOpaque(raw).takeRetainedValue()
      b.run()
      return nil
    }, arg)
  pthread_attr_destroy(&attr)
  guard rc == 0 else {
    Unmanaged<LargeStackJob>.fromOpaque(arg).release()
    return body()
  }
  pthread_join(thread, nil)
  guard let r = box.result else {
    preconditionFailure("internal: large-stack thread ended without a result")
  }
  return r
}

/// Type-erased work for the large-stack thread.
class LargeStackJob: @unchecked Sendable {
  func run() {}
}

final class LargeStackBox<T>: LargeStackJob, @unchecked Sendable {
  let body: () -> T
  var result: T?
  init(_ b: @escaping () -> T) { body = b }
  override func run() { result = body() }
}

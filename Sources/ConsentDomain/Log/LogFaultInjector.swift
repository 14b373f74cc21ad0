import Synchronization

/// Test double for the writer's storage: while armed, the next `write` or `fdatasync`
/// fails with the given errno instead of reaching the disk (e.g. `ENOSPC`, `EIO`).
final class LogFaultInjector: Sendable {
    enum Operation: Sendable { case write, sync }
    private let armed = Mutex<(operation: Operation, errno: Int32)?>(nil)

    init() {}

    /// Makes every following `operation` fail with `code` until `disarm()`.
    func arm(_ operation: Operation, errno code: Int32) { armed.withLock { $0 = (operation, code) } }
    func disarm() { armed.withLock { $0 = nil } }

    /// The errno to fail `operation` with, if armed for it.
    func failure(for operation: Operation) -> Int32? {
        armed.withLock { state in
            guard let state, state.operation == operation else { return nil }
            return state.errno
        }
    }
}

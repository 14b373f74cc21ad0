import Dispatch
import Synchronization

/// Test double for the writer's storage: while armed, the next `write`, `fdatasync`, segment
/// preallocation or write of zeros ahead of the records (`extend`) fails with the given errno instead of reaching the disk (e.g. `ENOSPC`, `EIO`).
/// It can also hold the syncer just before each `fdatasync` (after it took the units the
/// sync covers), so a test can let the writer write later batches during a sync, and it
/// records the order of writes and syncs per segment path.
final class LogFaultInjector: Sendable {
    enum Operation: Sendable, Hashable { case write, sync, preallocate, extend }
    /// A write or sync that reached the disk, in order.
    struct Event: Sendable, Hashable {
        var operation: Operation
        var path: String
    }

    private let armed = Mutex<(operation: Operation, errno: Int32)?>(nil)
    private let holding = Mutex(false)
    private let events = Mutex<[Event]>([])
    /// Signalled by the syncer each time it parks before a sync.
    private let syncParked = DispatchSemaphore(value: 0)
    /// Signalled by the test to let one parked sync go on.
    private let syncGate = DispatchSemaphore(value: 0)
    /// Signalled by the writer after each write.
    private let wrote = DispatchSemaphore(value: 0)

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

    /// From now on the syncer parks before each sync until `releaseOneSync()` (or `stopHolding()`).
    func holdSyncs() { holding.withLock { $0 = true } }

    /// Lets syncs run freely again, including one parked now.
    func stopHolding() {
        holding.withLock { $0 = false }
        syncGate.signal()
    }

    /// Lets the parked (or next parking) sync go on; later ones still park.
    func releaseOneSync() { syncGate.signal() }

    /// Waits until the syncer has parked before a sync, at most `seconds`.
    /// - Returns: `false` when it did not park in time.
    func waitForParkedSync(seconds: Double = 10) -> Bool {
        syncParked.wait(timeout: .now() + seconds) == .success
    }

    /// Waits until the writer has finished one more `write`, at most `seconds`.
    /// - Returns: `false` when none came in time.
    func waitForWrite(seconds: Double = 10) -> Bool {
        wrote.wait(timeout: .now() + seconds) == .success
    }

    /// Every write and sync that reached the disk so far, in order.
    var history: [Event] { events.withLock { $0 } }

    // MARK: - Called by the log

    func didWrite(path: String) {
        events.withLock { $0.append(Event(operation: .write, path: path)) }
        wrote.signal()
    }

    func willSync(path: String) {
        guard holding.withLock({ $0 }) else { return }
        syncParked.signal()
        syncGate.wait()
    }

    func didSync(path: String) {
        events.withLock { $0.append(Event(operation: .sync, path: path)) }
    }
}

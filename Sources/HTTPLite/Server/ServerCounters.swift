import Synchronization

/// Counters shared by the server and its event loops.
final class ServerCounters: Sendable {
    /// Open client connections across all loops.
    let open = Atomic<Int>(0)
    /// Event loops still running.
    let runningLoops = Atomic<Int>(0)
}

import Synchronization

/// Counters shared by the server and its event loops.
final class ServerCounters: Sendable {
    /// Open client connections across all loops.
    let open = Atomic<Int>(0)
    /// Event loops still running.
    let runningLoops = Atomic<Int>(0)
}

/// What other threads may know about one event loop: its mailbox and how many connections it owns.
final class LoopHandle: Sendable {
    let mailbox: LoopMailbox
    /// Connections owned by (or being handed to) this loop.
    let connections = Atomic<Int>(0)

    init(mailbox: LoopMailbox) { self.mailbox = mailbox }
}

import Glibc
import Synchronization

/// Identifies one connection across threads: its descriptor plus a generation, so a late
/// message for a closed connection never reaches a new one that reused the descriptor.
struct ConnectionRef: Hashable, Sendable {
    let fd: Int32
    let generation: UInt32

    /// The 64-bit epoll user data for this connection.
    var epollData: UInt64 { UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd)) }

    init(fd: Int32, generation: UInt32) {
        self.fd = fd
        self.generation = generation
    }

    init(epollData: UInt64) {
        fd = Int32(bitPattern: UInt32(truncatingIfNeeded: epollData))
        generation = UInt32(truncatingIfNeeded: epollData >> 32)
    }
}

/// Work handed to an event loop by other threads.
enum LoopMessage: Sendable {
    /// A `.deferred` or `.callback` response for request number `sequence` on `connection`.
    case response(ConnectionRef, sequence: UInt64, HTTPResponse)
    /// A `.callbackOnLoop` response for request number `sequence`, made on the loop by calling the closure.
    case produce(ConnectionRef, sequence: UInt64, @Sendable () -> HTTPResponse)
    /// Bytes from a streamed body.
    case streamChunk(ConnectionRef, [UInt8])
    /// A streamed body finished (`failed`: the producer threw; the connection is closed).
    case streamEnd(ConnectionRef, failed: Bool)
    /// A connection accepted by another loop, handed to this (less loaded) one.
    case adopt(fd: Int32)
    /// Begin graceful shutdown.
    case shutdown
}

/// The only way into an event loop from another thread: a locked queue plus an eventfd
/// that wakes the loop's `epoll_wait`. The loop owns and closes the eventfd.
final class LoopMailbox: Sendable {
    private struct State: ~Copyable {
        var messages: [LoopMessage] = []
        var isClosed = false
    }

    let wakeFD: Int32
    private let state = Mutex(State())

    init(wakeFD: Int32) { self.wakeFD = wakeFD }

    /// Queues `message` and wakes the loop if the queue was empty — at once, or, inside
    /// `LoopWakeBatch.run` on this thread, once when that returns.
    /// - Returns: false (message dropped) once the loop has closed its mailbox.
    @discardableResult
    func post(_ message: LoopMessage) -> Bool {
        let batch = LoopWakeBatch.current
        return state.withLock { state in
            guard !state.isClosed else { return false }
            state.messages.append(message)
            if state.messages.count == 1 {
                if let batch { batch.hold(self) } else { Syscalls.signalEventFD(wakeFD) }
            }
            return true
        }
    }

    /// Wakes the loop (a wake held back by `LoopWakeBatch`), unless the mailbox is closed: its
    /// eventfd is gone then, and the number may already name another file.
    func wake() {
        state.withLock { state in
            if !state.isClosed { Syscalls.signalEventFD(wakeFD) }
        }
    }

    /// Takes every queued message (called by the loop after its eventfd fired).
    func takeAll() -> [LoopMessage] {
        var taken: [LoopMessage] = []
        takeAll(swappingWith: &taken)
        return taken
    }

    /// Takes every queued message into `spare` and leaves `spare`'s storage as the new queue: the loop
    /// hands back its emptied array (capacity kept), so a thread posting a group commit's completions
    /// appends into room that is already there instead of growing a fresh array per batch.
    func takeAll(swappingWith spare: inout [LoopMessage]) {
        Syscalls.drainEventFD(wakeFD)
        spare.removeAll(keepingCapacity: true)
        state.withLock { state in swap(&state.messages, &spare) }
    }

    /// Refuses further messages and closes the eventfd (called once by the loop as it exits).
    /// Connections still waiting to be adopted are closed.
    /// - Returns: How many such connections were closed (for the open-connection count).
    @discardableResult
    func close() -> Int {
        state.withLock { state in
            state.isClosed = true
            var dropped = 0
            for case .adopt(let fd) in state.messages {
                Syscalls.close(fd)
                dropped += 1
            }
            state.messages = []
            Syscalls.close(wakeFD)
            return dropped
        }
    }
}

/// Holds back event-loop wake-ups while one thread posts many messages — a group commit
/// completing a whole batch of requests — and wakes each loop once at the end. Woken at the
/// first message, a loop thread can preempt the poster (two cores, a busy machine) before it
/// has posted the rest; held back, the loop finds them all at once.
public enum LoopWakeBatch {
    /// The loops one thread must wake when its outermost `run` returns. Touched only by that thread.
    final class Pending {
        private var mailboxes: [LoopMailbox] = []

        func hold(_ mailbox: LoopMailbox) {
            if !mailboxes.contains(where: { $0 === mailbox }) { mailboxes.append(mailbox) }
        }

        func wakeAll() {
            for mailbox in mailboxes { mailbox.wake() }
            mailboxes = []
        }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Runs `body`; the event loops that messages posted by this thread inside it must wake are woken
    /// once each when it returns. Nested calls join the outermost one.
    @discardableResult
    public static func run<T>(_ body: () throws -> T) rethrows -> T {
        if pthread_getspecific(key) != nil { return try body() }
        let pending = Unmanaged.passRetained(Pending())
        pthread_setspecific(key, pending.toOpaque())
        defer {
            pthread_setspecific(key, nil)
            pending.takeUnretainedValue().wakeAll()
            pending.release()
        }
        return try body()
    }

    /// The calling thread's pending wakes while it is inside `run`.
    static var current: Pending? {
        guard let raw = pthread_getspecific(key) else { return nil }
        return Unmanaged<Pending>.fromOpaque(raw).takeUnretainedValue()
    }
}

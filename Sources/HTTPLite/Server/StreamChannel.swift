import Synchronization

/// Thrown to a streamed body's producer when its connection has gone away.
public struct StreamClosedError: Error, Sendable {}

/// Back-pressure between a streamed body's producer (any task) and the connection's loop:
/// `write` suspends while more than `bound` bytes are queued and not yet written to the socket.
final class StreamChannel: Sendable {
    /// Queued-but-unwritten bytes above which the producer waits. 64 KiB.
    static let bound = 65_536

    private struct State: ~Copyable {
        var queued = 0
        var waiter: CheckedContinuation<Void, any Error>?
        var isClosed = false
    }

    private let state = Mutex(State())

    /// Counts `count` bytes as queued. - Throws: `StreamClosedError` once the connection closed.
    func enqueue(_ count: Int) throws {
        let isClosed = state.withLock { state in
            state.queued += count
            return state.isClosed
        }
        if isClosed { throw StreamClosedError() }
    }

    /// Returns once the queue is within `bound`. - Throws: `StreamClosedError` if the connection closes first.
    func waitForRoom() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            enum Decision { case proceed, fail, wait }
            let decision: Decision = state.withLock { state in
                if state.isClosed { return .fail }
                if state.queued <= Self.bound { return .proceed }
                state.waiter = continuation
                return .wait
            }
            switch decision {
            case .proceed: continuation.resume()
            case .fail: continuation.resume(throwing: StreamClosedError())
            case .wait: break
            }
        }
    }

    /// The loop wrote `count` queued bytes to the socket.
    func release(_ count: Int) {
        let waiter: CheckedContinuation<Void, any Error>? = state.withLock { state in
            state.queued -= count
            guard state.queued <= Self.bound, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// The connection closed: a waiting or later `write` throws.
    func close() {
        let waiter: CheckedContinuation<Void, any Error>? = state.withLock { state in
            state.isClosed = true
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        waiter?.resume(throwing: StreamClosedError())
    }
}

/// The `BodyStreamWriter` handed to a `.stream` body: queues chunks on the connection's loop.
struct ConnectionBodyWriter: BodyStreamWriter {
    let channel: StreamChannel
    let mailbox: LoopMailbox
    let connection: ConnectionRef

    func write(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        try channel.enqueue(bytes.count)
        mailbox.post(.streamChunk(connection, bytes))
        try await channel.waitForRoom()
    }
}

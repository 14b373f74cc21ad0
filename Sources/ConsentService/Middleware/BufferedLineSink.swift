import Foundation
import HTTPLite
import Synchronization

/// Collects log lines and hands them to the underlying sink in batches: when `maxBytes`
/// are pending, and at least every `interval` from a background thread, and on `flush()`.
/// The access log uses it so a request costs an append under a lock instead of a
/// `write(2)`; a line waits at most `interval` (and is lost only if the process dies
/// in that window — the consent log, not this, is the record of consent).
final class BufferedLineSink: Sendable {
    private struct State {
        var pending = ""
        var isStopped = false
    }

    private let state = Mutex(State())
    private let target: Logger.Sink
    private let maxBytes: Int

    /// - Parameters:
    ///   - target: receives the batches (several lines joined by newlines, no trailing newline).
    ///   - maxBytes: pending bytes that trigger an immediate hand-over. Default 32 KiB.
    ///   - interval: longest time a line waits. Default 200 ms.
    init(target: @escaping Logger.Sink, maxBytes: Int = 32 * 1_024, interval: Duration = .milliseconds(200)) {
        self.target = target
        self.maxBytes = maxBytes
        let micros = UInt32(clamping: interval.components.seconds * 1_000_000 + interval.components.attoseconds / 1_000_000_000_000)
        Thread.detachNewThread { [self] in
            while !state.withLock({ $0.isStopped }) {
                usleep(micros)
                flush()
            }
        }
    }

    /// Appends one line (without newline).
    func write(_ line: String) {
        let batch: String? = state.withLock { state in
            if !state.pending.isEmpty { state.pending += "\n" }
            state.pending += line
            guard state.pending.utf8.count >= maxBytes else { return nil }
            defer { state.pending = "" }
            return state.pending
        }
        if let batch { target(batch) }
    }

    /// Hands over whatever is pending.
    func flush() {
        let batch: String = state.withLock { state in
            defer { state.pending = "" }
            return state.pending
        }
        if !batch.isEmpty { target(batch) }
    }

    /// Flushes and stops the background thread.
    func stop() {
        state.withLock { $0.isStopped = true }
        flush()
    }

    /// This sink as a `Logger.Sink`.
    var sink: Logger.Sink { { [self] line in write(line) } }
}

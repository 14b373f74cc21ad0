import Glibc
import HTTPLite
import Synchronization

/// Collects log lines and hands them to the underlying target in batches: when a thread's
/// pending bytes reach `maxBytes`, at least every `interval` from a background thread, and
/// on `flush()`. The access log uses it so a request costs a few dozen bytes appended to a
/// buffer instead of a `write(2)`; a line waits at most `interval` (and is lost only if the
/// process dies in that window — the consent log, not this, is the record of consent).
///
/// Each thread appends to its own shard (assigned on the thread's first append, so the event
/// loops never share one), so the lock taken per line is uncontended except when the
/// background flusher takes the shard's bytes. Lines from one thread keep their order;
/// lines from different threads may be out of timestamp order within a batch.
final class BufferedLineSink: Sendable {
    /// Where batches go.
    enum Target: Sendable {
        /// A log sink: one call per batch, lines joined by newlines, no trailing newline.
        case lines(Logger.Sink)
        /// A file descriptor (2 = stderr): one `write` per batch, every line newline-terminated.
        case fileDescriptor(Int32)
    }

    /// One thread's pending lines, each ending in a newline, plus the access log's per-thread memo.
    struct Shard {
        var bytes: [UInt8] = []
        var accessLogMemo = AccessLogMemo()
    }

    /// Shards; a thread uses shard `slot % shardCount`. Sixteen covers the event loops plus the
    /// cooperative pool on the machines this runs on; more threads share shards (still correct).
    static let shardCount = 16

    /// One shard behind its own lock (a class, since `Mutex` cannot sit in an array).
    private final class LockedShard: Sendable {
        let state = Mutex(Shard())
    }

    private let shards: [LockedShard]
    private let slots = ThreadSlots()
    private let isStopped = Atomic<Bool>(false)
    /// Held while a batch is taken and written, so batches never interleave and one thread's lines stay in order.
    private let delivery = Mutex<Void>(())
    private let target: Target
    private let maxBytes: Int

    /// - Parameters:
    ///   - target: receives the batches.
    ///   - maxBytes: one thread's pending bytes that trigger an immediate hand-over. Default 32 KiB.
    ///   - interval: longest time a line waits. Default 200 ms.
    init(target: Target, maxBytes: Int = 32 * 1_024, interval: Duration = .milliseconds(200)) {
        self.target = target
        self.maxBytes = max(1, maxBytes)
        shards = (0..<Self.shardCount).map { _ in LockedShard() }
        let step = min(interval, .milliseconds(100))
        NativeThread.start(name: "log-flusher", stackBytes: 128 * 1_024) { [self] in
            var waited = Duration.zero
            while !isStopped.load(ordering: .acquiring) {
                Self.sleep(step)
                waited += step
                if waited >= interval {
                    waited = .zero
                    flush()
                }
            }
        }
    }

    /// A sink handing batches to a `Logger.Sink` (lines joined by newlines, no trailing newline).
    convenience init(target: @escaping Logger.Sink, maxBytes: Int = 32 * 1_024, interval: Duration = .milliseconds(200)) {
        self.init(target: .lines(target), maxBytes: maxBytes, interval: interval)
    }

    /// Appends one line (without newline).
    func write(_ line: String) {
        append { shard in shard.bytes.append(contentsOf: line.utf8) }
    }

    /// Appends one line that `encode` writes straight into the calling thread's shard (without
    /// the newline, which is added here). The closure runs under the shard's lock: keep it short.
    func append(_ encode: (inout Shard) -> Void) {
        let shard = shards[slots.current() % Self.shardCount]
        let isFull = shard.state.withLock { shard in
            encode(&shard)
            shard.bytes.append(0x0A)
            return shard.bytes.count >= maxBytes
        }
        if isFull {
            delivery.withLock { _ in
                deliver(shard.state.withLock { shard in
                    defer { shard.bytes.removeAll(keepingCapacity: true) }
                    return shard.bytes
                })
            }
        }
    }

    /// Hands over whatever is pending in every shard, as one batch.
    func flush() {
        delivery.withLock { _ in
            var batch: [UInt8] = []
            for shard in shards {
                shard.state.withLock { shard in
                    guard !shard.bytes.isEmpty else { return }
                    batch.append(contentsOf: shard.bytes)
                    shard.bytes.removeAll(keepingCapacity: true)
                }
            }
            deliver(batch)
        }
    }

    /// Flushes and stops the background thread.
    func stop() {
        isStopped.store(true, ordering: .releasing)
        flush()
    }

    /// This sink as a `Logger.Sink`.
    var sink: Logger.Sink { { [self] line in write(line) } }

    /// Gives `batch` (newline-terminated lines) to the target; called with `delivery` held.
    private func deliver(_ batch: [UInt8]) {
        guard !batch.isEmpty else { return }
        switch target {
        case .lines(let sink):
            sink(String(decoding: batch.dropLast(), as: UTF8.self))
        case .fileDescriptor(let fd):
            batch.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return  // stderr closed or full disk: drop the batch rather than block the loop
                    }
                }
            }
        }
    }

    private static func sleep(_ duration: Duration) {
        var request = timespec(tv_sec: Int(duration.components.seconds),
                               tv_nsec: Int(duration.components.attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

import Synchronization
import Testing
@testable import ConsentService

@Suite struct BufferedLineSinkTests {
    final class Collected: Sendable {
        let batches = Mutex<[String]>([])
        var lines: [String] { batches.withLock { $0.flatMap { $0.split(separator: "\n").map(String.init) } } }
        var count: Int { batches.withLock { $0.count } }
    }

    /// Lines below the size threshold wait for `flush()`, then arrive in order as one batch.
    @Test func holdsLinesUntilFlush_thenDeliversThemInOrder() {
        let collected = Collected()
        let sink = BufferedLineSink(target: { line in collected.batches.withLock { $0.append(line) } },
                                    maxBytes: 1_024, interval: .seconds(3_600))
        defer { sink.stop() }
        sink.write("a"); sink.write("b"); sink.write("c")
        #expect(collected.count == 0)
        sink.flush()
        #expect(collected.lines == ["a", "b", "c"])
        #expect(collected.count == 1)
    }

    /// Reaching `maxBytes` hands the batch over at once, without waiting for a flush.
    @Test func handsOverAtOnce_whenPendingBytesReachTheLimit() {
        let collected = Collected()
        let sink = BufferedLineSink(target: { line in collected.batches.withLock { $0.append(line) } },
                                    maxBytes: 10, interval: .seconds(3_600))
        defer { sink.stop() }
        sink.write("12345")
        #expect(collected.count == 0)
        sink.write("67890")
        #expect(collected.lines == ["12345", "67890"])
    }

    /// `stop()` flushes what is pending, so nothing is lost at shutdown.
    @Test func stopFlushesPendingLines() {
        let collected = Collected()
        let sink = BufferedLineSink(target: { line in collected.batches.withLock { $0.append(line) } },
                                    maxBytes: 1_024, interval: .seconds(3_600))
        sink.write("last")
        sink.stop()
        #expect(collected.lines == ["last"])
    }
}

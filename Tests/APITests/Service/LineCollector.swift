import HTTPLite
import Synchronization

/// An in-memory log sink for tests: collects every line written.
final class LineCollector: Sendable {
    private let lines = Mutex<[String]>([])

    var sink: Logger.Sink { { [self] line in lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
}

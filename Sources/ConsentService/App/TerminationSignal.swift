import Dispatch
import Glibc

/// Turns SIGTERM and SIGINT into one callback on a dispatch queue (the default actions are
/// ignored first, so the process is not killed before it drains). Keep the returned value alive.
struct TerminationSignal {
    private let sources: [any DispatchSourceSignal]
    private static let numbers: [Int32] = [SIGTERM, SIGINT]

    /// Installs the handler; `onSignal` runs for every delivery (make it idempotent).
    init(queue: DispatchQueue = .global(), _ onSignal: @escaping @Sendable (_ signal: Int32) -> Void) {
        sources = Self.numbers.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { onSignal(number) }
            source.resume()
            return source
        }
    }

    /// Stops listening and restores the default actions.
    func cancel() {
        for source in sources { source.cancel() }
        for number in Self.numbers { signal(number, SIG_DFL) }
    }
}

import Dispatch

/// Turns SIGTERM and SIGINT into one callback, delivered on a dispatch queue.
public enum ShutdownSignal {
    /// Ignores SIGTERM/SIGINT's default action (termination) and calls `onSignal` on each
    /// delivery instead. Call once, early in `main`; the sources live as long as the process.
    public static func install(_ onSignal: @escaping @Sendable () -> Void) {
        for signal in Syscalls.terminationSignals {
            Syscalls.ignoreSignal(signal)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            // The handler holds its source, so the source is never released (process lifetime).
            source.setEventHandler { [source] in
                _ = source
                onSignal()
            }
            source.resume()
        }
    }
}

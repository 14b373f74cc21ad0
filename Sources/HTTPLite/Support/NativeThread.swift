import Glibc

// `pthread_setname_np` needs _GNU_SOURCE, so Swift's Glibc module does not export it; it takes
// only integers and pointers, so it is declared here directly (as `Syscalls` does for epoll).
@_silgen_name("pthread_setname_np") private func c_pthread_setname_np(_ thread: pthread_t, _ name: UnsafePointer<CChar>) -> Int32

/// Starts detached POSIX threads without Foundation's `Thread` (which would load all of
/// `libFoundation` and ICU into the process just to spawn the event loops).
public enum NativeThread {
    /// Stack reserved for each thread, in bytes. Default 8 MiB, the usual `ulimit -s` (what
    /// Foundation's `Thread` gave the event loops, which run handlers). Only touched pages count
    /// towards RSS, so a smaller reservation would save address space, not memory.
    public static let defaultStackBytes = 8 * 1_024 * 1_024

    /// The closure a new thread runs, passed through `pthread_create`'s context pointer.
    private final class Entry: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Runs `body` on a new detached thread named `name` (at most 15 bytes are kept).
    /// - Parameters:
    ///   - name: thread name shown by `top -H`, `perf` and `/proc/PID/task/*/comm`.
    ///   - stackBytes: stack size in bytes (rounded up by the system to a page multiple).
    ///   - body: the thread's work; the thread ends when it returns.
    /// - Returns: false when the system refused to create the thread (`body` is not run).
    @discardableResult
    public static func start(name: String, stackBytes: Int = defaultStackBytes,
                             _ body: @escaping @Sendable () -> Void) -> Bool {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        pthread_attr_setstacksize(&attributes, max(stackBytes, Int(PTHREAD_STACK_MIN)))
        let shortName = String(decoding: name.utf8.prefix(15), as: UTF8.self)
        let context = Unmanaged.passRetained(Entry {
            _ = c_pthread_setname_np(pthread_self(), shortName)
            body()
        }).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { context in
            guard let context else { return nil }
            let entry = Unmanaged<Entry>.fromOpaque(context).takeRetainedValue()
            entry.body()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<Entry>.fromOpaque(context).release()
            return false
        }
        return true
    }
}

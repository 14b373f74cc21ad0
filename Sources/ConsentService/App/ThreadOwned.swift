import Glibc

/// One `Value` per thread: made on the thread's first `value(orMake:)` and released when the thread
/// exits (a `pthread` key). For state each event loop keeps to itself, so no lock or shared reference
/// count sits between the loops.
struct ThreadOwned<Value: AnyObject>: Sendable {
    private let key: pthread_key_t

    init() {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            guard let raw else { return }
            Unmanaged<AnyObject>.fromOpaque(raw).release()
        }
        self.key = key
    }

    /// The calling thread's value; `make` creates it on the thread's first call.
    func value(orMake make: () -> Value) -> Value {
        if let raw = pthread_getspecific(key) {
            return Unmanaged<Value>.fromOpaque(raw).takeUnretainedValue()
        }
        let value = make()
        pthread_setspecific(key, Unmanaged.passRetained(value).toOpaque())
        return value
    }
}

import Glibc
import Synchronization

/// A small integer per thread (0, 1, 2, … in order of first use), kept in a POSIX thread-specific
/// slot so that looking it up costs no lock.
final class ThreadSlots: Sendable {
    private let key: pthread_key_t
    private let next = Atomic<Int>(0)

    init() {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        self.key = key
    }

    deinit {
        pthread_key_delete(key)
    }

    /// The calling thread's slot, assigned on its first call.
    func current() -> Int {
        if let stored = pthread_getspecific(key) {
            return Int(bitPattern: stored) - 1
        }
        let slot = next.add(1, ordering: .relaxed).oldValue
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: slot + 1))
        return slot
    }
}

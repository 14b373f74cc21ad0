import Glibc

/// `CLOCK_MONOTONIC` in nanoseconds: plain integers for per-request timing, where `ContinuousClock`
/// durations cost 128-bit arithmetic.
public func monotonicNanoseconds() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Int64(spec.tv_sec) &* 1_000_000_000 &+ Int64(spec.tv_nsec)
}

internal import CSHA256

/// Which function compresses SHA-256 blocks. Both give the same digests; the hardware one
/// is several times faster and exists only on x86-64 CPUs with the SHA extensions.
enum SHA256Engine: Sendable, Hashable, CaseIterable {
    /// The portable Swift function (`SHA256+Software.swift`): every CPU.
    case software
    /// The SHA-NI instructions, through the C target `CSHA256`.
    case hardware

    /// Whether this CPU has the SHA extensions (with SSSE3 and SSE4.1). Asked once per
    /// process: CPUID is slow under virtualisation.
    static let isHardwareAvailable = csha256_hardware_available() != 0

    /// The fastest engine this CPU runs.
    static let preferred: SHA256Engine = isHardwareAvailable ? .hardware : .software

    /// The engines this CPU runs (the software one always).
    static var available: [SHA256Engine] { isHardwareAvailable ? [.software, .hardware] : [.software] }

    /// Compresses `count` 64-byte blocks with SHA-NI; a CPU without them takes the software
    /// function, so an explicit `.hardware` is never a crash.
    @inline(__always)
    static func compressInHardware(_ state: inout SHA256.Words, blocks: UnsafeRawPointer, count: Int) {
        guard isHardwareAvailable else {
            SHA256.compressInSoftware(&state, blocks: blocks, count: count)
            return
        }
        withUnsafeMutableBytes(of: &state) { words in
            guard let base = words.baseAddress else { return }
            csha256_compress_hardware(base.assumingMemoryBound(to: UInt32.self), blocks.assumingMemoryBound(to: UInt8.self), count)
        }
    }
}

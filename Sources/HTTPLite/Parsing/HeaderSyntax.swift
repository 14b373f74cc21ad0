import Glibc

/// Byte classes of the request head (RFC 9110 §5.6.2, §5.5; RFC 9112 §3, §5).
enum HeaderSyntax {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A

    /// tchar: `!#$%&'*+-.^_`|~`, digits and letters, as bits: bit `b` of `tokenBitsLow` for bytes
    /// below 64, bit `b - 64` of `tokenBitsHigh` for 64–127 (no byte from 128 on is a tchar).
    static let tokenBitsLow: UInt64 = 0x03FF_6CFA_0000_0000
    static let tokenBitsHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    @inline(__always) static func isToken(_ b: UInt8) -> Bool {
        if b < 64 { return (tokenBitsLow >> UInt64(b)) & 1 == 1 }
        if b < 128 { return (tokenBitsHigh >> UInt64(b &- 64)) & 1 == 1 }
        return false
    }

    /// field-vchar / obs-text plus SP and HTAB: everything except CTLs (and DEL).
    @inline(__always) static func isFieldValueByte(_ b: UInt8) -> Bool {
        b == tab || (b >= 0x20 && b != 0x7F)
    }

    /// request-target characters: visible ASCII (RFC 3986 characters are a subset).
    @inline(__always) static func isTargetByte(_ b: UInt8) -> Bool { b > 0x20 && b < 0x7F }

    /// Exact comparison of raw bytes with a literal (`memcmp`).
    @inline(__always)
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        guard end - start == literal.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base + start, literal.utf8Start, end - start) == 0
    }

    /// ASCII case-insensitive comparison of raw bytes with a lowercase literal.
    @inline(__always)
    static func equalsLowercase(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        guard end - start == literal.utf8CodeUnitCount else { return false }
        let lit = literal.utf8Start
        var i = 0
        while start + i < end {
            var b = bytes[start + i]
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            if b != lit[i] { return false }
            i += 1
        }
        return true
    }
}

/// A visitor id as the index keys it: packed into three words when it has at most 30
/// characters (every id the service issues is 22), otherwise the string. Valid ids use only
/// the 64 characters of base64url, so 6 bits per character lose nothing.
enum VisitorKey: Hashable {
    /// Ten characters per word, 6 bits each from bit 0 up; bits 60–63 of each word count
    /// its characters, so the packing is one-to-one (length included).
    case packed(UInt64, UInt64, UInt64)
    /// Ids of 31–64 characters.
    case text(String)

    /// Most characters the packed form holds.
    static let packedCapacity = 30

    /// The key of a validated id.
    init(_ visitor: VisitorID) {
        var text = visitor.rawValue
        self = text.withUTF8 { VisitorKey(utf8: $0) } ?? .text(visitor.rawValue)
    }

    /// The key of raw id bytes, under `VisitorID`'s rule (8–64 characters from
    /// `[A-Za-z0-9_-]`); `nil` when the bytes break it. Allocates only for long ids.
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard VisitorID.allowedLength.contains(bytes.count), let base = bytes.baseAddress else { return nil }
        var invalid = false
        for i in 0..<bytes.count { invalid = invalid || Self.code(base[i]) > 63 }
        guard !invalid else { return nil }
        guard bytes.count <= Self.packedCapacity else {
            self = .text(String(decoding: bytes, as: UTF8.self))
            return
        }
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        @inline(__always) func word(_ part: Int) -> UInt64 {
            let start = part * 10, end = min(bytes.count, start + 10)
            guard start < end else { return 0 }
            var w = UInt64(end - start) << 60
            for i in start..<end { w |= UInt64(Self.code(base[i])) << UInt64(6 * (i - start)) }
            return w
        }
        words = (word(0), word(1), word(2))
        self = .packed(words.0, words.1, words.2)
    }

    /// The id's characters.
    var rawValue: String {
        switch self {
        case .text(let s):
            return s
        case .packed(let a, let b, let c):
            var out: [UInt8] = []
            out.reserveCapacity(Self.packedCapacity)
            for w in [a, b, c] {
                for i in 0..<Int(w >> 60) { out.append(Self.character(UInt8(truncatingIfNeeded: w >> UInt64(6 * i)) & 63)) }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The 6-bit code of a base64url character (`A`–`Z` 0–25, `a`–`z` 26–51, `0`–`9`
    /// 52–61, `-` 62, `_` 63); 255 for any other byte.
    @inline(__always)
    static func code(_ c: UInt8) -> UInt8 {
        if c &- 0x41 < 26 { return c &- 0x41 }
        if c &- 0x61 < 26 { return c &- 0x61 &+ 26 }
        if c &- 0x30 < 10 { return c &- 0x30 &+ 52 }
        if c == 0x2D { return 62 }
        if c == 0x5F { return 63 }
        return 255
    }

    /// The character of a 6-bit code (inverse of `code`).
    static func character(_ code: UInt8) -> UInt8 {
        switch code {
        case 0..<26: return 0x41 + code
        case 26..<52: return 0x61 + code - 26
        case 52..<62: return 0x30 + code - 52
        case 62: return 0x2D
        default: return 0x5F
        }
    }
}

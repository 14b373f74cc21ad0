/// A validated visitor identifier: 8–64 characters from `[A-Za-z0-9_-]`.
public struct VisitorID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public static let allowedLength = 8...64

    public init?(rawValue: String) {
        // Checked on the contiguous UTF-8 (one per POST and per path): no per-byte view iteration.
        var text = rawValue
        let isValid = text.withUTF8 { bytes in
            Self.allowedLength.contains(bytes.count) && bytes.allSatisfy(Self.isAllowed)
        }
        guard isValid else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// 128 random bits as 22 base64url characters (no padding).
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> VisitorID {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var bytes: [UInt8] = []
        for _ in 0..<2 {
            let word = generator.next() as UInt64
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        var out: [UInt8] = []
        var acc: UInt32 = 0
        var bits = 0
        for b in bytes {
            acc = (acc << 8) | UInt32(b)
            bits += 8
            while bits >= 6 {
                bits -= 6
                out.append(alphabet[Int((acc >> UInt32(bits)) & 0x3f)])
            }
        }
        if bits > 0 { out.append(alphabet[Int((acc << UInt32(6 - bits)) & 0x3f)]) }
        return VisitorID(rawValue: String(decoding: out, as: UTF8.self))!
    }

    private static func isAllowed(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x2D || b == 0x5F
    }
}

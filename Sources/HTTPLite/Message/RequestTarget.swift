/// Splitting and percent-decoding of an origin-form request-target (RFC 9112 §3.2.1, RFC 3986 §2.1).
public enum RequestTarget {
    /// Splits `target` into a decoded path and decoded query pairs. Invalid percent
    /// escapes are kept literally rather than guessed.
    public static func split(_ target: String) -> (path: String, query: [(name: String, value: String)]) {
        // The usual target, a path without query or escapes, is its own decoded path: no copy.
        if !target.utf8.contains(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "%") }) { return (target, []) }
        let bytes = Array(target.utf8)
        let q = bytes.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = bytes[..<(q ?? bytes.endIndex)]
        var query: [(name: String, value: String)] = []
        if let q {
            for pair in bytes[(q + 1)...].split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
                if let eq = pair.firstIndex(of: UInt8(ascii: "=")) {
                    query.append((decode(pair[..<eq], plusIsSpace: true), decode(pair[(eq + 1)...], plusIsSpace: true)))
                } else {
                    query.append((decode(pair, plusIsSpace: true), ""))
                }
            }
        }
        return (decode(rawPath, plusIsSpace: false), query)
    }

    /// Percent-decodes `bytes`; `%` not followed by two hex digits is kept as is.
    /// Invalid UTF-8 after decoding is repaired with U+FFFD (never crashes).
    public static func decode(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) -> String {
        if !bytes.contains(UInt8(ascii: "%")) && !(plusIsSpace && bytes.contains(UInt8(ascii: "+"))) {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "%"), i + 2 < bytes.endIndex,
               let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else if b == UInt8(ascii: "+"), plusIsSpace {
                out.append(UInt8(ascii: " "))
                i += 1
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

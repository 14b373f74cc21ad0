import HTTPLite

/// The two request headers a decision reads, found in one pass over the fields: the first
/// `Content-Type` and the first `Sec-GPC` value, names compared ASCII case-insensitively
/// (RFC 9110 §5.1), as `HTTPHeaders[_:]` finds them.
struct DecisionHeaders: Sendable, Equatable {
    var contentType: String?
    var gpc: String?

    init(contentType: String?, gpc: String?) {
        self.contentType = contentType
        self.gpc = gpc
    }

    init(_ headers: HTTPHeaders) {
        for field in headers.fields {
            switch field.name.utf8.count {
            case 12 where contentType == nil && Self.equalsLowercased(field.name, "content-type"):
                contentType = field.value
            case 7 where gpc == nil && Self.equalsLowercased(field.name, "sec-gpc"):
                gpc = field.value
            default:
                continue
            }
        }
    }

    /// Whether `name` is `lowercase` up to ASCII case (`lowercase` must be lowercase ASCII).
    static func equalsLowercased(_ name: String, _ lowercase: StaticString) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            lowercase.withUTF8Buffer { expected in
                guard bytes.count == expected.count else { return false }
                for i in 0..<bytes.count {
                    let byte = bytes[i]
                    let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    if folded != expected[i] { return false }
                }
                return true
            }
        }
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The attribute list of a `Set-Cookie` line being folded, last occurrence winning
/// (RFC 6265 §5.2 steps for each attribute, §5.3 step 3 onwards).
struct SetCookieAttributes {
    var expires: Date?
    var maxAge: Duration?
    var domain: String?
    var path: String?
    var isSecure = false
    var isHTTPOnly = false
    var sameSite: SetCookieLine.SameSite?
    var extensions: [SetCookieLine.ExtensionAttribute] = []

    /// Folds one `;`-separated attribute into the list; invalid ones are ignored.
    mutating func apply(_ piece: ArraySlice<UInt8>, maxValueBytes: Int) {
        let name: ArraySlice<UInt8>
        let value: ArraySlice<UInt8>?
        if let eq = piece.firstIndex(of: UInt8(ascii: "=")) {
            name = CookieSyntax.trimWhitespace(piece[..<eq])
            value = CookieSyntax.trimWhitespace(piece[piece.index(after: eq)...])
        } else {
            name = CookieSyntax.trimWhitespace(piece)
            value = nil
        }
        if name.isEmpty { return }
        if let value, value.count > maxValueBytes { return }
        let valueBytes = value ?? []
        switch String(decoding: name, as: UTF8.self).lowercased() {
        case "expires":
            if let date = CookieDate.parse(valueBytes) { expires = date }
        case "max-age":
            if let seconds = Self.parseMaxAge(valueBytes) { maxAge = .seconds(seconds) }
        case "domain":
            var domainBytes = valueBytes
            if domainBytes.first == UInt8(ascii: ".") { domainBytes = domainBytes.dropFirst() }
            domain = domainBytes.isEmpty ? nil : String(decoding: domainBytes, as: UTF8.self).lowercased()
        case "path":
            path = valueBytes.first == UInt8(ascii: "/") ? String(decoding: valueBytes, as: UTF8.self) : nil
        case "secure":
            isSecure = true
        case "httponly":
            isHTTPOnly = true
        case "samesite":
            switch String(decoding: valueBytes, as: UTF8.self).lowercased() {
            case "strict": sameSite = .strict
            case "lax": sameSite = .lax
            case "none": sameSite = .unrestricted
            default: break  // RFC 6265bis §5.6.7: unknown values are ignored
            }
        default:
            extensions.append(.init(name: String(decoding: name, as: UTF8.self),
                                    value: value.map { String(decoding: $0, as: UTF8.self) }))
        }
    }

    /// RFC 6265 §5.2.2: an optional `-` then digits only; anything else is ignored.
    /// Values beyond `Int64` saturate.
    static func parseMaxAge(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var digits = bytes
        let isNegative = digits.first == UInt8(ascii: "-")
        if isNegative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        var result: Int64 = 0
        for d in digits {
            let (times, o1) = result.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(d - 0x30))
            if o1 || o2 { return isNegative ? Int64.min : Int64.max }
            result = sum
        }
        return isNegative ? -result : result
    }
}

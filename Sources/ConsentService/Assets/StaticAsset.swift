#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ConsentDomain

/// One file served from memory: its bytes, media type and content hash.
///
/// The hash (first 16 hex digits of the bytes' SHA-256) is both the strong `ETag` and the
/// part of the immutable URL (`/sdk/consent.<hash>.js`), so a changed file gets a new URL.
struct StaticAsset: Sendable, Equatable {
    /// The exact bytes sent; shared across responses.
    let bytes: [UInt8]
    /// The `Content-Type` value, e.g. `text/javascript; charset=utf-8`.
    let contentType: String
    /// 16 lower-case hex digits of SHA-256 over `bytes`.
    let hash: String

    init(text: String, contentType: String) {
        bytes = Array(text.utf8)
        self.contentType = contentType
        hash = String(SHA256.hexHash(bytes).prefix(16))
    }

    /// The strong entity tag, quoted (RFC 9110 §8.8.3).
    var entityTag: String { "\"\(hash)\"" }

    /// True when an `If-None-Match` value names this asset (weak comparison, RFC 9110 §13.1.2):
    /// `*`, or a comma-separated list containing our tag with or without `W/`.
    func isMatched(byIfNoneMatch value: String) -> Bool {
        for part in value.split(separator: ",") {
            var tag = part.trimmingOptionalWhitespace
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
            if tag == entityTag { return true }
        }
        return false
    }
}

private extension Substring {
    /// Without leading and trailing SP / HTAB (the optional whitespace of RFC 9110 §5.6.3).
    var trimmingOptionalWhitespace: Substring {
        let isOWS: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isOWS($0) }), let end = lastIndex(where: { !isOWS($0) }) else { return "" }
        return self[start...end]
    }
}

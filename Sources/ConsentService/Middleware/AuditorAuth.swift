import ConsentDomain
import HTTPLite

/// Bearer-token check for auditor endpoints (RFC 6750 §2.1). Tokens are kept only as
/// SHA-256 digests; a presented token is hashed and compared with every digest in
/// constant time, so neither timing nor length reveals a configured token.
/// With no tokens configured every request is refused.
struct AuditorAuth: Sendable {
    private let digests: [[UInt8]]

    init(tokens: [String]) {
        digests = tokens.map { SHA256.hash(Array($0.utf8)) }
    }

    /// True when `request` carries exactly one `Authorization: Bearer <token>` whose token is configured.
    func isAuthorized(_ request: HTTPRequest) -> Bool {
        let values = request.headers.values(for: "Authorization")
        guard values.count == 1, let token = Self.bearerToken(values[0]) else { return false }
        let presented = SHA256.hash(Array(token.utf8))
        var matched = false
        for digest in digests where Self.constantTimeEqual(digest, presented) { matched = true }
        return matched && !digests.isEmpty
    }

    /// Throws `.unauthorized` (→ 401 with `WWW-Authenticate: Bearer realm="consent-service"`) unless authorized.
    func authorize(_ request: HTTPRequest) throws(APIError) {
        guard isAuthorized(request) else { throw .unauthorized }
    }

    /// The token of a `Bearer` credential: the scheme is case-insensitive (RFC 9110 §11.1), followed by one or
    /// more spaces and a non-empty token without spaces.
    static func bearerToken(_ value: String) -> Substring? {
        let scheme = "Bearer"
        guard value.utf8.count > scheme.utf8.count + 1 else { return nil }
        let prefix = value.prefix(scheme.count)
        guard HTTPHeaders.namesEqual(prefix, scheme) else { return nil }
        var rest = value.dropFirst(scheme.count)
        guard rest.first == " " else { return nil }
        while rest.first == " " { rest = rest.dropFirst() }
        while rest.last == " " { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains(" ") else { return nil }
        return rest
    }

    /// Compares two equal-length digests without an early exit.
    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

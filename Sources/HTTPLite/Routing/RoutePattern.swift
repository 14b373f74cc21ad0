/// A path pattern such as `/v1/visitors/{visitorId}/consent`, parsed once.
/// `{name}` captures exactly one non-empty path segment.
public struct RoutePattern: Hashable, Sendable, CustomStringConvertible {
    enum Segment: Hashable, Sendable {
        case literal(String)
        case parameter(String)
    }

    /// The pattern as written; used as the `route` label in logs and metrics.
    public let description: String
    let segments: [Segment]

    public init(_ pattern: String) {
        description = pattern
        segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { part in
            if part.hasPrefix("{"), part.hasSuffix("}"), part.count > 2 {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }

    /// The captured parameters when `path` matches, else `nil`.
    public func match(_ path: String) -> [String: String]? {
        var captured: [String: String] = [:]
        var index = 0
        var iterator = path.split(separator: "/", omittingEmptySubsequences: true).makeIterator()
        while let part = iterator.next() {
            guard index < segments.count else { return nil }
            switch segments[index] {
            case .literal(let literal):
                guard part == literal else { return nil }
            case .parameter(let name):
                captured[name] = String(part)
            }
            index += 1
        }
        guard index == segments.count else { return nil }
        // A trailing slash is a different resource ("/v1/cookies/" ≠ "/v1/cookies").
        if path.count > 1, path.hasSuffix("/") { return nil }
        return captured
    }
}

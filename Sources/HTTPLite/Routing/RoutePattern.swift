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

    /// For a pattern without parameters, the one path it matches (`/a/b`, or `/` for no
    /// segments); `nil` when it has parameters.
    var literalPath: String? {
        var path = ""
        for segment in segments {
            guard case .literal(let literal) = segment else { return nil }
            path += "/" + literal
        }
        return path.isEmpty ? "/" : path
    }

    /// The captured parameters when `path` matches, else `nil`.
    public func match(_ path: String) -> [String: String]? {
        match(parts: path.split(separator: "/", omittingEmptySubsequences: true), path: path)
    }

    /// `match(_:)` with `path` already split on `/` (empty parts omitted), so that a router trying
    /// every route splits the path once.
    func match(parts: [Substring], path: String) -> [String: String]? {
        guard parts.count == segments.count else { return nil }
        var captured: [String: String] = [:]
        var index = 0
        for part in parts {
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
        if path.utf8.count > 1, path.utf8.last == UInt8(ascii: "/") { return nil }
        return captured
    }
}

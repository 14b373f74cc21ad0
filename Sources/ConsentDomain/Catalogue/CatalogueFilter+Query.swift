/// Building a `CatalogueFilter` from `GET /v1/cookies` query parameters.
extension CatalogueFilter {
    /// The parameters this parser reads; others are ignored (cache busters, tracking tags).
    public static let parameterNames: [String] = ["category", "service", "duration", "minAge", "maxAge"]

    /// Reads `category` (canonical ids, repeatable or comma-separated), `service` (repeatable),
    /// `duration` (session | persistent | until-replaced, repeatable or comma-separated),
    /// `minAge` / `maxAge` (one ISO 8601 duration each).
    ///
    /// Category values are the canonical ids only (`essential`, `functionality`, `analytics`,
    /// `targeting`), compared ignoring case; policy labels such as "Feature" are not accepted here.
    /// - Throws: `CatalogueFilterError` naming the first bad parameter and value.
    public init(query: [(name: String, value: String)]) throws(CatalogueFilterError) {
        self.init()
        var services: Set<String> = []
        for (name, value) in query {
            switch name {
            case "category":
                for piece in try Self.pieces(value, parameter: name) {
                    guard let category = CookieCategory(rawValue: piece.lowercased()) else {
                        throw .invalidValue(parameter: name, value: piece)
                    }
                    categories.insert(category)
                }
            case "service":
                let service = CategoryAlias.collapse(value)
                guard !service.isEmpty else { throw .invalidValue(parameter: name, value: value) }
                services.insert(service.lowercased())
            case "duration":
                for piece in try Self.pieces(value, parameter: name) {
                    guard Self.durationKindValues.contains(piece.lowercased()) else {
                        throw .invalidValue(parameter: name, value: piece)
                    }
                    durationKinds.insert(piece.lowercased())
                }
            case "minAge", "maxAge":
                guard (name == "minAge" ? minAge : maxAge) == nil else { throw .repeated(parameter: name) }
                let age: ISO8601Duration
                do { age = try ISO8601Duration(parsing: value) } catch { throw .invalidValue(parameter: name, value: value) }
                if name == "minAge" { minAge = age } else { maxAge = age }
            default:
                continue
            }
        }
        self.services = services
        if let minAge, let maxAge, minAge.totalSeconds > maxAge.totalSeconds {
            throw .emptyRange(minAge: minAge.description, maxAge: maxAge.description)
        }
    }

    /// Comma-separated, trimmed, non-empty pieces of `value`.
    private static func pieces(_ value: String, parameter: String) throws(CatalogueFilterError) -> [String] {
        let parts = value.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
        guard !parts.contains(where: \.isEmpty) else { throw .invalidValue(parameter: parameter, value: value) }
        return parts
    }
}

/// A bad `GET /v1/cookies` query parameter (→ 400 problem+json naming `parameter`).
public enum CatalogueFilterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `value` is not allowed for `parameter` (unknown category, bad ISO 8601 duration, empty…).
    case invalidValue(parameter: String, value: String)
    /// A single-valued parameter (`minAge`, `maxAge`) appeared twice.
    case repeated(parameter: String)
    /// `minAge` is longer than `maxAge`, so nothing could match.
    case emptyRange(minAge: String, maxAge: String)

    /// The parameter to name in the problem's `errors[].pointer` / detail.
    public var parameter: String {
        switch self {
        case .invalidValue(let parameter, _), .repeated(let parameter): parameter
        case .emptyRange: "minAge"
        }
    }

    public var description: String {
        switch self {
        case .invalidValue(let parameter, _): "invalid value for query parameter \(parameter)"
        case .repeated(let parameter): "query parameter \(parameter) may appear only once"
        case .emptyRange(let minAge, let maxAge): "minAge \(minAge) is longer than maxAge \(maxAge)"
        }
    }
}

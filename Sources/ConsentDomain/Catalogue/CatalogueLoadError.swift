/// Why a catalogue file was refused. The service prints `description` with the file name and
/// exits non-zero.
public enum CatalogueLoadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is larger than `CatalogueLimits.maxFileBytes`.
    case tooLarge(limit: Int)
    /// The bytes are not JSON (or not UTF-8); `detail` is the parser's message.
    case malformedJSON(detail: String)
    /// A problem with a top-level field (`cookies` missing, an unknown key, too many cookies…).
    case invalidDocument(field: String, reason: CatalogueFieldProblem)
    /// A problem with `categories[index]`; `field` is the key inside the entry.
    case invalidCategory(index: Int, field: String, reason: CatalogueFieldProblem)
    /// A problem with `cookies[index]`; `id` is the entry's id when it had a string one.
    case invalidCookie(index: Int, id: String?, field: String, reason: CatalogueFieldProblem)

    public var description: String {
        switch self {
        case .tooLarge(let limit):
            "file is larger than \(limit) bytes"
        case .malformedJSON(let detail):
            "malformed JSON: \(detail)"
        case .invalidDocument(let field, let reason):
            "field \"\(field)\": \(reason)"
        case .invalidCategory(let index, let field, let reason):
            "categories[\(index)] field \"\(field)\": \(reason)"
        case .invalidCookie(let index, let id, let field, let reason):
            "cookies[\(index)]\(id.map { " (id \"\($0)\")" } ?? "") field \"\(field)\": \(reason)"
        }
    }
}

/// What is wrong with one field of a catalogue file.
public enum CatalogueFieldProblem: Equatable, Sendable, CustomStringConvertible {
    case missing
    case wrongType(expected: String, found: String)
    case empty
    case tooLong(limit: Int)
    case tooMany(limit: Int)
    /// Not `[A-Za-z0-9._-]`, not starting with a letter or digit, or too long.
    case invalidID
    /// The id was already used by `cookies[firstIndex]`.
    case duplicateID(firstIndex: Int)
    /// The category was already described by `categories[firstIndex]`.
    case duplicateCategory(firstIndex: Int)
    case unknownField
    /// The category label is not one `CategoryAlias` knows.
    case unknownCategory(String)
    /// The duration label is not one `CookieDuration(label:)` reads.
    case unknownDurationLabel(String)
    /// A duration object is inconsistent (unknown `type`, bad `iso8601`…).
    case invalidDuration(String)
    case invalidName(CookieNameError)

    public var description: String {
        switch self {
        case .missing: "is missing"
        case .wrongType(let expected, let found): "must be a \(expected), found \(found)"
        case .empty: "is empty"
        case .tooLong(let limit): "is longer than \(limit) bytes"
        case .tooMany(let limit): "has more than \(limit) items"
        case .invalidID: "is not a valid id (1-64 of [A-Za-z0-9._-], starting with a letter or digit)"
        case .duplicateID(let first): "duplicate id, first used by cookies[\(first)]"
        case .duplicateCategory(let first): "duplicate category, first described by categories[\(first)]"
        case .unknownField: "unknown field"
        case .unknownCategory(let label): "unknown category \"\(label)\""
        case .unknownDurationLabel(let label): "unknown duration label \"\(label)\""
        case .invalidDuration(let reason): "invalid duration: \(reason)"
        case .invalidName(let error): "invalid cookie name (\(error))"
        }
    }
}

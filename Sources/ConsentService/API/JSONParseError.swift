/// Why a request body is not acceptable JSON. All cases map to 400 `malformed-json`.
enum JSONParseError: Error, Equatable, Sendable {
    /// The bytes break the RFC 8259 grammar at `offset`.
    case syntax(offset: Int, reason: String)
    /// Not valid UTF-8 at `offset` (RFC 8259 §8.1).
    case invalidUTF8(offset: Int)
    /// Arrays and objects nest deeper than `limit`.
    case tooDeep(limit: Int)
    /// An object repeats a member name (RFC 8259 §4 leaves this unspecified; we refuse it).
    case duplicateKey(pointer: String)

    /// A short explanation safe to return to the client (it never echoes the body).
    var reason: String {
        switch self {
        case .syntax(let offset, let reason): "\(reason) at byte \(offset)"
        case .invalidUTF8(let offset): "invalid UTF-8 at byte \(offset)"
        case .tooDeep(let limit): "nesting deeper than \(limit) levels"
        case .duplicateKey(let pointer): "duplicate member \(pointer)"
        }
    }

    /// This error as seen from the enclosing member or element `component`: a duplicate key's pointer
    /// gains `component` in front (escaped per RFC 6901 §3); other errors are unchanged. The parser calls
    /// it while an error travels up, so valid documents never build pointer text.
    func prefixed(by component: String) -> JSONParseError {
        guard case .duplicateKey(let pointer) = self else { return self }
        return .duplicateKey(pointer: JSONPointer.root.appending(component).description + pointer)
    }
}

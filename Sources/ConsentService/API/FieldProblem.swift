/// One validation failure in a request: where (a JSON Pointer, or a query parameter
/// name such as `?category`) and what is wrong. Rendered in the problem's `errors` list.
struct FieldProblem: Sendable, Equatable {
    /// RFC 6901 pointer into the body (`/choices/analytics`), or `?name` for a query parameter.
    var pointer: String
    /// What is wrong, e.g. "must be a boolean". Never echoes secrets.
    var message: String

    init(pointer: String, message: String) {
        self.pointer = pointer
        self.message = message
    }

    init(_ pointer: JSONPointer, _ message: String) {
        self.init(pointer: pointer.description, message: message)
    }
}

/// Collects every field problem of a JSON body in one pass, so a 422 lists them all.
///
/// ```swift
/// var fields = FieldValidator()
/// fields.rejectUnknownMembers(of: body, at: .root, allowed: ["visitorId", "choices"])
/// let visitorId = fields.string(body["visitorId"], at: .root.appending("visitorId"), maxLength: 64)
/// try fields.finish()   // throws .validation([...]) if anything was recorded
/// ```
struct FieldValidator: Sendable {
    private(set) var problems: [FieldProblem] = []

    init() {}

    /// Records a problem at `pointer`.
    mutating func record(_ pointer: JSONPointer, _ message: String) {
        problems.append(FieldProblem(pointer, message))
    }

    /// Records "unknown member" for each member of `value` not in `allowed` (no-op when `value` is not an object).
    mutating func rejectUnknownMembers(of value: JSONValue, at pointer: JSONPointer, allowed: Set<String>) {
        for member in value.objectValue ?? [] where !allowed.contains(member.key) {
            record(pointer.appending(member.key), "unknown member")
        }
    }

    /// As `rejectUnknownMembers(of:at:allowed:)` with a short list: a linear scan of small strings is
    /// cheaper than hashing each name (a handful of members per request).
    mutating func rejectUnknownMembers(of value: JSONValue, at pointer: JSONPointer, allowedList: [String]) {
        for member in value.objectValue ?? [] where !allowedList.contains(member.key) {
            record(pointer.appending(member.key), "unknown member")
        }
    }

    /// The object at `pointer`, `nil` when absent; records a problem when present with another type.
    mutating func object(_ value: JSONValue?, at pointer: JSONPointer) -> JSONValue? {
        guard let value else { return nil }
        guard case .object = value else { record(pointer, "must be an object, got \(value.typeName)"); return nil }
        return value
    }

    /// The boolean at `pointer`, `nil` when absent; records a problem when present with another type.
    mutating func bool(_ value: JSONValue?, at pointer: JSONPointer) -> Bool? {
        guard let value else { return nil }
        guard let bool = value.boolValue else { record(pointer, "must be a boolean, got \(value.typeName)"); return nil }
        return bool
    }

    /// The string at `pointer` of at most `maxLength` characters, `nil` when absent; records a problem otherwise.
    mutating func string(_ value: JSONValue?, at pointer: JSONPointer, maxLength: Int) -> String? {
        guard let value else { return nil }
        guard let string = value.stringValue else { record(pointer, "must be a string, got \(value.typeName)"); return nil }
        // `utf8.count` is O(1) and bounds the character count, so the grapheme count is only taken near the limit.
        guard string.utf8.count <= maxLength || string.count <= maxLength else { record(pointer, "must be at most \(maxLength) characters"); return nil }
        return string
    }

    /// The array of strings at `pointer` (at most `maxCount` items of at most `maxLength` characters each),
    /// `nil` when absent; records one problem per bad item.
    mutating func strings(_ value: JSONValue?, at pointer: JSONPointer, maxCount: Int, maxLength: Int) -> [String]? {
        guard let value else { return nil }
        guard let items = value.arrayValue else { record(pointer, "must be an array, got \(value.typeName)"); return nil }
        guard items.count <= maxCount else { record(pointer, "must have at most \(maxCount) items"); return nil }
        var strings: [String] = []
        var isValid = true
        for (index, item) in items.enumerated() {
            if let string = self.string(item, at: pointer.appending(index), maxLength: maxLength) {
                strings.append(string)
            } else {
                isValid = false
            }
        }
        return isValid ? strings : nil
    }

    /// Throws `.validation(problems)` (→ 422) if any problem was recorded.
    func finish() throws(APIError) {
        guard problems.isEmpty else { throw .validation(problems) }
    }
}

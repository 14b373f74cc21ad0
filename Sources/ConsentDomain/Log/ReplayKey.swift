/// The index keys of one record line, worked out on the threads that parse and hash during
/// replay, so the replaying thread (the critical path) only probes the table and stores.
struct ReplayKey {
    /// The visitor, packed from the line's bytes.
    var visitor: VisitorKey
    /// `VisitorTable.tag(of: visitor)`.
    var tag: UInt32
    /// The consent id when it is a canonical UUID written without escapes; `nil` otherwise
    /// (the index then reads it as text).
    var consentID: CompactID?

    /// The keys of `parsed` (a parse of `line`); `nil` when the visitor id has escapes or is
    /// not a valid id, which the index then handles (and reports) itself.
    init?(_ parsed: ParsedLine, line: UnsafeBufferPointer<UInt8>) {
        let visitorRange = parsed.visitorID
        guard !visitorRange.hasEscapes,
              let key = VisitorKey(utf8: UnsafeBufferPointer(rebasing: line[visitorRange.start..<visitorRange.end]))
        else { return nil }
        visitor = key
        tag = VisitorTable.tag(of: key)
        let idRange = parsed.consentID
        consentID = idRange.hasEscapes ? nil : CompactID.parseUUID(UnsafeBufferPointer(rebasing: line[idRange.start..<idRange.end]))
    }
}

/// The index keys of one record line, worked out on the threads that parse and hash during
/// replay, so the replaying thread (the critical path) only probes the table and stores.
/// Plain words only (no strings), so `ParsedLine`, which carries it, stays trivially copyable.
struct ReplayKey {
    /// The words of the visitor's `VisitorKey.packed`.
    var visitorWords: (UInt64, UInt64, UInt64)
    /// `VisitorTable.tag(of: visitor)`.
    var tag: UInt32
    /// The consent id's `CompactID.uuid` fields when it is a canonical UUID written without
    /// escapes; `nil` otherwise (the index then reads it as text).
    var consentUUID: (high: UInt64, low: UInt64, isUpperCase: Bool)?

    /// The visitor's key.
    var visitor: VisitorKey { .packed(visitorWords.0, visitorWords.1, visitorWords.2) }

    /// The consent id in compact form, when it is a UUID.
    var consentID: CompactID? { consentUUID.map { .uuid($0.high, $0.low, isUpperCase: $0.isUpperCase) } }

    /// The keys of `parsed` (a parse of `line`); `nil` when the visitor id has escapes, is
    /// longer than `VisitorKey.packedCapacity` or is not a valid id: the index then works
    /// the keys out (and reports a bad id) itself.
    init?(_ parsed: ParsedLine, line: UnsafeBufferPointer<UInt8>) {
        let visitorRange = parsed.visitorID
        guard !visitorRange.hasEscapes,
              case .packed(let a, let b, let c)? = VisitorKey(utf8: UnsafeBufferPointer(rebasing: line[visitorRange.start..<visitorRange.end]))
        else { return nil }
        visitorWords = (a, b, c)
        tag = VisitorTable.tag(of: .packed(a, b, c))
        let idRange = parsed.consentID
        if !idRange.hasEscapes,
           case .uuid(let high, let low, let upper)? = CompactID.parseUUID(UnsafeBufferPointer(rebasing: line[idRange.start..<idRange.end])) {
            consentUUID = (high, low, upper)
        } else {
            consentUUID = nil
        }
    }
}

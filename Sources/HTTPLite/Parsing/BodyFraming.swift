/// How a request's body is delimited (RFC 9112 §6.3). Ambiguous framing is refused, never repaired.
enum BodyFraming: Equatable, Sendable {
    case none
    case length(Int)
    case chunked

    /// Decides the framing of `head`'s body.
    /// - Throws: `.ambiguousFraming` for Content-Length with Transfer-Encoding (§6.1);
    ///   `.invalidTransferEncoding` when chunked is not the final coding exactly once or the
    ///   request is HTTP/1.0 (→ 400); `.unsupportedTransferCoding` for any other coding (→ 501);
    ///   `.bodyTooLarge` when Content-Length exceeds `limits.maxBodyBytes` (→ 413).
    init(_ head: RequestHead, limits: HTTPLimits) throws(HTTPParseError) {
        if !head.transferEncodings.isEmpty {
            if head.contentLength != nil { throw .ambiguousFraming }
            if head.version == .http1_0 { throw .invalidTransferEncoding }
            var codings: [Substring] = []
            for value in head.transferEncodings {
                for element in value.split(separator: ",", omittingEmptySubsequences: false) {
                    let coding = element.trimmingSpaces
                    guard !coding.isEmpty else { throw .invalidTransferEncoding }
                    codings.append(coding)
                }
            }
            let chunkedCount = codings.filter { HTTPHeaders.namesEqual($0, "chunked") }.count
            guard let last = codings.last, HTTPHeaders.namesEqual(last, "chunked"), chunkedCount == 1 else {
                throw .invalidTransferEncoding
            }
            guard codings.count == 1 else { throw .unsupportedTransferCoding }
            self = .chunked
            return
        }
        if let length = head.contentLength {
            guard length <= limits.maxBodyBytes else { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
            self = length == 0 ? .none : .length(length)
            return
        }
        self = .none
    }
}

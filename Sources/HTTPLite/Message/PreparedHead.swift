/// A response head serialised once, for a response that is sent many times unchanged (the
/// catalogue, static assets, their 304s): the status line, the handler's headers and
/// `Content-Length`. Per request the server adds only the cached `Date` line and the blank line,
/// and writes the three pieces and the body with one `sendmsg`, copying nothing.
///
/// Made by `HTTPResponse.prepared()`; any later change to the response's status, headers or
/// body drops it, so a prepared head always describes the response it belongs to. Used for
/// keep-alive HTTP/1.1 answers; HTTP/1.0 and closing answers are written the ordinary way.
final class PreparedHead: Sendable {
    /// Everything before the `Date` line.
    let bytes: [UInt8]

    init(status: HTTPStatus, headers: HTTPHeaders, bodyCount: Int) {
        var bytes: [UInt8] = []
        ResponseHeadWriter.writeStart(
            status: status, headers: headers, framing: status.allowsContent ? .length(bodyCount) : .noContent, into: &bytes)
        self.bytes = bytes
    }
}

extension HTTPResponse {
    /// This response with its head serialised once (see `PreparedHead`). Streamed responses are
    /// returned unchanged.
    public func prepared() -> HTTPResponse {
        guard case .bytes(let body) = body else { return self }
        var copy = self
        copy.joinBody()
        copy.prepare(bodyCount: body.count)
        return copy
    }
}

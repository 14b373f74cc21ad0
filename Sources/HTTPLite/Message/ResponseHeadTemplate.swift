/// A response head serialised once except for the value of one header and `Content-Length`: for
/// answers whose status and headers are fixed but for one value per response (a `Location`) and the
/// body (the consent 201 and 200). Per response the server copies the bytes before the variable
/// header, writes that one line (sanitised), copies the bytes after it and writes the length, the
/// `Date` and `Connection` lines as for any response — no per-field work, and the same bytes as the
/// response built with the same headers the ordinary way.
///
/// A response made by `response(value:bytes:)` still carries its complete `headers`; any change to its
/// status, headers or body afterwards makes it an ordinary response again (see `HTTPResponse.isPrepared`).
public final class ResponseHeadTemplate: Sendable {
    public let status: HTTPStatus
    /// The headers, with the variable header's value as given to `init`.
    public let headers: HTTPHeaders
    /// Index in `headers.fields` of the variable header; `nil` when there is none (or it is one the
    /// server sets itself and drops).
    let variableIndex: Int?
    /// The status line and the sanitised header lines before the variable one.
    let prefix: [UInt8]
    /// `Name: ` of the variable header, sanitised.
    let variableName: [UInt8]
    /// The sanitised header lines after the variable one.
    let suffix: [UInt8]

    /// - Parameters:
    ///   - headers: Every header of the response, in order, including the variable one (any value).
    ///   - variableHeader: The name of the header whose value each response gives (its first field);
    ///     `nil` for a head that differs only in `Content-Length`.
    public init(status: HTTPStatus, headers: HTTPHeaders, variableHeader: String? = nil) {
        self.status = status
        self.headers = headers
        let index = variableHeader.flatMap { name in
            headers.fields.firstIndex { HTTPHeaders.namesEqual($0.name, name) && !ResponseHeadWriter.isServerOwned($0.name) }
        }
        variableIndex = index
        let fields = headers.fields
        let split = index ?? fields.count
        var prefix: [UInt8] = []
        ResponseHeadWriter.writeStatusLine(status, into: &prefix)
        ResponseHeadWriter.writeFields(fields[..<split], into: &prefix)
        var variableName: [UInt8] = []
        var suffix: [UInt8] = []
        if let index {
            ResponseHeadWriter.appendSanitised(fields[index].name, to: &variableName)
            variableName.append(contentsOf: ": ".utf8)
            ResponseHeadWriter.writeFields(fields[(index + 1)...], into: &suffix)
        }
        self.prefix = prefix
        self.variableName = variableName
        self.suffix = suffix
    }

    /// A response with `value` as the variable header's value (ignored without one) and `bytes` followed
    /// by `tail` as its body. Its headers are this template's until read (no copy per response; see
    /// `HTTPResponse.headers`). The body parts are kept apart: the server writes the head and both with
    /// one `sendmsg`, so a shared `tail` (a prepared fragment) is never copied per response; reading the
    /// response's `body` gives them joined.
    public func response(value: String = "", bytes: [UInt8], tail: [UInt8] = []) -> HTTPResponse {
        HTTPResponse(template: self, value: value, bytes: bytes, tail: tail)
    }

    /// The template's headers with `value` as the variable header's value.
    func headers(value: String) -> HTTPHeaders {
        guard let variableIndex else { return headers }
        var headers = headers
        headers.replaceValue(at: variableIndex, with: value)
        return headers
    }

    /// Appends what a head has before `Date` (as `ResponseHeadWriter.writeStart` would for this
    /// template's headers with `value`): prefix, the variable line, suffix, `Content-Length`.
    /// - Parameter bodyCount: The body's length; `nil` for a status without content.
    func writeStart(value: String, bodyCount: Int?, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: prefix)
        if variableIndex != nil {
            buffer.append(contentsOf: variableName)
            ResponseHeadWriter.appendSanitised(value, to: &buffer)
            buffer.append(contentsOf: [HeaderSyntax.cr, HeaderSyntax.lf])
            buffer.append(contentsOf: suffix)
        }
        ResponseHeadWriter.writeFraming(bodyCount.map { .length($0) } ?? .noContent, into: &buffer)
    }
}

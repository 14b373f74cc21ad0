import Testing
@testable import HTTPLite

private let dateLine = Array("Date: D\r\n".utf8)

/// The head `ResponseHeadWriter` writes for `response` the ordinary way.
private func ordinaryHead(_ response: HTTPResponse, bodyCount: Int, version: HTTPVersion = .http1_1, keepAlive: Bool = true) -> [UInt8] {
    var buffer: [UInt8] = []
    ResponseHeadWriter.write(status: response.status, headers: response.headers,
                             framing: response.status.allowsContent ? .length(bodyCount) : .noContent,
                             version: version, keepAlive: keepAlive, dateLine: dateLine, into: &buffer)
    return buffer
}

/// The head written from `response`'s template, as the event loop does.
private func templatedHead(_ response: HTTPResponse, bodyCount: Int, version: HTTPVersion = .http1_1, keepAlive: Bool = true) -> [UInt8]? {
    guard let (template, value) = response.templatedHead else { return nil }
    var buffer = Array("left over".utf8)
    ResponseHeadWriter.write(template: template, value: value, bodyCount: response.status.allowsContent ? bodyCount : nil,
                             version: version, keepAlive: keepAlive, dateLine: dateLine, into: &buffer)
    return buffer
}

@Suite struct ResponseHeadTemplateTests {
    static let headers: HTTPHeaders = ["Content-Type": "application/json", "Location": "", "Cache-Control": "no-store",
                                       "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag, Location"]

    /// A templated response's head is byte for byte the ordinary head of the same status, headers and
    /// body, for every connection mode and several `Location` values (empty, long, with CR/LF).
    @Test func templatedHead_equalsTheOrdinaryHead() throws {
        let template = ResponseHeadTemplate(status: .created, headers: Self.headers, variableHeader: "location")
        for value in ["/v1/visitors/abc/consent", "", String(repeating: "x", count: 300), "a\r\nSet-Cookie: evil\0"] {
            let body = Array("{\"ok\":true}".utf8)
            let response = template.response(value: value, bytes: body)
            #expect(response.headers["Location"] == value)
            #expect(response.headers.count == Self.headers.count)
            for (version, keepAlive) in [(HTTPVersion.http1_1, true), (.http1_1, false), (.http1_0, true), (.http1_0, false)] {
                let templated = try #require(templatedHead(response, bodyCount: body.count, version: version, keepAlive: keepAlive))
                #expect(templated == ordinaryHead(response, bodyCount: body.count, version: version, keepAlive: keepAlive))
            }
        }
    }

    /// Without a variable header the template still gives the ordinary head, with `Content-Length` per body.
    @Test func templateWithoutVariableHeader_equalsTheOrdinaryHead() throws {
        let template = ResponseHeadTemplate(status: .ok, headers: ["Content-Type": "application/json", "Cache-Control": "no-store"])
        for count in [0, 9, 12_345] {
            let response = template.response(bytes: [UInt8](repeating: 0x20, count: count))
            let templated = try #require(templatedHead(response, bodyCount: count))
            #expect(templated == ordinaryHead(response, bodyCount: count))
            #expect(String(decoding: templated, as: UTF8.self).contains("Content-Length: \(count)\r\n"))
        }
    }

    /// Server-owned headers in a template are dropped as in an ordinary head, even when named as the
    /// variable one; a status without content gets no `Content-Length`.
    @Test func serverOwnedHeadersAndNoContent_matchTheOrdinaryHead() throws {
        let headers: HTTPHeaders = ["Date": "x", "ETag": "\"1\"", "Content-Length": "99", "X-A": "b", "Connection": "close"]
        for variable in ["X-A", "Content-Length", "Missing"] {
            for status in [HTTPStatus.ok, .noContent, .notModified] {
                let response = ResponseHeadTemplate(status: status, headers: headers, variableHeader: variable).response(value: "v", bytes: [])
                let templated = try #require(templatedHead(response, bodyCount: 0))
                #expect(templated == ordinaryHead(response, bodyCount: 0))
            }
        }
    }

    /// A templated response counts as prepared until its status, headers or body change.
    @Test func changingATemplatedResponse_dropsTheTemplate() {
        let response = ResponseHeadTemplate(status: .created, headers: Self.headers, variableHeader: "Location")
            .response(value: "/x", bytes: [1])
        #expect(response.isPrepared)
        var withHeader = response
        withHeader.headers.add("Vary", "Origin")
        #expect(!withHeader.isPrepared)
        #expect(withHeader.templatedHead == nil)
        var withStatus = response
        withStatus.status = .ok
        #expect(!withStatus.isPrepared)
        var withBody = response
        withBody.body = .bytes([2])
        #expect(!withBody.isPrepared)
        // The headers stay the template's with the value, whatever changed.
        for changed in [withStatus, withBody] {
            #expect(changed.headers.fields.map(\.name) == Self.headers.fields.map(\.name))
            #expect(changed.headers["Location"] == "/x")
        }
        #expect(withHeader.headers["Location"] == "/x")
        #expect(withHeader.headers["Vary"] == "Origin")
        #expect(withHeader.headers.count == Self.headers.count + 1)
    }

    /// A body given as two parts reads as one, counts both, frames the head with the total length, and
    /// stays whole through changes and `prepared()`.
    @Test func bodyWithTail_readsJoinedAndFramesTheTotal() throws {
        let template = ResponseHeadTemplate(status: .created, headers: Self.headers, variableHeader: "Location")
        let head = Array("{\"a\":1,".utf8), tail = Array(String(repeating: "x", count: 1_200).utf8) + Array("}".utf8)
        let response = template.response(value: "/x", bytes: head, tail: tail)
        guard case .bytes(let joined) = response.body else { Issue.record("expected bytes"); return }
        #expect(joined == head + tail)
        #expect(response.bodyCount == head.count + tail.count)
        let templated = try #require(templatedHead(response, bodyCount: head.count + tail.count))
        #expect(templated == ordinaryHead(response, bodyCount: head.count + tail.count))
        var changed = response
        changed.status = .ok
        guard case .bytes(let afterStatus) = changed.body else { Issue.record("expected bytes"); return }
        #expect(afterStatus == head + tail)
        var replaced = response
        replaced.body = .bytes([1])
        #expect(replaced.bodyCount == 1)
        let prepared = response.prepared()
        #expect(prepared.bodyTail.isEmpty)
        guard case .bytes(let preparedBody) = prepared.storedBody else { Issue.record("expected bytes"); return }
        #expect(preparedBody == head + tail)
        #expect(template.response(value: "/x", bytes: head).bodyCount == head.count)
    }
}

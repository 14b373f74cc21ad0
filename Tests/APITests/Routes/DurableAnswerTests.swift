import Foundation
@testable import HTTPLite
import Testing
@testable import ConsentService

/// The head the event loop writes for `response`: from its template when it has one, else the ordinary way.
private func headAsSent(_ response: HTTPResponse) -> [UInt8] {
    var buffer: [UInt8] = []
    let count: Int = if case .bytes(let body) = response.body { body.count } else { 0 }
    if let (template, value) = response.templatedHead {
        ResponseHeadWriter.write(template: template, value: value, bodyCount: count, version: .http1_1,
                                 keepAlive: true, dateLine: Array("Date: D\r\n".utf8), into: &buffer)
    } else {
        ResponseHeadWriter.write(status: response.status, headers: response.headers, framing: .length(count), version: .http1_1,
                                 keepAlive: true, dateLine: Array("Date: D\r\n".utf8), into: &buffer)
    }
    return buffer
}

@Suite struct DurableAnswerTests {
    static let body = #"{"visitorId":"visitor_0001","choices":{"analytics":true}}"#

    /// With CORS `*` the 201 is made from the prepared template: its head is byte for byte the head of
    /// the same response built the ordinary way (headers in the order `HTTPResponse.json` and CORS give).
    @Test func created_isTemplatedAndMatchesTheOrdinaryHead() async throws {
        let harness = try RouteHarness()
        let response = await harness.send(.POST, "/v1/consents", body: Self.body)
        #expect(response.status == .created)
        #expect(response.isPrepared)
        #expect(response.headers.fields.map(\.name) ==
                ["Content-Type", "Location", "Cache-Control", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers"])
        #expect(response.headers["Location"] == "/v1/visitors/visitor_0001/consent")
        let ordinary = HTTPResponse(status: response.status, headers: response.headers, body: response.body)
        #expect(!ordinary.isPrepared)
        let sent = headAsSent(response)
        #expect(sent == headAsSent(ordinary))
        #expect(String(decoding: sent, as: UTF8.self).hasPrefix(
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nLocation: /v1/visitors/visitor_0001/consent\r\n"))
    }

    /// The withdrawal's 200 is templated too (no `Location`) and matches the ordinary head.
    @Test func withdrawal_isTemplatedAndMatchesTheOrdinaryHead() async throws {
        let harness = try RouteHarness()
        _ = await harness.send(.POST, "/v1/consents", body: Self.body)
        let response = await harness.send(.DELETE, "/v1/visitors/visitor_0001/consent")
        #expect(response.status == .ok)
        #expect(response.isPrepared)
        #expect(response.headers.fields.map(\.name) ==
                ["Content-Type", "Cache-Control", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers"])
        #expect(headAsSent(response) == headAsSent(HTTPResponse(status: response.status, headers: response.headers, body: response.body)))
    }

    /// With an allow-list the CORS headers depend on `Origin`: they are added per request, and the 201
    /// becomes an ordinary response with `Vary: Origin` and the echoed origin.
    @Test func allowListCORS_addsHeadersPerRequest() async throws {
        let handler = ServiceFixtures.handler(ServiceFixtures.configuration(corsOrigins: ["https://shop.example"]))
        let response = await handler.respond(ServiceFixtures.request(
            .POST, "/v1/consents", headers: ["Content-Type": "application/json", "Origin": "https://shop.example"],
            body: #"{"choices":{}}"#))
        #expect(response.status == .created)
        #expect(!response.isPrepared)
        #expect(response.headers["Vary"] == "Origin")
        #expect(response.headers["Access-Control-Allow-Origin"] == "https://shop.example")
        #expect(response.headers["Location"] != nil)
    }
}

import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing
@testable import HTTPLite

/// A one-shot latch a test opens to let a deferred handler answer.
final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }
}

/// The test application: a `Router` with immediate, deferred, callback and streamed routes.
private func makeRouter(gate: Gate = Gate()) -> Router {
    var router = Router()
    router.add(.GET, "/hello") { _ in .immediate(HTTPResponse(bytes: Array("hello".utf8))) }
    router.add(.GET, "/item/{n}") { request in .immediate(HTTPResponse(bytes: Array((request.pathParameters["n"] ?? "").utf8))) }
    router.add(.POST, "/echo") { request in .immediate(HTTPResponse(bytes: request.body)) }
    router.add(.GET, "/gated") { _ in
        .deferred {
            await gate.wait()
            return HTTPResponse(bytes: Array("released".utf8))
        }
    }
    router.add(.GET, "/callback") { _ in
        .callback { respond in DispatchQueue.global().async { respond(HTTPResponse(bytes: Array("called back".utf8))) } }
    }
    router.add(.GET, "/on-loop") { _ in
        .callbackOnLoop { complete in
            DispatchQueue.global().async {
                let completer = UInt(pthread_self())
                complete { HTTPResponse(bytes: Array((UInt(pthread_self()) == completer ? "completer" : "loop").utf8)) }
            }
        }
    }
    router.add(.GET, "/twice") { _ in
        .callback { respond in
            respond(HTTPResponse(bytes: Array("first".utf8)))
            respond(HTTPResponse(bytes: Array("second".utf8)))
        }
    }
    router.add(.GET, "/stream") { _ in
        .immediate(HTTPResponse(body: .stream { writer in
            for i in 0..<3 { try await writer.write(Array("part\(i);".utf8)) }
            try await writer.write([UInt8](repeating: 0x61, count: 200_000))
        }))
    }
    return router
}

/// Runs `body` against a live server on an ephemeral port with two event loops, then shuts it down.
/// - Parameter router: the application; the test router of `makeRouter(gate:)` when `nil`.
func withServer(
    limits: HTTPLimits = HTTPLimits(), gate: Gate = Gate(), grace: Duration = .seconds(5),
    idleSpin: Duration = ServerConfiguration().idleSpin, router: Router? = nil, _ body: (HTTPServer) throws -> Void
) throws {
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.eventLoops = 2
    configuration.idleSpin = idleSpin
    configuration.limits = limits
    configuration.shutdownGracePeriod = grace
    let server = HTTPServer(configuration: configuration, handler: router ?? makeRouter(gate: gate), logger: Logger(label: "test", sink: Logger.discard))
    try server.start()
    defer {
        server.shutdown()
        server.waitUntilStopped()
    }
    try body(server)
}

@Suite(.serialized) struct LiveServerTests {
    /// 100 requests on one keep-alive connection are all answered — with the loops polling before they
    /// sleep (the default), without, and with a long polling window.
    @Test(arguments: [ServerConfiguration().idleSpin, .zero, .milliseconds(1)])
    func servesHundredRequestsOnOneConnection(idleSpin: Duration) throws {
        try withServer(idleSpin: idleSpin) { server in
            let client = try RawClient(port: server.port)
            for i in 0..<100 {
                try client.send("GET /item/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.body == Array("\(i)".utf8))
            }
        }
    }

    /// Ten pipelined requests in one write are answered in order.
    @Test func answersPipelinedRequestsInOrder() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send((0..<10).map { "GET /item/\($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
            for i in 0..<10 {
                #expect(try client.readResponse().body == Array("\(i)".utf8))
            }
        }
    }

    /// A deferred response holds back the pipelined request after it, keeping order.
    @Test func keepsOrderBehindDeferredResponse() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /callback HTTP/1.1\r\nHost: t\r\n\r\nGET /item/2 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().body == Array("called back".utf8))
            #expect(try client.readResponse().body == Array("2".utf8))
        }
    }

    /// A request sent while a deferred response is still being produced waits for it: it is read
    /// (reading stays registered while awaiting) but answered only after, in order.
    @Test func requestArrivingDuringDeferredResponseIsAnsweredAfterIt() throws {
        let gate = Gate()
        try withServer(gate: gate) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /gated HTTP/1.1\r\nHost: t\r\n\r\n")
            Thread.sleep(forTimeInterval: 0.05)
            try client.send("GET /item/7 HTTP/1.1\r\nHost: t\r\n\r\n")
            Thread.sleep(forTimeInterval: 0.05)
            gate.open()
            #expect(try client.readResponse().body == Array("released".utf8))
            #expect(try client.readResponse().body == Array("7".utf8))
            try client.send("GET /item/8 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().body == Array("8".utf8))
        }
    }

    /// A request written one byte per write is parsed and answered.
    @Test func parsesRequestArrivingOneBytePerWrite() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            for byte in Array("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc".utf8) { try client.send([byte]) }
            #expect(try client.readResponse().body == Array("abc".utf8))
        }
    }

    /// `Expect: 100-continue` gets a 100 before the body is sent, then the final response.
    @Test func sendsContinueBeforeBody() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            #expect(try client.readResponse().status == 100)
            try client.send("body")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.body == Array("body".utf8))
        }
    }

    /// A chunked request body reaches the handler decoded.
    @Test func decodesChunkedRequestBody() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
            #expect(try client.readResponse().body == Array("hello world".utf8))
        }
    }

    /// A streamed body is sent chunked, in full, with back-pressure on a large chunk.
    @Test func streamsChunkedResponse() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Transfer-Encoding") == "chunked")
            #expect(response.header("Content-Length") == nil)
            #expect(response.body.count == 200_000 + "part0;part1;part2;".utf8.count)
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().body == Array("hello".utf8))
        }
    }

    /// HEAD gets the GET's Content-Length and no body.
    @Test func answersHeadWithLengthButNoBody() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try client.readResponse(isHead: true)
            #expect(head.header("Content-Length") == "5")
            #expect(try client.readResponse().body == Array("hello".utf8))
        }
    }

    /// Every response carries Content-Length and an IMF-fixdate Date.
    @Test func addsContentLengthAndDate() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Content-Length") == "5")
            #expect(response.header("Date")?.hasSuffix(" GMT") == true)
            #expect(response.header("Server") == nil)
        }
    }

    /// Content-Length with Transfer-Encoding is answered once with a 400 problem and the connection closes.
    @Test func refusesSmugglingAndCloses() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(response.header("Connection") == "close")
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(String(decoding: response.body, as: UTF8.self).contains("Content-Length and Transfer-Encoding both present"))
            #expect(try client.readsEOF())
        }
    }

    /// A body over the limit is 413 and the connection closes.
    @Test func refusesOversizedBodyWith413() throws {
        var limits = HTTPLimits(); limits.maxBodyBytes = 10
        try withServer(limits: limits) { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n01234567890")
            #expect(try client.readResponse().status == 413)
            #expect(try client.readsEOF())
        }
    }

    /// A slow client (1 byte/s) does not delay another client and is cut with 408 after the head timeout.
    @Test func cutsSlowClientAfterHeadTimeoutWithoutDelayingOthers() throws {
        var limits = HTTPLimits(); limits.headReadTimeout = .seconds(1)
        try withServer(limits: limits) { server in
            let slow = try RawClient(port: server.port)
            try slow.send("G")
            let fast = try RawClient(port: server.port)
            try fast.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try fast.readResponse().status == 200)
            let start = ContinuousClock.now
            var sent = 1
            for byte in Array("ET /hello HTTP/1.1\r\n".utf8) where ContinuousClock.now - start < .milliseconds(2_500) {
                Thread.sleep(forTimeInterval: 1)
                guard (try? slow.send([byte])) != nil else { break }
                sent += 1
            }
            let response = try slow.readResponse()
            #expect(response.status == 408)
            #expect(response.header("Connection") == "close")
            #expect(sent < 5)
        }
    }

    /// A body that stops arriving is answered 408 after the body timeout, then closed.
    @Test func answers408WhenBodyStalls() throws {
        var limits = HTTPLimits(); limits.bodyReadTimeout = .milliseconds(300)
        try withServer(limits: limits) { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nab")
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(try client.readsEOF())
        }
    }

    /// An idle keep-alive connection is closed after the idle timeout without any reply.
    @Test func closesIdleConnectionSilently() throws {
        var limits = HTTPLimits(); limits.idleTimeout = .milliseconds(300)
        try withServer(limits: limits) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            #expect(try client.readsEOF())
        }
    }

    /// HTTP/1.0 with `Connection: keep-alive` stays open; without it the server closes.
    @Test func honoursHTTP10KeepAlive() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try client.readResponse().header("Connection") == "keep-alive")
            try client.send("GET /hello HTTP/1.0\r\n\r\n")
            #expect(try client.readResponse().header("Connection") == "close")
            #expect(try client.readsEOF())
        }
    }

    /// A streamed body to an HTTP/1.0 client is delimited by closing the connection.
    @Test func streamsCloseDelimitedToHTTP10() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /stream HTTP/1.0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Transfer-Encoding") == nil)
            #expect(response.body.count == 200_000 + "part0;part1;part2;".utf8.count)
        }
    }

    /// A `.callbackOnLoop` response is made on the connection's event loop, and keeps pipelined order.
    @Test func makesCallbackOnLoopResponseOnTheLoop() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /on-loop HTTP/1.1\r\nHost: t\r\n\r\nGET /item/3 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().body == Array("loop".utf8))
            #expect(try client.readResponse().body == Array("3".utf8))
        }
    }

    /// A `.callback` responder called twice sends only the first response.
    @Test func ignoresSecondCallbackResponse() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /twice HTTP/1.1\r\nHost: t\r\n\r\nGET /item/9 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().body == Array("first".utf8))
            #expect(try client.readResponse().body == Array("9".utf8))
        }
    }

    /// A malformed request on one connection leaves another connection's keep-alive intact.
    @Test func badRequestDoesNotAffectOtherConnections() throws {
        try withServer { server in
            let good = try RawClient(port: server.port)
            try good.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try good.readResponse().status == 200)
            let bad = try RawClient(port: server.port)
            try bad.send("GET /hello HTTP/1.1\r\nHost: t\r\nX-A: a\u{0}b\r\n\r\n")
            #expect(try bad.readResponse().status == 400)
            try good.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try good.readResponse().status == 200)
        }
    }

    /// With 500 idle connections open, a new client is still served.
    @Test func servesNewClientWhileFiveHundredConnectionsIdle() throws {
        try withServer { server in
            let idle = try (0..<500).map { _ in try RawClient(port: server.port) }
            let start = ContinuousClock.now
            while server.openConnections < 500, ContinuousClock.now - start < .seconds(10) { Thread.sleep(forTimeInterval: 0.01) }
            #expect(server.openConnections == 500)
            let client = try RawClient(port: server.port)
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            #expect(server.openConnections >= 501)
            #expect(idle.count == 500)
        }
    }

    /// Connections past maxConnections are closed without a reply.
    @Test func closesConnectionsPastTheLimit() throws {
        var limits = HTTPLimits(); limits.maxConnections = 1
        try withServer(limits: limits) { server in
            let first = try RawClient(port: server.port)
            try first.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try first.readResponse().status == 200)
            let second = try RawClient(port: server.port)
            #expect(try second.readsEOF())
        }
    }

    /// Graceful shutdown lets an in-flight deferred request finish, then the server stops.
    @Test func shutdownDrainsInFlightDeferredRequest() throws {
        let gate = Gate()
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.eventLoops = 1
        let server = HTTPServer(configuration: configuration, handler: makeRouter(gate: gate), logger: Logger(label: "test", sink: Logger.discard))
        try server.start()
        let busy = try RawClient(port: server.port)
        let idle = try RawClient(port: server.port)
        try idle.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        try busy.send("GET /gated HTTP/1.1\r\nHost: t\r\n\r\n")
        while server.openConnections < 2 { Thread.sleep(forTimeInterval: 0.01) }
        server.shutdown()
        #expect(try idle.readsEOF())
        gate.open()
        let response = try busy.readResponse()
        #expect(response.body == Array("released".utf8))
        #expect(response.header("Connection") == "close")
        server.waitUntilStopped()
        #expect(server.openConnections == 0)
        #expect((try? RawClient(port: server.port)) == nil)
    }

    /// Starting on a port already in use throws an error naming bind and EADDRINUSE.
    @Test func startThrowsNamedErrorWhenPortInUse() throws {
        try withServer { server in
            var configuration = ServerConfiguration()
            configuration.port = server.port
            let second = HTTPServer(configuration: configuration, handler: makeRouter(), logger: Logger(label: "test", sink: Logger.discard))
            #expect(throws: SocketError.systemCall("bind", errno: EADDRINUSE)) { try second.start() }
        }
    }
}

import Dispatch
import Glibc
import Synchronization
import Testing
@testable import HTTPLite

/// Counts the requests a test server has answered.
private final class AnswerCounter: Sendable {
    let value = Atomic<Int>(0)
}

/// Starts a one-loop server whose `GET /blob` answers `bodyBytes` bytes and counts its answers.
private func withCountingServer(
    maxPipelinedRequests: Int, bodyBytes: Int, _ body: (HTTPServer, AnswerCounter) throws -> Void
) throws {
    let counter = AnswerCounter()
    var router = Router()
    let blob = [UInt8](repeating: 0x62, count: bodyBytes)
    router.add(.GET, "/blob") { _ in
        counter.value.add(1, ordering: .relaxed)
        return .immediate(HTTPResponse(bytes: blob))
    }
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.eventLoops = 1
    configuration.limits.maxPipelinedRequests = maxPipelinedRequests
    let server = HTTPServer(configuration: configuration, handler: router, logger: Logger(label: "test", sink: Logger.discard))
    try server.start()
    defer {
        server.shutdown()
        server.waitUntilStopped()
    }
    try body(server, counter)
}

/// Waits (polling, bounded) until `counter` has not moved for 200 ms; returns its value.
private func settledCount(_ counter: AnswerCounter) -> Int {
    var last = -1
    for _ in 0..<50 {
        let now = counter.value.load(ordering: .relaxed)
        if now == last { return now }
        last = now
        usleep(200_000)
    }
    return last
}

/// The port of `fd`'s local (`peer` false) or remote address, or `nil` when it is not an IPv4 socket.
private func port(of fd: Int32, peer: Bool) -> UInt16? {
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let result = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { peer ? getpeername(fd, $0, &length) : getsockname(fd, $0, &length) }
    }
    guard result == 0, address.sin_family == sa_family_t(AF_INET) else { return nil }
    return UInt16(bigEndian: address.sin_port)
}

/// Bytes sitting in the kernel between the server and `client`: the server socket's unacknowledged
/// send queue (`SIOCOUTQ`) plus the client's receive queue (`FIONREAD`). The server runs in this
/// process, so its end of the connection is found among our descriptors by its addresses.
private func kernelQueuedBytes(client: RawClient, serverPort: Int) -> Int? {
    guard let clientPort = port(of: client.fd, peer: false) else { return nil }
    var serverFD: Int32?
    for fd in Int32(3)..<4_096 where fd != client.fd {
        if port(of: fd, peer: true) == clientPort, port(of: fd, peer: false) == UInt16(serverPort) {
            serverFD = fd
            break
        }
    }
    guard let serverFD else { return nil }
    var unsent: Int32 = 0
    var unread: Int32 = 0
    guard ioctl(serverFD, 0x5411 /* SIOCOUTQ */, &unsent) == 0, ioctl(client.fd, 0x541B /* FIONREAD */, &unread) == 0 else { return nil }
    return Int(unsent) + Int(unread)
}

@Suite(.serialized) struct PipeliningLimitTests {
    static let requests = 8_000
    static let bodyBytes = 1_024

    /// Pipelines `requests` requests for small responses while reading nothing, so the kernel's
    /// buffers fill and further responses queue in the server.
    /// - Returns: responses queued in the server once it stopped answering (answered requests minus
    ///   whole responses held by the kernel), and how many requests were answered in the end.
    private func queuedWhileNotReading(limit: Int) throws -> (queued: Int, answeredInOrder: Int) {
        var result = (queued: -1, answeredInOrder: 0)
        try withCountingServer(maxPipelinedRequests: limit, bodyBytes: Self.bodyBytes) { server, counter in
            let client = try RawClient(port: server.port, receiveBufferBytes: 4_096)
            let request = Array("GET /blob HTTP/1.1\r\nHost: t\r\n\r\n".utf8)
            let requests = Array([[UInt8]](repeating: request, count: Self.requests).joined())
            let sent = DispatchSemaphore(value: 0)
            let fd = client.fd
            DispatchQueue.global().async {
                // The server stops reading while back-pressured, so this may block until the reads below.
                var offset = 0
                while offset < requests.count {
                    let n = requests[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    if n <= 0 { break }
                    offset += n
                }
                sent.signal()
            }
            // The kernel may still open the window a little later (receive-queue collapsing), letting
            // the server write and answer more: take the count and queue sizes when both are still.
            var answered = settledCount(counter)
            var kernelBytes = kernelQueuedBytes(client: client, serverPort: server.port)
            for _ in 0..<20 {
                usleep(100_000)
                let (againAnswered, againBytes) = (counter.value.load(ordering: .relaxed), kernelQueuedBytes(client: client, serverPort: server.port))
                if againAnswered == answered && againBytes == kernelBytes { break }
                (answered, kernelBytes) = (againAnswered, againBytes)
            }
            let first = try client.readResponse()
            // Every response is the same size: its head (fixed-width Date) plus the body.
            let head = "HTTP/1.1 200 OK\r\n" + first.headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n"
            let responseBytes = head.utf8.count + first.body.count
            if let kernelBytes { result.queued = answered - kernelBytes / responseBytes }
            var inOrder = first.body.count == Self.bodyBytes ? 1 : 0
            for _ in 1..<Self.requests where try client.readResponse().body.count == Self.bodyBytes { inOrder += 1 }
            sent.wait()
            result.answeredInOrder = inOrder
        }
        return result
    }

    /// A client that pipelines thousands of requests without reading has at most
    /// `maxPipelinedRequests` responses queued in the server, which stops reading from it, and
    /// every request is still answered in order once the client reads.
    @Test(arguments: [1, 4, 32])
    func stopsReadingAtMaxPipelinedRequests_andResumesWhenAnswered(limit: Int) throws {
        let outcome = try queuedWhileNotReading(limit: limit)
        #expect(outcome.queued == limit)
        #expect(outcome.answeredInOrder == Self.requests)
    }
}

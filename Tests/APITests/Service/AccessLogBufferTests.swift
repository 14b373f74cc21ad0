import Dispatch
import Glibc
import HTTPLite
import Synchronization
import Testing
@testable import ConsentService

/// The production access-log path: lines encoded into `BufferedLineSink`'s per-thread batches.
@Suite struct AccessLogBufferTests {
    final class Batches: Sendable {
        let all = Mutex<[String]>([])
        var lines: [String] { all.withLock { $0.flatMap { $0.split(separator: "\n").map(String.init) } } }
    }

    /// A buffered line is the same JSON line as the unbuffered one, apart from the clock reading.
    @Test func bufferedLine_matchesUnbufferedFormat() throws {
        let batches = Batches()
        let sink = BufferedLineSink(target: { batch in batches.all.withLock { $0.append(batch) } }, interval: .seconds(3_600))
        defer { sink.stop() }
        let log = AccessLogMiddleware(buffer: sink)
        log.record(method: .GET, route: "/v1/catalogue", status: 200, nanoseconds: 1_234_000, bytes: 14_488)
        log.record(method: .POST, route: "/v1/consents", status: 201, nanoseconds: 5_000, bytes: nil)
        sink.flush()
        let lines = batches.lines
        try #require(lines.count == 2)
        let json = try JSONParser().parse(Array(lines[0].utf8))
        #expect(json["http.route"] == .string("/v1/catalogue"))
        #expect(json["http.status"] == .number("200"))
        #expect(json["bytes"] == .number("14488"))
        let reference = AccessLogMiddleware.line(method: .GET, route: "/v1/catalogue", status: 200,
                                                 nanoseconds: 1_234_000, bytes: 14_488, now: (0, 0))
        #expect(lines[0].dropFirst(34) == reference.dropFirst(34))  // past {"time":"…Z"
        #expect(lines[1].hasSuffix(#""http.method":"POST","http.route":"/v1/consents","http.status":201,"duration.ms":0.005,"bytes":null}"#))
    }

    /// Consecutive lines that change only the status, or only the route, each carry their own values
    /// (the per-thread memo of the fixed part is refreshed when its inputs change).
    @Test func memoisedParts_followChangingStatusAndRoute() throws {
        let batches = Batches()
        let sink = BufferedLineSink(target: { batch in batches.all.withLock { $0.append(batch) } }, interval: .seconds(3_600))
        defer { sink.stop() }
        let log = AccessLogMiddleware(buffer: sink)
        let calls: [(HTTPMethod, String, Int)] = [(.GET, "/a", 200), (.GET, "/a", 304), (.GET, "/b", 304), (.HEAD, "/b", 304), (.GET, "/a", 200)]
        for (method, route, status) in calls {
            log.record(method: method, route: route, status: status, nanoseconds: 2_000_000, bytes: 1)
        }
        sink.flush()
        let lines = batches.lines
        try #require(lines.count == calls.count)
        for (line, call) in zip(lines, calls) {
            let json = try JSONParser().parse(Array(line.utf8))
            #expect(json["http.method"] == .string(call.0.rawValue))
            #expect(json["http.route"] == .string(call.1))
            #expect(json["http.status"] == .number(String(call.2)))
            #expect(json["duration.ms"] == .number("2.000"))
        }
    }

    /// Quotes, backslashes and control bytes in a route or method are escaped, so the line stays one JSON object.
    @Test func escapesQuotesAndControlBytes() throws {
        let line = AccessLogMiddleware.line(method: HTTPMethod(rawValue: "GE\"T"), route: "/a\\b\n\u{1}", status: 404,
                                            nanoseconds: 0, bytes: 0, now: (0, 0))
        #expect(line.contains(#""http.method":"GE\"T""#))
        #expect(line.contains(#""http.route":"/a\\b\u000a\u0001""#))
        let json = try JSONParser().parse(Array(line.utf8))
        #expect(json["http.route"] == .string("/a\\b\n\u{1}"))
    }

    /// Lines appended on several threads all arrive, each whole, in one flush.
    @Test func collectsLinesFromManyThreads() {
        let batches = Batches()
        let sink = BufferedLineSink(target: { batch in batches.all.withLock { $0.append(batch) } }, interval: .seconds(3_600))
        defer { sink.stop() }
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for line in 0..<100 { sink.write("t\(thread)-\(line)") }
        }
        sink.flush()
        let lines = batches.lines
        #expect(lines.count == 800)
        #expect(Set(lines).count == 800)
        for thread in 0..<8 {
            let own = lines.filter { $0.hasPrefix("t\(thread)-") }
            #expect(own == (0..<100).map { "t\(thread)-\($0)" })  // one thread's lines keep their order
        }
    }

    /// The file-descriptor target writes newline-terminated lines.
    @Test func fileDescriptorTarget_writesNewlineTerminatedLines() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let sink = BufferedLineSink(target: .fileDescriptor(fds[1]), interval: .seconds(3_600))
        sink.write("one")
        sink.write("two")
        sink.stop()
        close(fds[1])
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
        #expect(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self) == "one\ntwo\n")
    }
}

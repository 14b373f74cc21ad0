import ConsentDomain
import Foundation
import HTTPLite
import Synchronization
@testable import ConsentService

/// Builders for auditor-API tests: a log in a fresh directory that is also the service's data directory
/// (so `/v1/audit/verify` checks the same files), a settable clock, and a body collector for streams.
final class AuditTestBed: Sendable {
    /// A clock the test moves by hand.
    final class ManualClock: WallClock {
        private let current = Mutex(Date(timeIntervalSince1970: 1_795_000_000))   // 2026-11-18T…Z
        func now() -> Date { current.withLock { $0 } }
        func set(_ date: Date) { current.withLock { $0 = date } }
        func advance(seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    /// Collects a streamed body and counts the writes.
    final class CollectingWriter: BodyStreamWriter {
        private let storage = Mutex<(bytes: [UInt8], writes: [Int])>(([], []))
        func write(_ bytes: [UInt8]) async throws { storage.withLock { $0.bytes += bytes; $0.writes.append(bytes.count) } }
        var bytes: [UInt8] { storage.withLock { $0.bytes } }
        var writeSizes: [Int] { storage.withLock { $0.writes } }
    }

    let directory: String
    let clock = ManualClock()
    let log: ConsentLog
    let handler: AppHandler
    private let counter = Mutex(0)

    init(segmentSize: Int = 64 * 1_024 * 1_024, tokens: [String] = [ServiceFixtures.auditorToken],
         configure: (inout ServiceConfiguration) -> Void = { _ in }) {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("consent-audit-tests-\(UUID().uuidString)").path
        do {
            log = try ConsentLog.open(directory: directory, options: LogOptions(segmentSize: segmentSize, fsync: .never), clock: clock).0
        } catch {
            fatalError("cannot open a test log in \(directory): \(error)")
        }
        var configuration = ServiceFixtures.configuration(tokens: tokens)
        configuration.dataDirectory = directory
        configure(&configuration)
        let context = ServiceContext(configuration: configuration, catalogue: Catalogue(categories: [], cookies: []), log: log,
                                     clock: clock, metrics: MetricsRegistry(version: "test"),
                                     logger: Logger(label: "test", sink: Logger.discard))
        handler = AppHandler(table: RouteTable(context: context), metrics: MetricsRegistry(version: "test"),
                             accessLog: AccessLogMiddleware(sink: nil))
    }

    deinit {
        log.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Appends one record stamped with the current clock.
    @discardableResult
    func append(visitor: String = "visitor-0001", choices: ConsentChoices = ConsentChoices(analytics: true),
                action: ConsentAction = .grant, gpcApplied: Bool = false, source: String? = "banner",
                locale: String? = "en-GB", consentID: String? = nil) async throws -> ConsentRecord {
        let n = counter.withLock { $0 += 1; return $0 }
        guard let visitorID = VisitorID(rawValue: visitor) else { throw TestBedError.badVisitor }
        let versions: [CookieCategory: String] = [.essential: "0a1b2c3d4e5f6071", .functionality: "1b2c3d4e5f607182",
                                                  .analytics: "2c3d4e5f60718293", .targeting: "3d4e5f60718293a4"]
        let draft = ConsentDraft(consentID: consentID ?? "c_\(n)", visitorID: visitorID, action: action, choices: choices,
                                 catalogueVersion: "3f9a1c2e4b5d6e7f", categoryVersions: versions,
                                 gpcHeader: gpcApplied ? "1" : nil, gpcApplied: gpcApplied,
                                 source: source, locale: locale, noticeVersion: nil)
        return try await log.append(draft)
    }

    enum TestBedError: Error { case badVisitor, notJSON }

    /// A GET with the auditor token (unless `authorization` says otherwise).
    func get(_ target: String, authorization: String? = "Bearer \(ServiceFixtures.auditorToken)",
             headers extra: HTTPHeaders = [:]) async -> HTTPResponse {
        var headers = extra
        if let authorization { headers.add("Authorization", authorization) }
        return await handler.respond(ServiceFixtures.request(.GET, target, headers: headers))
    }

    /// The whole body, draining a stream.
    static func body(_ response: HTTPResponse) async throws -> [UInt8] {
        switch response.body {
        case .bytes(let bytes): return bytes
        case .stream(let produce):
            let writer = CollectingWriter()
            try await produce(writer)
            return writer.bytes
        }
    }

    static func text(_ response: HTTPResponse) async throws -> String {
        String(decoding: try await body(response), as: UTF8.self)
    }

    /// The body parsed as a JSON object.
    static func object(_ response: HTTPResponse) async throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(try await body(response))) as? [String: Any] else {
            throw TestBedError.notJSON
        }
        return object
    }
}

import Foundation
import Synchronization
@testable import ConsentDomain

/// A wall clock the test moves by hand.
final class LogTestClock: WallClock {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000.123)) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func advance(days: Double) { current.withLock { $0 = $0.addingTimeInterval(days * 86_400) } }
}

/// A fresh directory under the system temp dir, removed by `remove()`.
struct LogTestDirectory {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "consent-log-tests-" + UUID().uuidString
    }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
    func segments() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasPrefix("segment-") }.sorted()
    }
    func bytes(of name: String) -> [UInt8] {
        Array((try? Data(contentsOf: URL(fileURLWithPath: path + "/" + name))) ?? Data())
    }
    func write(_ bytes: [UInt8], to name: String) {
        _ = FileManager.default.createFile(atPath: path + "/" + name, contents: Data(bytes))
    }
    /// Line start offsets of a segment.
    func lineOffsets(of name: String) -> [Int] {
        var offsets = [0]
        let data = bytes(of: name)
        for (i, b) in data.enumerated() where b == 0x0A && i + 1 < data.count { offsets.append(i + 1) }
        return offsets
    }
}

extension ConsentDraft {
    /// A valid draft; `n` varies the visitor and consent id.
    static func make(visitor: String = "visitor-0001", consentID: String? = nil, n: Int = 0,
                     choices: ConsentChoices = ConsentChoices(functionality: true, analytics: false, targeting: false),
                     action: ConsentAction = .grant, gpc: String? = nil, source: String? = "banner",
                     locale: String? = "de-DE") -> ConsentDraft {
        ConsentDraft(consentID: consentID ?? String(format: "00000000-0000-4000-8000-%012d", n),
                     visitorID: VisitorID(rawValue: visitor)!, action: action, choices: choices,
                     catalogueVersion: "cat-v1",
                     categoryVersions: [.essential: "e1", .functionality: "f1", .analytics: "a1", .targeting: "t1"],
                     gpcHeader: gpc, gpcApplied: gpc == "1", source: source, locale: locale, noticeVersion: "n-3")
    }
}

/// Opens a log in `dir` with a small segment size by default, failing the test on error.
func openTestLog(_ dir: LogTestDirectory, clock: LogTestClock = LogTestClock(), segmentSize: Int = 64 * 1024 * 1024,
                 faults: LogFaultInjector? = nil, pipelinesSyncs: Bool = false) throws(LogError) -> (ConsentLog, ReplayReport) {
    var options = LogOptions(segmentSize: segmentSize, fsync: .always)
    options.faults = faults
    options.pipelinesSyncs = pipelinesSyncs
    return try ConsentLog.open(directory: dir.path, options: options, clock: clock)
}

/// Appends `count` drafts one after another (visitor `visitor-%04d` of `n % visitors`).
@discardableResult
func appendMany(_ log: ConsentLog, count: Int, visitors: Int = 10, startingAt start: Int = 0) async throws -> [ConsentRecord] {
    var out: [ConsentRecord] = []
    for n in start..<(start + count) {
        out.append(try await log.append(.make(visitor: String(format: "visitor-%04d", n % visitors), n: n)))
    }
    return out
}

/// Opens a log in `dir`, appends `count` drafts (see `appendMany`), closes it, and returns the name of
/// its newest segment.
func writeClosedLog(_ dir: LogTestDirectory, count: Int) async throws -> String {
    let (log, _) = try openTestLog(dir)
    try await appendMany(log, count: count)
    log.close()
    guard let name = dir.segments().last else { throw LogError.io(operation: "list", path: dir.path, errno: ENOENT) }
    return name
}

import Foundation
import Testing
@testable import ConsentDomain

/// Zeros written ahead of the records (`LogWriter.extend`): a write past them writes the next
/// `extensionBytes` of the active segment as zeros, later batches overwrite them in place, readers stop
/// at the last non-zero byte, and rotation, close and a restart after a crash leave only records.
@Suite struct LogZerosAheadTests {
    private static func options(segmentSize: Int = 1 << 20, extensionBytes: Int, faults: LogFaultInjector? = nil) -> LogOptions {
        var options = LogOptions(segmentSize: segmentSize, fsync: .always)
        options.extensionBytes = extensionBytes
        options.faults = faults
        return options
    }

    private static func fileSize(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    }

    /// Bytes up to and including the last newline: the record lines of a segment.
    private static func recordBytes(_ bytes: [UInt8]) -> Int {
        (bytes.lastIndex(of: 0x0A) ?? -1) + 1
    }

    /// A copy of the log directory as it is now, as a crash (SIGKILL) would leave it.
    private static func snapshot(_ dir: LogTestDirectory) throws -> LogTestDirectory {
        let copy = LogTestDirectory()
        try FileManager.default.copyItem(atPath: dir.path, toPath: copy.path)
        return copy
    }

    /// The first write extends the file by the extension size; batches within it keep the file's size;
    /// the first write past it extends it again; the file is always records, then zeros.
    @Test func writesPastTheZeros_extendTheFile_andWritesWithinThemKeepItsSize() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try ConsentLog.open(directory: dir.path, options: Self.options(extensionBytes: 8_192), clock: LogTestClock())
        defer { log.close() }
        try await appendMany(log, count: 1)
        let name = try #require(dir.segments().last)
        let path = dir.path + "/" + name
        let first = Self.recordBytes(dir.bytes(of: name))
        #expect(try Self.fileSize(path) == first + 8_192)
        try await appendMany(log, count: 3, startingAt: 1)
        let four = Self.recordBytes(dir.bytes(of: name))
        #expect(four > first)
        #expect(try Self.fileSize(path) == first + 8_192)
        var n = 4
        while Self.recordBytes(dir.bytes(of: name)) <= first + 8_192 {
            try await appendMany(log, count: 1, startingAt: n)
            n += 1
        }
        let bytes = dir.bytes(of: name)
        let records = Self.recordBytes(bytes)
        #expect(bytes.count == records + 8_192)
        #expect(!bytes[..<records].contains(0))
        #expect(bytes[records...].allSatisfy { $0 == 0 })
        #expect(bytes[..<records].split(separator: 0x0A).count == n)
    }

    /// The zeros never reach past the segment size limit.
    @Test func zerosAhead_stopAtTheSegmentSizeLimit() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let limit = 16 * 1_024
        let (log, _) = try ConsentLog.open(directory: dir.path, options: Self.options(segmentSize: limit, extensionBytes: 1 << 20),
                                           clock: LogTestClock())
        defer { log.close() }
        try await appendMany(log, count: 2)
        let name = try #require(dir.segments().last)
        #expect(try Self.fileSize(dir.path + "/" + name) == limit)
    }

    /// A segment left by rotation is cut to its records: no zeros stay between two segments' records.
    @Test func rotation_cutsTheLeftSegmentToItsRecords() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try ConsentLog.open(directory: dir.path, options: Self.options(segmentSize: 8 * 1_024, extensionBytes: 4_096),
                                           clock: LogTestClock())
        try await appendMany(log, count: 40)
        let names = dir.segments()
        try #require(names.count >= 3)
        for name in names.dropLast() {
            let bytes = dir.bytes(of: name)
            #expect(bytes.last == 0x0A && !bytes.contains(0), "\(name)")
        }
        log.close()
        #expect(LogVerifier.verify(directory: dir.path).records == 40)
    }

    /// After a crash the newest segment ends in zeros: the verifier and replay read the records before
    /// them (no torn tail), and the writer goes on over the zeros, so the lines stay contiguous.
    @Test func restartAfterACrash_readsTheRecordsBeforeTheZeros_andWritesOverThem() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try ConsentLog.open(directory: dir.path, options: Self.options(extensionBytes: 64 * 1_024), clock: LogTestClock())
        try await appendMany(log, count: 5)
        let crashed = try Self.snapshot(dir)
        defer { crashed.remove() }
        log.close()
        let name = try #require(crashed.segments().last)
        #expect(crashed.bytes(of: name).last == 0)

        let verified = LogVerifier.verify(directory: crashed.path)
        #expect(verified.isIntact && verified.tornTail == nil)
        #expect(verified.records == 5)

        let (reopened, report) = try ConsentLog.open(directory: crashed.path, options: Self.options(extensionBytes: 64 * 1_024),
                                                     clock: LogTestClock())
        #expect(report.records == 5 && report.tornTail == nil)
        try await appendMany(reopened, count: 3, startingAt: 5)
        reopened.close()
        let bytes = crashed.bytes(of: name)
        #expect(bytes.last == 0x0A && !bytes.contains(0))
        #expect(bytes.split(separator: 0x0A).count == 8)
        #expect(LogVerifier.verify(directory: crashed.path).records == 8)
    }

    /// A segment left with zeros after its records (a crash while the writer moved to the next one) is
    /// cut to its records at start; the records of both segments replay and verify.
    @Test func leftSegmentEndingInZeros_isCutToItsRecordsAtStart() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let (log, _) = try openTestLog(dir, segmentSize: 8 * 1_024)
        try await appendMany(log, count: 30)
        log.close()
        let names = dir.segments()
        try #require(names.count >= 2)
        let left = dir.bytes(of: names[0])
        dir.write(left + [UInt8](repeating: 0, count: 3_000), to: names[0])

        let (reopened, report) = try openTestLog(dir, segmentSize: 8 * 1_024)
        reopened.close()
        #expect(report.records == 30 && report.tornTail == nil)
        let after = dir.bytes(of: names[0])
        #expect(after.count == left.count)
        #expect(after.elementsEqual(left))
        #expect(LogVerifier.verify(directory: dir.path).records == 30)
    }

    /// A torn line before the zeros is cut off and quarantined without them.
    @Test func tornTailBeforeTheZeros_isQuarantinedWithoutThem() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let name = try await writeClosedLog(dir, count: 3)
        let intact = dir.bytes(of: name)
        let torn = Array(#"{"seq":4,"time":"2026-09-2"#.utf8)
        dir.write(intact + torn + [UInt8](repeating: 0, count: 5_000), to: name)

        let (reopened, report) = try openTestLog(dir)
        reopened.close()
        let tail = try #require(report.tornTail)
        #expect(tail.offset == intact.count && tail.byteCount == torn.count)
        #expect(dir.bytes(of: "quarantine/\(name).\(intact.count).torn") == torn)
        #expect(dir.bytes(of: name) == intact)
        #expect(report.records == 3)
    }

    /// Zeros are never data: a zero byte inside the records (not only after them) is still damage.
    @Test func zerosBetweenRecords_areDamage() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let name = try await writeClosedLog(dir, count: 3)
        var bytes = dir.bytes(of: name)
        let second = dir.lineOffsets(of: name)[1]
        bytes.insert(contentsOf: [UInt8](repeating: 0, count: 16), at: second)
        dir.write(bytes, to: name)
        #expect(!LogVerifier.verify(directory: dir.path).isIntact)
    }

    /// A failed write of zeros (here `ENOSPC`) is not a failure of the log: appends go on, the file
    /// holds just the records, and once writes succeed again the zeros come back.
    @Test func failedWriteOfZeros_isNotAFailure_andAppendsGoOn() async throws {
        let dir = LogTestDirectory()
        defer { dir.remove() }
        let faults = LogFaultInjector()
        faults.arm(.extend, errno: ENOSPC)
        let (log, _) = try ConsentLog.open(directory: dir.path, options: Self.options(extensionBytes: 8_192, faults: faults),
                                           clock: LogTestClock())
        defer { log.close() }
        try await appendMany(log, count: 3)
        let name = try #require(dir.segments().last)
        let bytes = dir.bytes(of: name)
        #expect(bytes.last == 0x0A && !bytes.contains(0))
        #expect(log.health == .writable)
        faults.disarm()
        try await appendMany(log, count: 1, startingAt: 3)
        let after = dir.bytes(of: name)
        #expect(after.count == Self.recordBytes(after) + 8_192)
        #expect(LogVerifier.verify(directory: dir.path).records == 4)
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where verification starts after a retention sweep deleted the oldest segments: the
/// first remaining sequence and the `prev` it carries, taken as given. Stored in
/// `<dir>/retention.json` as `{"firstSequence":N,"prev":"<64 hex>"}`.
public struct RetentionAnchor: Hashable, Sendable {
    public var firstSequence: UInt64
    public var prev: ChainHash

    public init(firstSequence: UInt64, prev: ChainHash) {
        self.firstSequence = firstSequence
        self.prev = prev
    }

    static let fileName = "retention.json"

    private struct Wire: Codable {
        var firstSequence: UInt64
        var prev: String
    }

    /// Reads the anchor of `directory`; `nil` when there is none.
    /// - Throws: `LogError.io`, or `LogError.corrupt` when the file is not a valid anchor.
    static func load(directory: String) throws(LogError) -> RetentionAnchor? {
        guard let bytes = try LogFile.readSmallFile(directory + "/" + fileName, limit: 4_096) else { return nil }
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(bytes)),
              let prev = ChainHash(hex: wire.prev), wire.firstSequence >= 1
        else { throw .corrupt(segment: fileName, offset: 0, reason: "retention anchor is not {firstSequence, prev}") }
        return RetentionAnchor(firstSequence: wire.firstSequence, prev: prev)
    }

    /// Replaces the anchor of `directory` atomically (write, sync, rename, sync directory).
    /// - Throws: `LogError.io`.
    func save(directory: String) throws(LogError) {
        let text = "{\"firstSequence\":\(firstSequence),\"prev\":\"\(prev.hex)\"}\n"
        try LogFile.replaceFile(directory + "/" + Self.fileName, with: Array(text.utf8), directory: directory)
    }
}

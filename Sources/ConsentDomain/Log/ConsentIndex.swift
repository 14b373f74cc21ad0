#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

/// Where a record line starts: segment ordinal (high 32 bits, never reused while the log is
/// open) and byte offset in that segment (low 32 bits; segments are at most 1 GiB).
struct RecordPosition: Hashable {
    var raw: UInt64
    init(ordinal: UInt32, offset: Int) { raw = UInt64(ordinal) << 32 | UInt64(UInt32(truncatingIfNeeded: offset)) }
    var ordinal: UInt32 { UInt32(truncatingIfNeeded: raw >> 32) }
    var offset: Int { Int(raw & 0xFFFF_FFFF) }
}

/// A catalogue version with its per-category versions: few distinct values, shared by
/// millions of records, so the index keeps each once and refers to it by number.
struct VersionSet: Hashable {
    var catalogueVersion: String
    var categoryVersions: [CookieCategory: String]
}

/// A consent id held without a heap string when it is a UUID (as the service issues them).
enum CompactID: Hashable {
    case uuid(UInt64, UInt64, isUpperCase: Bool)
    case text(String)

    init(_ text: String) {
        var copy = text
        self = copy.withUTF8 { CompactID.parseUUID($0) } ?? .text(text)
    }

    /// A canonical 8-4-4-4-12 UUID in one letter case, or `nil`.
    static func parseUUID(_ b: UnsafeBufferPointer<UInt8>) -> CompactID? {
        guard b.count == 36, let p = b.baseAddress,
              p[8] == UInt8(ascii: "-"), p[13] == UInt8(ascii: "-"), p[18] == UInt8(ascii: "-"), p[23] == UInt8(ascii: "-")
        else { return nil }
        var sawLower = false, sawUpper = false, bad = false
        @inline(__always) func nibbles(_ from: Int, _ count: Int, into v: inout UInt64) {
            for i in from..<(from + count) {
                let c = p[i]
                let digit = (c &- 0x30) < 10, lower = (c &- 0x61) < 6, upper = (c &- 0x41) < 6
                sawLower = sawLower || lower
                sawUpper = sawUpper || upper
                bad = bad || !(digit || lower || upper)
                v = v << 4 | UInt64((c & 0x0F) &+ 9 &* (c >> 6))
            }
        }
        var hi: UInt64 = 0, lo: UInt64 = 0
        nibbles(0, 8, into: &hi); nibbles(9, 4, into: &hi); nibbles(14, 4, into: &hi)
        nibbles(19, 4, into: &lo); nibbles(24, 12, into: &lo)
        guard !bad, !(sawLower && sawUpper) else { return nil }
        return .uuid(hi, lo, isUpperCase: sawUpper)
    }

    var string: String {
        switch self {
        case .text(let s): return s
        case .uuid(let hi, let lo, let upper):
            // Written straight into the string's storage: one allocation (decisions and lookups call this).
            let letters: UInt8 = upper ? UInt8(ascii: "A") : UInt8(ascii: "a")
            return String(unsafeUninitializedCapacity: 36) { out in
                var at = 0
                for n in 0..<32 {
                    if n == 8 || n == 12 || n == 16 || n == 20 { out[at] = UInt8(ascii: "-"); at += 1 }
                    let word = n < 16 ? hi : lo
                    let nibble = UInt8(truncatingIfNeeded: (word >> UInt64(60 - (n % 16) * 4)) & 0xF)
                    out[at] = nibble < 10 ? UInt8(ascii: "0") + nibble : letters + nibble - 10
                    at += 1
                }
                return at
            }
        }
    }
}

/// What the index keeps per visitor: the latest record in compact form and the positions
/// of all the visitor's records (the first inline; most visitors have one).
struct VisitorEntry {
    var sequence: UInt64
    var timeMilliseconds: Int64
    var consentID: CompactID
    var versions: UInt32
    /// Bit 0 withdraw, 1 functionality, 2 analytics, 3 targeting, 4 gpcApplied.
    var bits: UInt8
    var firstPosition: RecordPosition
    var laterPositions: [RecordPosition]

    static func bits(action: ConsentAction, choices: ConsentChoices, gpcApplied: Bool) -> UInt8 {
        (action == .withdraw ? 1 : 0) | (choices.functionality ? 2 : 0) | (choices.analytics ? 4 : 0)
            | (choices.targeting ? 8 : 0) | (gpcApplied ? 16 : 0)
    }
}

/// The in-memory index: visitor → latest state and record positions; rebuilt at replay,
/// extended by the writer after each durable batch. Visitors are keyed by `VisitorKey`
/// (three words for ids of up to 30 characters) in a `VisitorTable`, so replay creates no
/// string per record and the index holds none per visitor.
struct ConsentIndex {
    private var table = VisitorTable()
    private var entries: [VisitorEntry] = []
    /// Each slot's visitor; `nil` for a freed slot.
    private var keys: [VisitorKey?] = []
    private var freeSlots: [Int32] = []
    private(set) var versionSets: [VersionSet] = []
    private var versionNumbers: [VersionSet: UInt32] = [:]
    /// Raw `catalogueVersion…categoryVersions` bytes → version number, bucketed by hash (replay).
    private var rawVersions: [Int: [(bytes: [UInt8], number: UInt32)]] = [:]
    /// The raw version bytes and number of the previous replayed line: consecutive records
    /// almost always share them, so most lines need one `memcmp` and no hashing.
    private var lastRawVersions: (bytes: [UInt8], number: UInt32)?

    var visitorCount: Int { table.count }

    mutating func reserve(visitors: Int) {
        table.reserve(visitors)
        entries.reserveCapacity(visitors)
        keys.reserveCapacity(visitors)
    }

    /// The number of `set`, adding it when new.
    mutating func versionNumber(for set: VersionSet) -> UInt32 {
        if let n = versionNumbers[set] { return n }
        let n = UInt32(versionSets.count)
        versionSets.append(set)
        versionNumbers[set] = n
        return n
    }

    /// The version number of a parsed line, looked up by its raw bytes first (no strings).
    mutating func versionNumber(for parsed: ParsedLine, line: UnsafeBufferPointer<UInt8>) throws(LineParseError) -> UInt32 {
        let raw = UnsafeBufferPointer(rebasing: line[parsed.versionsSpan])
        if let last = lastRawVersions, last.bytes.count == raw.count, let rawBase = raw.baseAddress,
           last.bytes.withUnsafeBytes({ $0.baseAddress.map { memcmp($0, rawBase, raw.count) == 0 } ?? false }) {
            return last.number
        }
        let number = try versionNumberHashed(for: parsed, raw: raw, line: line)
        lastRawVersions = (Array(raw), number)
        return number
    }

    private mutating func versionNumberHashed(for parsed: ParsedLine, raw: UnsafeBufferPointer<UInt8>,
                                              line: UnsafeBufferPointer<UInt8>) throws(LineParseError) -> UInt32 {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(raw))
        let key = hasher.finalize()
        if let bucket = rawVersions[key] {
            for candidate in bucket where candidate.bytes.elementsEqual(raw) { return candidate.number }
        }
        var versions: [CookieCategory: String] = [:]
        for (category, range) in parsed.categoryVersions.all { versions[category] = try ParsedLine.text(range, in: line) }
        let set = VersionSet(catalogueVersion: try ParsedLine.text(parsed.catalogueVersion, in: line), categoryVersions: versions)
        let number = versionNumber(for: set)
        rawVersions[key, default: []].append((Array(raw), number))
        return number
    }

    /// Indexes one replayed record line: its visitor (packed straight from the bytes), consent
    /// id, version set and state.
    /// - Throws: `LineParseError` when the visitor id is not a valid id or a string cannot be read.
    mutating func add(replayed parsed: ParsedLine, line: UnsafeBufferPointer<UInt8>, position: RecordPosition) throws(LineParseError) {
        let key: VisitorKey
        let tag: UInt32
        var consentID: CompactID?
        if let ahead = parsed.replayKey {
            // Worked out by the checking threads (`LogScanner.check`).
            key = ahead.visitor
            tag = ahead.tag
            consentID = ahead.consentID
        } else {
            let visitorRange = parsed.visitorID
            let found: VisitorKey?
            if visitorRange.hasEscapes {
                found = VisitorID(rawValue: try ParsedLine.text(visitorRange, in: line)).map(VisitorKey.init)
            } else {
                found = VisitorKey(utf8: UnsafeBufferPointer(rebasing: line[visitorRange.start..<visitorRange.end]))
            }
            guard let found else { throw LineParseError(offset: visitorRange.start, reason: "visitorId is not a valid visitor id") }
            key = found
            tag = VisitorTable.tag(of: found)
            let idRange = parsed.consentID
            consentID = idRange.hasEscapes ? nil : CompactID.parseUUID(UnsafeBufferPointer(rebasing: line[idRange.start..<idRange.end]))
        }
        if consentID == nil { consentID = .text(try ParsedLine.text(parsed.consentID, in: line)) }
        let versions = try versionNumber(for: parsed, line: line)
        add(key: key, tag: tag, sequence: parsed.sequence, timeMilliseconds: parsed.timeMilliseconds, consentID: consentID ?? .text(""),
            versions: versions, bits: VisitorEntry.bits(action: parsed.action, choices: parsed.choices, gpcApplied: parsed.gpcApplied),
            position: position)
    }

    /// Records that `visitor`'s record at `position` is now its latest.
    mutating func add(visitor: VisitorID, sequence: UInt64, timeMilliseconds: Int64, consentID: CompactID,
                      versions: UInt32, bits: UInt8, position: RecordPosition) {
        let key = VisitorKey(visitor)
        add(key: key, tag: VisitorTable.tag(of: key), sequence: sequence, timeMilliseconds: timeMilliseconds, consentID: consentID,
            versions: versions, bits: bits, position: position)
    }

    private mutating func add(key: VisitorKey, tag: UInt32, sequence: UInt64, timeMilliseconds: Int64, consentID: CompactID,
                              versions: UInt32, bits: UInt8, position: RecordPosition) {
        if let slot = slot(of: key, tag: tag) {
            let i = Int(slot)
            entries[i].sequence = sequence
            entries[i].timeMilliseconds = timeMilliseconds
            entries[i].consentID = consentID
            entries[i].versions = versions
            entries[i].bits = bits
            entries[i].laterPositions.append(position)
            return
        }
        let entry = VisitorEntry(sequence: sequence, timeMilliseconds: timeMilliseconds, consentID: consentID,
                                 versions: versions, bits: bits, firstPosition: position, laterPositions: [])
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            entries[Int(free)] = entry
            keys[Int(free)] = key
        } else {
            slot = Int32(entries.count)
            entries.append(entry)
            keys.append(key)
        }
        table.insert(slot: slot, tag: tag)
    }

    private func slot(of key: VisitorKey, tag: UInt32) -> Int32? {
        keys.withUnsafeBufferPointer { keys in table.find(tag: tag) { keys[Int($0)] == key } }
    }

    private func slot(of visitor: VisitorID) -> Int32? {
        let key = VisitorKey(visitor)
        return slot(of: key, tag: VisitorTable.tag(of: key))
    }

    /// The latest snapshot of `visitor`.
    func snapshot(for visitor: VisitorID) -> ConsentSnapshot? {
        guard let slot = slot(of: visitor) else { return nil }
        let e = entries[Int(slot)]
        let set = versionSets[Int(e.versions)]
        return ConsentSnapshot(
            sequence: e.sequence, consentID: e.consentID.string,
            recordedAt: LogTimestamp.date(milliseconds: e.timeMilliseconds),
            action: e.bits & 1 != 0 ? .withdraw : .grant,
            choices: ConsentChoices(functionality: e.bits & 2 != 0, analytics: e.bits & 4 != 0, targeting: e.bits & 8 != 0),
            gpcApplied: e.bits & 16 != 0, catalogueVersion: set.catalogueVersion, categoryVersions: set.categoryVersions)
    }

    /// Positions of every record of `visitor`, oldest first.
    func positions(for visitor: VisitorID) -> [RecordPosition] {
        guard let slot = slot(of: visitor) else { return [] }
        let e = entries[Int(slot)]
        return [e.firstPosition] + e.laterPositions
    }

    /// Forgets every position in segments with an ordinal below `ordinal`; visitors left
    /// with no record are removed.
    mutating func dropPositions(before ordinal: UInt32) {
        var removed = false
        for i in entries.indices {
            guard keys[i] != nil, entries[i].firstPosition.ordinal < ordinal else { continue }
            let kept = entries[i].laterPositions.filter { $0.ordinal >= ordinal }
            if let first = kept.first {
                entries[i].firstPosition = first
                entries[i].laterPositions = Array(kept.dropFirst())
            } else {
                keys[i] = nil
                entries[i].laterPositions = []
                entries[i].consentID = .text("")
                freeSlots.append(Int32(i))
                removed = true
            }
        }
        guard removed else { return }
        var live: [(slot: Int32, tag: UInt32)] = []
        live.reserveCapacity(keys.count - freeSlots.count)
        for (i, key) in keys.enumerated() {
            if let key { live.append((Int32(i), VisitorTable.tag(of: key))) }
        }
        table.rebuild(live)
    }
}

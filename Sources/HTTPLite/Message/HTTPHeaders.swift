/// Header fields in arrival order. Lookup is case-insensitive (RFC 9110 §5.1) and
/// duplicates are kept, so framing checks can see every `Content-Length`.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, Equatable {
    public typealias Field = (name: String, value: String)
    public private(set) var fields: [Field]

    public init() { fields = [] }
    public init(_ fields: [Field]) { self.fields = fields }
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count }
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The first value of `name`, or `nil`.
    public subscript(name: String) -> String? {
        var name = name
        return name.withUTF8 { wanted in
            for field in fields where Self.nameEquals(field.name, wanted) { return field.value }
            return nil
        }
    }

    /// ASCII case-insensitive comparison of a field name with `wanted`'s bytes: the lengths first,
    /// then the bytes of contiguous storage (every parsed and literal name), no per-byte views.
    @inline(__always)
    static func nameEquals(_ name: String, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.utf8.count == wanted.count else { return false }
        if let equal = name.utf8.withContiguousStorageIfAvailable({ have -> Bool in
            for i in 0..<have.count where have[i] != wanted[i] {
                let a = have[i], b = wanted[i]
                guard a | 0x20 == b | 0x20, (a | 0x20) >= 0x61, (a | 0x20) <= 0x7A else { return false }
            }
            return true
        }) {
            return equal
        }
        return namesEqual(name, String(decoding: wanted, as: UTF8.self))
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.namesEqual($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Appends a field, keeping any existing ones of the same name.
    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    /// Replaces the value of the field at `index` (an index into `fields`), keeping its name and place.
    mutating func replaceValue(at index: Int, with value: String) {
        fields[index].value = value
    }

    /// Replaces every field of `name` by one with `value`.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { Self.namesEqual($0.name, name) }
    }

    /// True when a comma-separated header (e.g. `Connection`) lists `token`, case-insensitively.
    public func containsToken(_ token: String, in name: String) -> Bool {
        values(for: name).contains { value in
            value.split(separator: ",").contains { Self.namesEqual($0.trimmingSpaces, token) }
        }
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { namesEqual($0.name, $1.name) && $0.value == $1.value }
    }

    /// ASCII case-insensitive comparison without allocating.
    @inlinable
    public static func namesEqual<A: StringProtocol, B: StringProtocol>(_ a: A, _ b: B) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where p != q {
            let lp = (p >= 0x41 && p <= 0x5A) ? p | 0x20 : p
            let lq = (q >= 0x41 && q <= 0x5A) ? q | 0x20 : q
            if lp != lq { return false }
        }
        return true
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces and tabs (OWS, RFC 9110 §5.6.3).
    var trimmingSpaces: Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}

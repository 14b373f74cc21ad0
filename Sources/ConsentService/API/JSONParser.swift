/// A strict, bounded JSON parser (RFC 8259) over bytes: no trailing commas, comments, leading
/// zeros, lone surrogates, control characters in strings, duplicate keys or trailing garbage.
/// Recursion is bounded by `maxDepth`, so hostile nesting cannot overflow the stack.
///
/// The happy path builds no JSON Pointer text: a duplicate key's pointer is assembled only while
/// the error travels back up through the enclosing members (`JSONParseError.prefixed(by:)`).
struct JSONParser {
    /// Objects with fewer members than this check for duplicate keys by a linear scan (no hashing);
    /// larger ones keep a `Set` of the names. Default 16.
    static let linearDuplicateCheckLimit = 16

    /// Deepest nesting of arrays and objects. Default 32.
    var maxDepth = 32

    /// Parses one JSON text (surrounding whitespace allowed).
    /// - Throws: `JSONParseError` with the byte offset of the first problem.
    func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        var cursor = Cursor(bytes: bytes, maxDepth: maxDepth)
        cursor.skipWhitespace()
        let value = try cursor.parseValue(depth: 0)
        cursor.skipWhitespace()
        guard cursor.index == bytes.count else { throw .syntax(offset: cursor.index, reason: "unexpected data after the document") }
        return value
    }

    private struct Cursor {
        let bytes: [UInt8]
        let maxDepth: Int
        var index = 0

        init(bytes: [UInt8], maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        func fail(_ reason: String) -> JSONParseError { .syntax(offset: index, reason: reason) }

        mutating func expectLiteral(_ literal: StaticString, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw fail("unexpected end of input") }
            let matches = literal.withUTF8Buffer { expected in
                expected.indices.allSatisfy { bytes[index + $0] == expected[$0] }
            }
            guard matches else { throw fail("invalid literal") }
            index += count
            return value
        }

        mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
            guard let byte = current else { throw fail("unexpected end of input") }
            switch byte {
            case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): return try expectLiteral("true", .bool(true))
            case UInt8(ascii: "f"): return try expectLiteral("false", .bool(false))
            case UInt8(ascii: "n"): return try expectLiteral("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            default: throw fail("unexpected character")
            }
        }

        mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
            guard depth <= maxDepth else { throw .tooDeep(limit: maxDepth) }
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            var keys: Set<String>?  // only once the object outgrows the linear scan
            skipWhitespace()
            if current == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                let key = try parseString()
                if members.count < JSONParser.linearDuplicateCheckLimit {
                    guard !members.contains(where: { $0.key == key }) else { throw .duplicateKey(pointer: JSONPointer.root.appending(key).description) }
                } else {
                    if keys == nil { keys = Set(members.map(\.key)) }
                    guard keys?.insert(key).inserted != false else { throw .duplicateKey(pointer: JSONPointer.root.appending(key).description) }
                }
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw fail("expected ':'") }
                index += 1
                skipWhitespace()
                let value: JSONValue
                do { value = try parseValue(depth: depth) } catch { throw error.prefixed(by: key) }
                members.append((key, value))
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return .object(members)
                default: throw fail("expected ',' or '}'")
                }
            }
        }

        mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
            guard depth <= maxDepth else { throw .tooDeep(limit: maxDepth) }
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") { index += 1; return .array(elements) }
            while true {
                skipWhitespace()
                let element: JSONValue
                do { element = try parseValue(depth: depth) } catch { throw error.prefixed(by: String(elements.count)) }
                elements.append(element)
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return .array(elements)
                default: throw fail("expected ',' or ']'")
                }
            }
        }

        /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        mutating func parseNumber() throws(JSONParseError) -> JSONValue {
            let start = index
            if current == UInt8(ascii: "-") { index += 1 }
            guard let first = current, isDigit(first) else { throw fail("invalid number") }
            index += 1
            if first == UInt8(ascii: "0"), let next = current, isDigit(next) { throw fail("leading zero in number") }
            while let byte = current, isDigit(byte) { index += 1 }
            if current == UInt8(ascii: ".") {
                index += 1
                guard let byte = current, isDigit(byte) else { throw fail("invalid number") }
                while let byte = current, isDigit(byte) { index += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard let byte = current, isDigit(byte) else { throw fail("invalid number") }
                while let byte = current, isDigit(byte) { index += 1 }
            }
            guard index - start <= 64 else { throw .syntax(offset: start, reason: "number too long") }
            return .number(String(decoding: bytes[start..<index], as: UTF8.self))
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

        mutating func parseString() throws(JSONParseError) -> String {
            index += 1
            // Fast path: printable ASCII up to the closing quote is decoded in one step.
            let start = index
            while let byte = current, byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                index += 1
            }
            let plain = String(decoding: bytes[start..<index], as: UTF8.self)
            if current == UInt8(ascii: "\"") {
                index += 1
                return plain
            }
            var scalars = plain.unicodeScalars
            while true {
                guard let byte = current else { throw fail("unterminated string") }
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    index += 1
                    scalars.append(try parseEscape())
                case 0x00..<0x20:
                    throw fail("control character in string")
                case 0x00..<0x80:
                    scalars.append(Unicode.Scalar(byte))
                    index += 1
                default:
                    scalars.append(try parseUTF8Scalar())
                }
            }
        }

        mutating func parseEscape() throws(JSONParseError) -> Unicode.Scalar {
            guard let byte = current else { throw fail("unterminated escape") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let high = try parseHex4()
                if (0xD800..<0xDC00).contains(high) {
                    guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                        throw fail("lone surrogate escape")
                    }
                    index += 2
                    let low = try parseHex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("lone surrogate escape") }
                    let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    guard let scalar = Unicode.Scalar(value) else { throw fail("invalid escape") }
                    return scalar
                }
                guard let scalar = Unicode.Scalar(high) else { throw fail("lone surrogate escape") }
                return scalar
            default:
                throw .syntax(offset: index - 1, reason: "invalid escape")
            }
        }

        mutating func parseHex4() throws(JSONParseError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("unterminated escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw fail("invalid \\u escape")
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        /// Decodes one multi-byte UTF-8 sequence, rejecting overlongs, surrogates and values above U+10FFFF.
        mutating func parseUTF8Scalar() throws(JSONParseError) -> Unicode.Scalar {
            let start = index
            let lead = bytes[index]
            let length: Int
            var value: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
            case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
            case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
            default: throw .invalidUTF8(offset: start)
            }
            guard start + length <= bytes.count else { throw .invalidUTF8(offset: start) }
            for offset in 1..<length {
                let continuation = bytes[start + offset]
                guard continuation & 0xC0 == 0x80 else { throw .invalidUTF8(offset: start) }
                value = value << 6 | UInt32(continuation & 0x3F)
            }
            let minimum: UInt32 = length == 2 ? 0x80 : (length == 3 ? 0x800 : 0x10000)
            guard value >= minimum, value <= 0x10FFFF, let scalar = Unicode.Scalar(value) else { throw .invalidUTF8(offset: start) }
            index += length
            return scalar
        }
    }
}

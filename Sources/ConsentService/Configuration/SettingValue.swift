import Glibc

/// Pure parsers for the textual forms settings accept. Each returns `nil` for anything
/// it does not accept, so the caller can name the flag and the expected form.
enum SettingValue {
    static let secondsPerDay: Int64 = 86_400

    /// A duration as ISO 8601 (`P6M`, `P180D`, `P1Y2M`, `PT12H`, `P2W`) or shorthand (`180d`, `12h`,
    /// `30m`, `45s`, `2w`). A year is 365 days and a month 30 days (calendar-free, so TTLs are exact).
    /// Must be positive and at most 100 years.
    static func duration(_ text: String) -> Duration? {
        let seconds = text.hasPrefix("P") ? iso8601Seconds(text) : shorthandSeconds(text)
        guard let seconds, seconds > 0, seconds <= 100 * 365 * secondsPerDay else { return nil }
        return .seconds(seconds)
    }

    private static func shorthandSeconds(_ text: String) -> Int64? {
        guard let unit = text.last, text.count >= 2,
              let amount = Int64(text.dropLast()), amount >= 0, amount < 1_000_000_000 else { return nil }
        switch unit {
        case "s": return amount
        case "m": return amount * 60
        case "h": return amount * 3_600
        case "d": return amount * secondsPerDay
        case "w": return amount * 7 * secondsPerDay
        default: return nil
        }
    }

    private static func iso8601Seconds(_ text: String) -> Int64? {
        var total: Int64 = 0
        var number = ""
        var inTime = false
        var sawComponent = false
        for character in text.dropFirst() {
            if character.isASCII, character.isNumber {
                number.append(character)
                guard number.count <= 9 else { return nil }
                continue
            }
            if character == "T" {
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
                continue
            }
            guard let amount = Int64(number) else { return nil }
            number = ""
            let unit: Int64
            switch (character, inTime) {
            case ("Y", false): unit = 365 * secondsPerDay
            case ("M", false): unit = 30 * secondsPerDay
            case ("W", false): unit = 7 * secondsPerDay
            case ("D", false): unit = secondsPerDay
            case ("H", true): unit = 3_600
            case ("M", true): unit = 60
            case ("S", true): unit = 1
            default: return nil
            }
            total += amount * unit
            sawComponent = true
        }
        guard number.isEmpty, sawComponent else { return nil }
        return total
    }

    /// A byte size: a plain number of bytes or one with a binary suffix `k`/`K` (KiB), `M` (MiB), `G` (GiB).
    static func byteSize(_ text: String) -> Int? {
        var digits = Substring(text)
        var multiplier = 1
        switch text.last {
        case "k", "K": multiplier = 1_024; digits = digits.dropLast()
        case "M": multiplier = 1_024 * 1_024; digits = digits.dropLast()
        case "G": multiplier = 1_024 * 1_024 * 1_024; digits = digits.dropLast()
        default: break
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count <= 12,
              let amount = Int(digits) else { return nil }
        let (product, overflow) = amount.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }

    /// A decimal integer within `range` (no sign, no spaces).
    static func integer(_ text: String, in range: ClosedRange<Int>) -> Int? {
        guard !text.isEmpty, text.count <= 10, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Int(text), range.contains(value) else { return nil }
        return value
    }

    /// An IPv4 or IPv6 literal, or `localhost`.
    static func isHost(_ text: String) -> Bool {
        if text == "localhost" { return true }
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// `*`, or a serialized origin `http(s)://host[:port]` with no path, query or trailing slash (RFC 6454 §6.2).
    static func isOrigin(_ text: String) -> Bool {
        if text == "*" { return true }
        let rest: Substring
        if text.hasPrefix("https://") { rest = text.dropFirst(8) } else if text.hasPrefix("http://") { rest = text.dropFirst(7) } else { return false }
        guard !rest.isEmpty, rest.count <= 253 + 6 else { return false }
        return rest.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || scalar == "." || scalar == "-" || scalar == ":" || scalar == "[" || scalar == "]")
        }
    }

    /// A bearer token (RFC 6750 §2.1 `b64token`) of 16–512 characters.
    static func isToken(_ text: String) -> Bool {
        guard (16...512).contains(text.utf8.count) else { return false }
        var seenPadding = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") { seenPadding = true; continue }
            guard !seenPadding else { return false }
            let isAlphanumeric = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            guard isAlphanumeric || "-._~+/".utf8.contains(byte) else { return false }
        }
        return true
    }

    /// An absolute `http` or `https` URL without spaces or control characters, at most 2,048 bytes.
    static func isWebURL(_ text: String) -> Bool {
        guard text.hasPrefix("https://") || text.hasPrefix("http://"), text.utf8.count <= 2_048 else { return false }
        return text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// Printable text of 1–`maxLength` characters (no control characters).
    static func isLabel(_ text: String, maxLength: Int) -> Bool {
        !text.isEmpty && text.count <= maxLength && text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    }
}

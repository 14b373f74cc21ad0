#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a caller asks `DecisionEngine` about.
public struct DecisionInput: Sendable, Hashable {
    /// Explicit choices that replace the stored state entirely (basis `consent`); `nil`
    /// to judge by the state passed to the engine.
    public var choices: ConsentChoices?
    /// Concrete cookie names to judge.
    public var cookieNames: [String]
    /// A raw `Cookie:` header value whose names are judged too.
    public var cookieHeader: String?
    /// Raw `Set-Cookie` header values; the decision lists those a back end must drop.
    public var setCookieLines: [String]
    /// "Now", used only to recognise a `Set-Cookie` line whose `Expires` is in the past
    /// (a deletion). `nil`: only `Max-Age` ≤ 0 marks a deletion. The engine has no clock
    /// of its own; the service passes its injected clock's time.
    public var now: Date?

    public init(choices: ConsentChoices? = nil, cookieNames: [String] = [], cookieHeader: String? = nil,
                setCookieLines: [String] = [], now: Date? = nil) {
        self.choices = choices
        self.cookieNames = cookieNames
        self.cookieHeader = cookieHeader
        self.setCookieLines = setCookieLines
        self.now = now
    }

    /// A bound `DecisionInput` exceeds (for the API to answer 422 with a pointer).
    public enum Violation: Sendable, Hashable {
        /// More than `limit` entries in `cookies`.
        case tooManyCookieNames(limit: Int)
        /// The entry at `index` of `cookies` is longer than `limit` bytes.
        case cookieNameTooLong(index: Int, limit: Int)
        /// More than `limit` entries in `setCookies`.
        case tooManySetCookieLines(limit: Int)
        /// `cookieHeader` is longer than `limit` bytes.
        case cookieHeaderTooLong(limit: Int)
    }

    /// Every bound this input exceeds; empty when the engine may run on it as is.
    /// (The engine itself never fails: an over-long header or line is skipped or
    /// reported as invalid.)
    public func violations(of limits: DecisionLimits = DecisionLimits()) -> [Violation] {
        var found: [Violation] = []
        if cookieNames.count > limits.maxCookieNames { found.append(.tooManyCookieNames(limit: limits.maxCookieNames)) }
        for (index, name) in cookieNames.enumerated().prefix(limits.maxCookieNames)
        where name.utf8.count > limits.maxCookieNameBytes {
            found.append(.cookieNameTooLong(index: index, limit: limits.maxCookieNameBytes))
        }
        if setCookieLines.count > limits.maxSetCookieLines {
            found.append(.tooManySetCookieLines(limit: limits.maxSetCookieLines))
        }
        if let cookieHeader, cookieHeader.utf8.count > limits.maxCookieHeaderBytes {
            found.append(.cookieHeaderTooLong(limit: limits.maxCookieHeaderBytes))
        }
        return found
    }
}

/// Bounds on one decision request.
public struct DecisionLimits: Sendable, Hashable {
    /// Entries in `cookies`. Default 200.
    public var maxCookieNames: Int
    /// Bytes of one entry in `cookies`. Default 4,096 (a whole name-value pair's bound).
    public var maxCookieNameBytes: Int
    /// Entries in `setCookies`. Default 200.
    public var maxSetCookieLines: Int
    /// Bytes of `cookieHeader`. Default 8,192.
    public var maxCookieHeaderBytes: Int
    /// Bounds on each `Set-Cookie` line.
    public var setCookie: SetCookieLimits

    public init(maxCookieNames: Int = 200, maxCookieNameBytes: Int = 4_096, maxSetCookieLines: Int = 200,
                maxCookieHeaderBytes: Int = CookieHeader.defaultMaxBytes, setCookie: SetCookieLimits = SetCookieLimits()) {
        self.maxCookieNames = maxCookieNames
        self.maxCookieNameBytes = maxCookieNameBytes
        self.maxSetCookieLines = maxSetCookieLines
        self.maxCookieHeaderBytes = maxCookieHeaderBytes
        self.setCookie = setCookie
    }
}

/// Decides which cookies may be set. Pure: the catalogue, the visitor's state and the GPC
/// signal go in, a `Decision` comes out; no clock, no I/O.
///
/// Rules:
/// - **Choices.** Explicit `input.choices` replace the state entirely (basis `consent`,
///   no re-consent). Otherwise the state decides: `default` → essential only (basis
///   `default`), `expired` → essential only (basis `expired`), `granted` → the recorded
///   choices minus the categories needing re-consent (basis `consent`).
/// - **GPC.** When `gpc` is true, `targeting` is forced off. The basis becomes `gpc` only
///   when that changed something, i.e. targeting would otherwise have been allowed.
/// - **Names.** A name matching no entry is denied as `undeclared`. A name matching
///   several entries (possibly of several categories) is allowed only if **every**
///   matching entry's category is allowed — the privacy-safe rule: a cookie that may
///   serve targeting is not set just because it also serves an allowed purpose.
/// - **Denial reasons**, for the first denied category in banner order:
///   `catalogue-changed` (the category needs re-consent), else `gpc` (targeting, forced
///   off by GPC), else `no-record` / `expired` by state, else `explicit-choice`.
///   Allowed names give `essential` when every match is essential, else `explicit-choice`.
/// - **Set-Cookie.** A line is dropped when it does not parse (`invalid`) or its name is
///   denied — unless the line *deletes* the cookie (`Max-Age` ≤ 0, or `Expires` before
///   `input.now`): removing a cookie is always allowed, and dropping the deletion would
///   keep a refused cookie alive (e.g. after a withdrawal). Its name is still judged.
public struct DecisionEngine: Sendable {
    public let catalogue: Catalogue
    public let limits: DecisionLimits
    /// The literal names declared in the catalogue; positions index `literalMatches`.
    private let literalNames: LiteralNameTable
    /// Per literal name: every entry it matches (its literal entries and any pattern).
    private let literalMatches: [MatchSet]
    /// Entries declared with placeholders, compiled.
    private let patterns: CompiledPatternSet
    /// Per entry: the match set of that entry alone (a name matching one pattern and no literal).
    private let singleMatches: [MatchSet]
    /// Allowed and denied ids for each of the 8 optional-choice combinations (see `key(for:)`).
    private let idsByChoices: [(allowed: [String], denied: [String])]

    /// Prepares lookups for `catalogue` once; reuse the engine for every request.
    /// - Parameter limits: Bounds on one request; entries beyond `maxCookieNames` or
    ///   `maxSetCookieLines` are not judged (the API refuses such requests beforehand
    ///   with `DecisionInput.violations(of:)`).
    public init(catalogue: Catalogue, limits: DecisionLimits = DecisionLimits()) {
        self.catalogue = catalogue
        self.limits = limits
        var literal: [String: [Int]] = [:]
        var patterns: [(entry: Int, pattern: CookieNamePattern)] = []
        for (i, cookie) in catalogue.cookies.enumerated() {
            if cookie.name.isLiteral {
                literal[cookie.name.description, default: []].append(i)
            } else {
                patterns.append((i, cookie.name))
            }
        }
        let compiled = CompiledPatternSet(patterns)
        // A literal name's set includes the patterns matching it, so a name found here is complete.
        let names = literal.keys.sorted()
        literalNames = LiteralNameTable(names)
        literalMatches = names.map { name in
            var all = literal[name] ?? []
            compiled.appendMatches(of: name, to: &all)
            return MatchSet(indices: all.sorted(), in: catalogue)
        }
        self.patterns = compiled
        singleMatches = catalogue.cookies.indices.map { MatchSet(indices: [$0], in: catalogue) }
        idsByChoices = (0..<8).map { bits in
            let choices = ConsentChoices(functionality: bits & 1 != 0, analytics: bits & 2 != 0, targeting: bits & 4 != 0)
            var allowed: [String] = []
            var denied: [String] = []
            for cookie in catalogue.cookies {
                if choices.allows(cookie.category) { allowed.append(cookie.id) } else { denied.append(cookie.id) }
            }
            return (allowed, denied)
        }
    }

    /// The decision for `input` given the visitor's `state` and the request's GPC signal.
    /// - Parameters:
    ///   - input: Explicit choices (optional) and the names and lines to judge.
    ///   - state: The visitor's stored state (`.default` when no visitor was named).
    ///   - gpc: Whether the request carried `Sec-GPC: 1` (see `GlobalPrivacyControl`).
    public func decide(_ input: DecisionInput, state: ConsentState, gpc: Bool) -> Decision {
        let base: ConsentChoices
        var basis: DecisionBasis
        let reconsent: [CookieCategory]
        if let explicit = input.choices {
            (base, basis, reconsent) = (explicit, .consent, [])
        } else {
            switch state {
            case .default: (base, basis, reconsent) = (.essentialOnly, .default, [])
            case .expired: (base, basis, reconsent) = (.essentialOnly, .expired, [])
            case .granted: (base, basis, reconsent) = (state.effectiveChoices, .consent, state.reconsentRequired)
            }
        }
        let (choices, gpcChanged) = GlobalPrivacyControl.apply(to: base, asserted: gpc)
        if gpcChanged { basis = .gpc }
        let context = Context(choices: choices, origin: Origin(input: input, state: state),
                              reconsent: reconsent, gpcChanged: gpcChanged)

        var verdicts: [CookieVerdict] = []
        verdicts.reserveCapacity(min(input.cookieNames.count, limits.maxCookieNames) + input.setCookieLines.count)
        var positionByName: [String: Int] = [:]  // used once there are more than `linearScanLimit` verdicts
        func judge(_ name: String) -> CookieVerdict {
            if verdicts.count <= Self.linearScanLimit {
                if let known = verdicts.first(where: { $0.name == name }) { return known }
            } else {
                if positionByName.isEmpty {
                    for (i, v) in verdicts.enumerated() { positionByName[v.name] = i }
                }
                if let i = positionByName[name] { return verdicts[i] }
                positionByName[name] = verdicts.count
            }
            let verdict = self.verdict(for: name, context: context)
            verdicts.append(verdict)
            return verdict
        }
        for name in input.cookieNames.prefix(limits.maxCookieNames) { _ = judge(name) }
        if let header = input.cookieHeader,
           let parsed = try? CookieHeader(parsing: header, maxBytes: limits.maxCookieHeaderBytes) {
            for name in parsed.names { _ = judge(name) }
        }
        var dropped: [DroppedSetCookie] = []
        for (index, line) in input.setCookieLines.prefix(limits.maxSetCookieLines).enumerated() {
            do {
                let parsed = try SetCookieLine(parsing: line, limits: limits.setCookie)
                let verdict = judge(parsed.name)
                if !verdict.isAllowed && !parsed.isDeletion(now: input.now) {
                    dropped.append(DroppedSetCookie(index: index, name: parsed.name, reason: .denied(verdict.reason)))
                }
            } catch {
                dropped.append(DroppedSetCookie(index: index, name: nil, reason: .invalid(error)))
            }
        }

        let ids = cookieIDs(for: choices)
        return Decision(basis: basis, choices: choices, allowedCookieIDs: ids.allowed, deniedCookieIDs: ids.denied,
                        verdicts: verdicts, droppedSetCookies: dropped, consentMode: ConsentModeSignals(choices: choices),
                        reconsentRequired: reconsent)
    }

    /// Ids of the catalogue entries allowed and denied under `choices` (catalogue order);
    /// e.g. the `allowedCookies` of a consent response. Precomputed: no work per call.
    public func cookieIDs(for choices: ConsentChoices) -> (allowed: [String], denied: [String]) {
        idsByChoices[Self.key(for: choices)]
    }

    /// Every entry whose declared name or pattern matches `name`, in catalogue order.
    public func entries(matching name: String) -> [Cookie] {
        entryIndices(matching: name).map { catalogue.cookies[$0] }
    }

    /// Indices into `catalogue.cookies` of the entries matching `name`, ascending.
    private func entryIndices(matching name: String) -> [Int] {
        switch match(of: name) {
        case .literal(let i): literalMatches[i].indices
        case .single(let entry): [entry]
        case .computed(let set): set.indices
        case nil: []
        }
    }

    /// Where the entries matching a name are described. The prepared sets are referred to by
    /// position, so a lookup copies no array (shared arrays' reference counts are contended
    /// between event-loop threads).
    private enum Match {
        /// `literalMatches[i]`: a declared literal name (its set, patterns included, is complete).
        case literal(Int)
        /// `singleMatches[entry]`: no literal, exactly one pattern.
        case single(Int)
        /// Several patterns and no literal: built for this name.
        case computed(MatchSet)
    }

    /// The entries matching `name`, or `nil` when none does. Allocation-free unless the name
    /// matches several patterns and no literal.
    private func match(of name: String) -> Match? {
        if let literal = literalNames.index(of: name) { return .literal(literal) }
        var first = -1
        var all: [Int] = []  // filled only from a second match on
        patterns.forEachMatch(of: name) { entry in
            if first < 0 {
                first = entry
            } else {
                if all.isEmpty { all.append(first) }
                all.append(entry)
            }
        }
        guard first >= 0 else { return nil }
        return all.isEmpty ? .single(first) : .computed(MatchSet(indices: all, in: catalogue))
    }

    /// A set of matching entries, with what a verdict needs from them.
    private struct MatchSet: Sendable {
        /// Indices into `catalogue.cookies`, ascending.
        let indices: [Int]
        /// Their ids, in the same order.
        let ids: [String]
        /// One bit per category present among them (see `bit(_:)`).
        let categoryBits: UInt8

        init(indices: [Int], in catalogue: Catalogue) {
            self.indices = indices
            ids = indices.map { catalogue.cookies[$0].id }
            categoryBits = indices.reduce(0) { $0 | DecisionEngine.bit(catalogue.cookies[$1].category) }
        }
    }

    // MARK: Verdicts

    /// What a verdict needs to know besides the name.
    private struct Context {
        let choices: ConsentChoices
        let origin: Origin
        let reconsent: [CookieCategory]
        let gpcChanged: Bool
    }

    /// Up to this many verdicts, duplicates are found by a linear scan (cheaper than hashing).
    private static let linearScanLimit = 16

    /// Where the choices came from.
    private enum Origin {
        case explicitChoices, noRecord, expired, storedChoice

        init(input: DecisionInput, state: ConsentState) {
            guard input.choices == nil else { self = .explicitChoices; return }
            switch state {
            case .default: self = .noRecord
            case .expired: self = .expired
            case .granted: self = .storedChoice
            }
        }
    }

    private func verdict(for name: String, context: Context) -> CookieVerdict {
        guard let found = match(of: name) else {
            return CookieVerdict(name: name, isAllowed: false, reason: .undeclared, cookieIDs: [], category: nil)
        }
        let bits: UInt8
        switch found {
        case .literal(let i): bits = literalMatches[i].categoryBits
        case .single(let entry): bits = singleMatches[entry].categoryBits
        case .computed(let set): bits = set.categoryBits
        }
        func ids() -> [String] {
            switch found {
            case .literal(let i): literalMatches[i].ids
            case .single(let entry): singleMatches[entry].ids
            case .computed(let set): set.ids
            }
        }
        var last: CookieCategory?
        for category in Self.bannerOrder where bits & Self.bit(category) != 0 {
            if !context.choices.allows(category) {
                return CookieVerdict(name: name, isAllowed: false, reason: denialReason(for: category, context: context),
                                     cookieIDs: ids(), category: category)
            }
            last = category
        }
        let reason: CookieVerdict.Reason = bits == Self.bit(.essential) ? .essential : .explicitChoice
        return CookieVerdict(name: name, isAllowed: true, reason: reason, cookieIDs: ids(), category: last)
    }

    /// `CookieCategory.allCases`, kept once (the synthesized property builds a new array per call).
    private static let bannerOrder = CookieCategory.allCases

    private func denialReason(for category: CookieCategory, context: Context) -> CookieVerdict.Reason {
        if context.reconsent.contains(category) { return .catalogueChanged }
        if context.gpcChanged && category == .targeting { return .gpc }
        switch context.origin {
        case .noRecord: return .noRecord
        case .expired: return .expired
        case .explicitChoices, .storedChoice: return .explicitChoice
        }
    }

    fileprivate static func bit(_ category: CookieCategory) -> UInt8 {
        switch category {
        case .essential: 1
        case .functionality: 2
        case .analytics: 4
        case .targeting: 8
        }
    }

    /// Index into `idsByChoices`: functionality = bit 0, analytics = bit 1, targeting = bit 2.
    private static func key(for choices: ConsentChoices) -> Int {
        (choices.functionality ? 1 : 0) | (choices.analytics ? 2 : 0) | (choices.targeting ? 4 : 0)
    }
}

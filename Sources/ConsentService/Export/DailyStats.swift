import ConsentDomain

/// Counts per UTC day and per optional category: choices recorded (grant records), granted,
/// refused, withdrawn (withdraw records) and GPC applied (targeting forced off by `Sec-GPC`).
struct DailyStats: Sendable, Equatable {
    /// The counters of one category on one day.
    struct Counts: Sendable, Equatable {
        var recorded = 0
        var granted = 0
        var refused = 0
        var withdrawn = 0
        var gpcApplied = 0
    }

    /// The categories counted: the optional ones (essential is never a choice).
    static let categories: [CookieCategory] = CookieCategory.allCases.filter { $0 != .essential }

    /// Day number (days since 1970-01-01, UTC) → category → counts.
    private(set) var days: [Int64: [CookieCategory: Counts]] = [:]

    /// Adds one record summary (what `ConsentLog.readSummaries` returns).
    mutating func add(_ summary: LogRecordSummary) {
        add(action: summary.action, choices: summary.choices, gpcApplied: summary.gpcApplied, timeMilliseconds: summary.timeMilliseconds)
    }

    private mutating func add(action: ConsentAction, choices: ConsentChoices, gpcApplied: Bool, timeMilliseconds: Int64) {
        let day = TimeBound.day(ofMilliseconds: timeMilliseconds)
        var perCategory = days[day] ?? [:]
        for category in Self.categories {
            var counts = perCategory[category] ?? Counts()
            switch action {
            case .withdraw:
                counts.withdrawn += 1
            case .grant:
                counts.recorded += 1
                if choices.allows(category) { counts.granted += 1 } else { counts.refused += 1 }
                if category == .targeting, gpcApplied { counts.gpcApplied += 1 }
            }
            perCategory[category] = counts
        }
        days[day] = perCategory
    }

    /// `{"from":…,"to":…,"days":[{"date":"2026-11-22","categories":{"functionality":{…},…}}]}`, oldest day first.
    func json(range: TimeRangeQuery) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("from"); json.string(range.from?.text)
        json.key("to"); json.string(range.to?.text)
        json.key("days")
        json.beginArray()
        for day in days.keys.sorted() {
            json.beginObject()
            json.member("date", TimeBound.dateText(days: day))
            json.key("categories")
            json.beginObject()
            for category in Self.categories {
                let counts = days[day]?[category] ?? Counts()
                json.key(category.rawValue)
                json.beginObject()
                json.member("recorded", counts.recorded)
                json.member("granted", counts.granted)
                json.member("refused", counts.refused)
                json.member("withdrawn", counts.withdrawn)
                json.member("gpcApplied", counts.gpcApplied)
                json.endObject()
            }
            json.endObject()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.bytes
    }
}

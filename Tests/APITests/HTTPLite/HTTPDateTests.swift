import Testing
@testable import HTTPLite

@Suite struct HTTPDateTests {
    /// RFC 9110's example instant formats as its example IMF-fixdate.
    @Test func formatsRFCExample() {
        #expect(String(decoding: HTTPDate.imfFixdate(secondsSinceEpoch: 784_111_777), as: UTF8.self) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    /// Leap days and the epoch format correctly.
    @Test func formatsLeapDayAndEpoch() {
        #expect(String(decoding: HTTPDate.imfFixdate(secondsSinceEpoch: 951_782_400), as: UTF8.self) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(String(decoding: HTTPDate.imfFixdate(secondsSinceEpoch: 0), as: UTF8.self) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    /// The cached Date line changes only when the second changes.
    @Test func cacheRefreshesOncePerSecond() {
        var cache = DateHeaderCache()
        cache.refresh(secondsSinceEpoch: 0)
        let first = cache.line
        cache.refresh(secondsSinceEpoch: 0)
        #expect(cache.line == first)
        cache.refresh(secondsSinceEpoch: 1)
        #expect(cache.line == Array("Date: Thu, 01 Jan 1970 00:00:01 GMT\r\n".utf8))
    }
}

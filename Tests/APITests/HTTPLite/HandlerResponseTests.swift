import Synchronization
import Testing
@testable import HTTPLite

@Suite struct HandlerResponseTests {
    /// `map` on a `.callbackOnLoop` response transforms what the handed-over closure makes, only when it is made.
    @Test func callbackOnLoop_mapTransformsWhenProduced() async {
        let made = Atomic<Int>(0)
        let base = HandlerResponse.callbackOnLoop { complete in
            complete {
                made.add(1, ordering: .relaxed)
                return HTTPResponse(status: .created)
            }
        }
        let mapped = base.map { response in
            var response = response
            response.headers.add("X-Mapped", "1")
            return response
        }
        #expect(made.load(ordering: .relaxed) == 0)
        let response = await mapped.resolve()
        #expect(response.status == .created)
        #expect(response.headers["X-Mapped"] == "1")
        #expect(made.load(ordering: .relaxed) == 1)
    }
}

@Suite struct HandlerResponseFinishTests {
    /// Two `map`s on a `.callbackOnLoop` response compose into one `finish`, applied in mapping order to
    /// what `produce` makes; `complete` receives the producer's closure itself.
    @Test func callbackOnLoop_mapsComposeIntoOneFinish() async {
        let base = HandlerResponse.callbackOnLoop { complete in complete { HTTPResponse(status: .created) } }
        let mapped = base
            .map { response in var r = response; r.headers.add("X-Step", "1"); return r }
            .map { response in var r = response; r.headers.add("X-Step", "2"); return r }
        guard case .callbackOnLoop(_, let finish) = mapped else {
            Issue.record("map changed the case")
            return
        }
        #expect(finish != nil)
        let response = await mapped.resolve()
        #expect(response.headers.values(for: "X-Step") == ["1", "2"])
    }
}

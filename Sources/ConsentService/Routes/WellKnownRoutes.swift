import HTTPLite

/// `GET /.well-known/gpc.json`: the Global Privacy Control support resource (GPC spec §4.3):
/// this service honours `Sec-GPC: 1` by refusing targeting cookies. Registered with `.public` access.
enum WellKnownRoutes {
    /// When the GPC handling last changed (the spec's `lastUpdate`, an ISO 8601 date).
    static let gpcLastUpdate = "2026-11-22"

    static func register(on router: inout Router, context: ServiceContext) {
        var json = JSONWriter()
        json.beginObject()
        json.member("gpc", true)
        json.member("lastUpdate", gpcLastUpdate)
        json.endObject()
        let body = json.bytes
        router.add(.GET, "/.well-known/gpc.json") { _ in
            .immediate(.json(body, headers: ["Cache-Control": "public, max-age=86400"]))
        }
    }
}

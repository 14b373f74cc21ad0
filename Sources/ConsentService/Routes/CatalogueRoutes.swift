import ConsentDomain
import HTTPLite

/// `GET /v1/catalogue`, `/v1/categories`, `/v1/cookies` and `/v1/cookies/{id}` (HEAD follows GET).
///
/// Every answer carries the strong `ETag: "<catalogue version>"` (RFC 9110 §8.8.3) and
/// `Cache-Control: public, max-age=300` (300 seconds). `If-None-Match` is evaluated with the
/// weak comparison (RFC 9110 §13.1.2): `*` or a list naming the version, with or without `W/`,
/// answers 304 with those two headers and no body. Conditions are evaluated only once the
/// request is otherwise valid (bad parameters → 400, unknown id → 404; RFC 9110 §13.2.2).
///
/// The unfiltered bodies and their responses are built once here, at registration, and finished
/// by `CORSMiddleware.prepared(_:)` (with CORS `*` their heads are serialised once, CORS headers
/// included); a request for them copies a prebuilt `HTTPResponse` (the shared `[UInt8]` body is
/// not copied). Filtered lists get their CORS headers from the `.public` route group.
enum CatalogueRoutes {
    /// `Cache-Control` of every catalogue response: public, 300 seconds.
    static let cacheControl = "public, max-age=300"

    /// Adds the four catalogue routes for `context.catalogue`.
    static func register(on router: inout Router, context: ServiceContext) {
        let responses = Responses(CatalogueWire.Rendered(context.catalogue), finish: context.cors.prepared)
        router.add(.GET, "/v1/catalogue") { request in
            .immediate(responses.answer(request, with: responses.catalogue))
        }
        router.add(.GET, "/v1/categories") { request in
            .immediate(responses.answer(request, with: responses.categories))
        }
        router.add(.GET, "/v1/cookies") { request in
            .immediate(cookieListResponse(to: request, responses: responses))
        }
        router.add(.GET, "/v1/cookies/{id}") { request in
            .immediate(cookieResponse(to: request, responses: responses))
        }
    }

    /// `GET /v1/cookies`: the prebuilt list when no filter is given, else the filtered list, or a 400 problem.
    static func cookieListResponse(to request: HTTPRequest, responses: Responses) -> HTTPResponse {
        let filtered: [Cookie]
        do throws(APIError) {
            guard let cookies = try filteredCookies(request.query, catalogue: responses.rendered.catalogue) else {
                return responses.answer(request, with: responses.allCookies)
            }
            filtered = cookies
        } catch {
            return error.response
        }
        if responses.isNotModified(request) { return responses.notModified }
        let body = CatalogueWire.cookieListBody(filtered, version: responses.rendered.catalogue.version)
        return HTTPResponse(status: .ok, headers: responses.okHeaders, bytes: body)
    }

    /// `GET /v1/cookies/{id}`: the prebuilt cookie body, 400 for an id outside the id syntax, 404 for an unknown one.
    static func cookieResponse(to request: HTTPRequest, responses: Responses) -> HTTPResponse {
        let id = request.pathParameters["id"] ?? ""
        guard CatalogueLimits().isValidID(id) else {
            return APIError.badRequest(parameter: "id", reason: "must be 1–64 of [A-Za-z0-9._-], starting with a letter or digit")
                .response
        }
        guard let response = responses.cookies[id] else { return APIError.notFound.response }
        return responses.answer(request, with: response)
    }

    /// The cookies selected by the filter parameters in `query`, or `nil` when none is given
    /// (the caller then serves the prebuilt unfiltered list). Parameters other than the filters are ignored.
    ///
    /// Two cases select nothing rather than fail, since the parameters are well-formed: a `service`
    /// that is empty after collapsing whitespace (no service has an empty name; other `service`
    /// values still count), and `minAge` longer than `maxAge` (an empty range).
    /// - Throws: `APIError.badRequest` naming the first bad parameter (→ 400).
    static func filteredCookies(_ query: [(name: String, value: String)], catalogue: Catalogue) throws(APIError) -> [Cookie]? {
        var filterQuery: [(name: String, value: String)] = []
        var sawService = false
        for item in query where CatalogueFilter.parameterNames.contains(item.name) {
            if item.name == "service" {
                sawService = true
                if item.value.allSatisfy(\.isWhitespace) { continue }
            }
            filterQuery.append(item)
        }
        if filterQuery.isEmpty && !sawService { return nil }
        let filter: CatalogueFilter
        do throws(CatalogueFilterError) {
            filter = try CatalogueFilter(query: filterQuery)
        } catch .emptyRange {
            return []
        } catch {
            throw .badRequest(parameter: error.parameter, reason: reason(for: error))
        }
        // Every `service` value was empty: no cookie can match.
        if sawService && filter.services.isEmpty { return [] }
        return filter.apply(to: catalogue)
    }

    /// The `detail` text for a bad filter parameter; the offending value is not echoed.
    static func reason(for error: CatalogueFilterError) -> String {
        switch error {
        case .invalidValue(let parameter, _):
            switch parameter {
            case "category": "must be one of " + CookieCategory.allCases.map(\.rawValue).joined(separator: ", ")
            case "duration": "must be one of " + CatalogueFilter.durationKindValues.joined(separator: ", ")
            case "minAge", "maxAge": "must be an ISO 8601 duration such as P30D, P1Y or PT12H"
            default: "invalid value"
            }
        case .repeated:
            "may appear only once"
        case .emptyRange:
            "must not be longer than maxAge"
        }
    }

    /// The prebuilt responses of one catalogue version.
    struct Responses: Sendable {
        let rendered: CatalogueWire.Rendered
        /// `Content-Type`, `ETag`, `Cache-Control`, for a 200.
        let okHeaders: HTTPHeaders
        let catalogue: HTTPResponse
        let categories: HTTPResponse
        let allCookies: HTTPResponse
        /// One 200 response per cookie id.
        let cookies: [String: HTTPResponse]
        /// 304 with `ETag` and `Cache-Control`, no body (RFC 9110 §15.4.5).
        let notModified: HTTPResponse

        /// - Parameter finish: applied to every prebuilt response (`CORSMiddleware.prepared(_:)` in the service).
        init(_ rendered: CatalogueWire.Rendered, finish: (HTTPResponse) -> HTTPResponse = { $0 }) {
            self.rendered = rendered
            let ok: HTTPHeaders = ["Content-Type": HTTPResponse.jsonContentType, "ETag": rendered.etag,
                                   "Cache-Control": CatalogueRoutes.cacheControl]
            okHeaders = ok
            catalogue = finish(HTTPResponse(status: .ok, headers: ok, bytes: rendered.catalogueBody))
            categories = finish(HTTPResponse(status: .ok, headers: ok, bytes: rendered.categoriesBody))
            allCookies = finish(HTTPResponse(status: .ok, headers: ok, bytes: rendered.allCookiesBody))
            cookies = rendered.cookieBodies.mapValues { finish(HTTPResponse(status: .ok, headers: ok, bytes: $0)) }
            notModified = finish(HTTPResponse(status: .notModified,
                                              headers: ["ETag": rendered.etag, "Cache-Control": CatalogueRoutes.cacheControl]))
        }

        /// `response`, or the 304 when the request's `If-None-Match` matches.
        func answer(_ request: HTTPRequest, with response: HTTPResponse) -> HTTPResponse {
            isNotModified(request) ? notModified : response
        }

        /// True when any `If-None-Match` field is `*` or lists the current version (weak comparison).
        func isNotModified(_ request: HTTPRequest) -> Bool {
            for field in request.headers.fields where HTTPHeaders.namesEqual(field.name, "If-None-Match") {
                if Self.entityTagList(field.value, matches: rendered.catalogue.version) { return true }
            }
            return false
        }

        /// Whether the `If-None-Match` value (`*` or `#entity-tag`, RFC 9110 §13.1.2) names the
        /// opaque tag `opaque` with the weak comparison. A malformed list matches only up to the
        /// first malformed member (it then answers 200, which is always safe).
        static func entityTagList(_ value: String, matches opaque: String) -> Bool {
            let bytes = value.utf8
            var i = bytes.startIndex
            let quote = UInt8(ascii: "\"")
            while i < bytes.endIndex {
                let b = bytes[i]
                if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: ",") {
                    i = bytes.index(after: i)
                    continue
                }
                if b == UInt8(ascii: "*") { return true }
                if b == UInt8(ascii: "W") {
                    let slash = bytes.index(after: i)
                    guard slash < bytes.endIndex, bytes[slash] == UInt8(ascii: "/") else { return false }
                    i = bytes.index(after: slash)
                    continue
                }
                guard b == quote else { return false }
                let start = bytes.index(after: i)
                guard let end = bytes[start...].firstIndex(of: quote) else { return false }
                if bytes[start..<end].elementsEqual(opaque.utf8) { return true }
                i = bytes.index(after: end)
            }
            return false
        }
    }
}

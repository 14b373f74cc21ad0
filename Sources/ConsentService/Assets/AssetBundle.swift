/// The front-end files the service serves, built once at start.
///
/// Names under `/sdk/`: `consent.js` (classic script), `consent.mjs` (ES module) and `banner.js`,
/// each also under a content-hashed name (`consent.<hash>.js`) that never changes meaning.
struct AssetBundle: Sendable {
    /// How long a response may be reused.
    enum Lifetime: Sendable, Equatable {
        /// The stable names: `public, max-age=300` (5 minutes), revalidated with the ETag.
        case short
        /// The content-hashed names: `public, max-age=31536000, immutable` (one year).
        case immutable
    }

    static let javaScript = "text/javascript; charset=utf-8"

    let sdk: StaticAsset
    let sdkModule: StaticAsset
    let banner: StaticAsset
    let demo: StaticAsset
    private let files: [String: (StaticAsset, Lifetime)]

    init() {
        sdk = StaticAsset(text: ConsentSDK.classicScript, contentType: Self.javaScript)
        sdkModule = StaticAsset(text: ConsentSDK.moduleScript, contentType: Self.javaScript)
        banner = StaticAsset(text: ConsentBanner.classicScript, contentType: Self.javaScript)
        var files: [String: (StaticAsset, Lifetime)] = [:]
        for (stem, ext, asset) in [("consent", "js", sdk), ("consent", "mjs", sdkModule), ("banner", "js", banner)] {
            files["\(stem).\(ext)"] = (asset, .short)
            files["\(stem).\(asset.hash).\(ext)"] = (asset, .immutable)
        }
        self.files = files
        demo = StaticAsset(
            text: DemoPage.render(sdkURL: Self.path(sdk, stem: "consent", ext: "js"),
                                  bannerURL: Self.path(banner, stem: "banner", ext: "js")),
            contentType: "text/html; charset=utf-8")
    }

    /// Every name served under `/sdk/`.
    var fileNames: [String] { Array(files.keys) }

    /// The asset served as `/sdk/<name>`, with how long it may be cached; `nil` for unknown names.
    func file(named name: String) -> (asset: StaticAsset, lifetime: Lifetime)? {
        files[name].map { (asset: $0.0, lifetime: $0.1) }
    }

    /// The immutable URL path of the classic SDK, e.g. `/sdk/consent.0123456789abcdef.js`.
    var hashedSDKPath: String { Self.path(sdk, stem: "consent", ext: "js") }

    private static func path(_ asset: StaticAsset, stem: String, ext: String) -> String {
        "/sdk/\(stem).\(asset.hash).\(ext)"
    }
}

/// The built-in catalogue: the cookie table of the seed privacy policy
/// (`seeds/000_431d0ede598f60a1.txt`, section 10), compiled in so nothing ships beside the binary.
///
/// The rows are kept exactly as the policy writes them (labels such as "Feature", "1 year old",
/// "hc- {user_identifier} -preview", "All products/Developer portal") and go through the same
/// normalisation as a loaded file (`CatalogueEntryBuilder`, `ServiceNames.unifySpellings`).
/// Ids are hand-assigned, stable and URL-safe: `<service>-<name>`, with `support-guide-` for
/// rows shared by both services, `portal-` for "All products/Developer Portal", `all-` for
/// "All products", and `-1`/`-2` for the two `__cfduid` rows in Support.
public enum DefaultCatalogue {
    /// The four categories with the policy's names and descriptions, in banner order.
    public static let categories: [CategoryInfo] = [
        CategoryInfo(category: .essential, name: "Essential cookies",
            description: "Essential cookies (internal cookies) are sometimes called “strictly necessary” because without them we cannot provide many of the services you need on the website. For example, essential cookies help us to remember your preferences when you move around the website."),
        CategoryInfo(category: .functionality, name: "Functionality or preference cookies",
            description: "When you visit websites, cookies are used to remember information you have entered or choices you have made (such as your username, language or region) on the websites. They also store your preferences when personalizing websites to optimize your use of Zendesk, for example, your preferred language. These preferences are memorized, thanks to the use of persistent cookies, and the next time you visit the websites, you won’t have to redefine them."),
        CategoryInfo(category: .analytics, name: "Analytical cookies",
            description: "These cookies track information about visits to websites so that we can make improvements. For example: to analyze visitor and user behavior in order to provide more relevant content or suggest certain activities. They collect information on how visitors use the websites, the site the user comes from, the number of visits each user makes and the length of time a user stays on the websites. We may also use analytics cookies to test new ads, pages or features to see how users react to them."),
        CategoryInfo(category: .targeting, name: "Targeting or advertising cookies",
            description: "These third-party cookies are placed by third-party advertising platforms or networks in order to serve ads and track ad performance, to enable ad networks to serve ads that may be of interest to you based on your activities on the Websites (sometimes referred to as “behavioral”, or “targeted” ads ). They can then use information about your visit to target you with ads that might interest you, on the Websites and other websites. For example, these cookies remember which browsers have visited which websites."),
    ]

    /// The 41 cookies of the seed table, normalised. Built once.
    public static let catalogue: Catalogue = {
        let builder = CatalogueEntryBuilder(limits: CatalogueLimits())
        var cookies: [Cookie] = []
        for (index, row) in rows.enumerated() {
            do throws(CatalogueEntryBuilder.Failure) {
                let duration = try builder.duration(label: row.duration)
                cookies.append(try builder.makeCookie(
                    id: row.id, name: row.name, services: ServiceNames.split(row.services),
                    categoryLabel: row.category, sourceCategory: nil, purpose: row.purpose, duration: duration))
            } catch {
                // Compiled-in constant data; DefaultCatalogueTests proves every row is valid.
                preconditionFailure("built-in catalogue row \(index) (\(row.id)): \(error.field) \(error.problem)")
            }
        }
        return Catalogue(categories: categories, cookies: ServiceNames.unifySpellings(cookies))
    }()

    /// One row of the policy's table, as written there.
    struct Row: Sendable {
        var id: String
        var services: String
        var name: String
        var purpose: String
        var duration: String
        var category: String
    }

    /// The policy's table, row for row, in its order.
    static let rows: [Row] = [
        Row(id: "portal-pendo-meta", services: "All products/Developer Portal", name: "_pendo_meta.PENDO_API_KEY",
            purpose: "Analytical information",
            duration: "100 days", category: "Analytics"),
        Row(id: "portal-pendo-account-id", services: "All products/Developer Portal", name: "_pendo_accountId.PENDO_API_KEY",
            purpose: "Analytical information",
            duration: "100 days", category: "Analytics"),
        Row(id: "portal-pendo-visitor-id", services: "All products/Developer portal", name: "_pendo_visitorId.PENDO_API_KEY",
            purpose: "Analytical information",
            duration: "100 days", category: "Analytics"),
        Row(id: "portal-pendo-launcher-closed", services: "All products/Developer Portal", name: "_pendo_launcher-closed.PENDO_API_KEY",
            purpose: "Analytical information",
            duration: "10 days", category: "Analytics"),
        Row(id: "all-cf-bm", services: "All products", name: "_cf_bm",
            purpose: "This Cloudflare cookie is used to manage incoming traffic that matches the criteria associated with bots.",
            duration: "30 days", category: "Essential"),
        Row(id: "support-zendesk-session", services: "Support", name: "_zendesk_session",
            purpose: "Default rails cookie containing account_id and route",
            duration: "Session", category: "Essential"),
        Row(id: "support-zendesk-shared-session", services: "Support", name: "_zendesk_shared_session",
            purpose: "Authentication cookie – set to anonymous",
            duration: "One day", category: "Essential"),
        Row(id: "support-zendesk-authenticated", services: "Support", name: "_zendesk_authenticated",
            purpose: "This is a flag that is set when a user is authenticated to display the most up-to-date content.",
            duration: "Session", category: "Essential"),
        Row(id: "support-zendesk-cookie", services: "Support", name: "_zendesk_cookie",
            purpose: "Stores arbitrary preference settings.",
            duration: "20 years old", category: "Functionality"),
        Row(id: "support-voice-session", services: "Support", name: "_voice_session",
            purpose: "Default rails cookie",
            duration: "Session", category: "Essential"),
        Row(id: "support-app-market-session", services: "Support", name: "_app_market_session",
            purpose: "Stores the session key for application management.",
            duration: "Session", category: "Essential"),
        Row(id: "support-cfduid-1", services: "Support", name: "__cfduid",
            purpose: "Cloudflare client security settings for Twilio assets.",
            duration: "1 year old", category: "Feature"),
        Row(id: "support-cfduid-2", services: "Support", name: "__cfduid",
            purpose: "Security settings per Cloudflare client for outgoing assets.",
            duration: "1 year old", category: "Feature"),
        Row(id: "support-cfruid", services: "Support", name: "_cfruid",
            purpose: "The Cloudflare cookie is used in cases where several users are hidden behind the same client IP address. Each user will have a unique cookie to avoid a case of throttling to all users if a particular user reaches the throttling threshold.",
            duration: "Session", category: "Functionality"),
        Row(id: "support-ob", services: "Support", name: "ob",
            purpose: "Stores session information for Connect standalone customers only – account ID, company ID, administrator account ID, CSRF token and session ID (encrypted)",
            duration: "No expiration, replaced on login or session change", category: "Functionality"),
        Row(id: "support-ob-pub", services: "Support", name: "_ob_pub-9dc679b8d7a3ce7af1cebb6a169a466c",
            purpose: "Connect JavaScript code snippet",
            duration: "3 years", category: "Feature"),
        Row(id: "support-ajs-anonymous-id", services: "Support", name: "ajs_anonymous_id",
            purpose: "Analytical information",
            duration: "1 year", category: "Analytics"),
        Row(id: "support-ajs-group-id", services: "Support", name: "ajs_group_id",
            purpose: "Analytical information",
            duration: "1 year", category: "Analytics"),
        Row(id: "support-ajs-user-id", services: "Support", name: "ajs_user_id",
            purpose: "Analytical information",
            duration: "1 year", category: "Analytics"),
        Row(id: "support-guide-pot", services: "Support, Guide", name: "POT",
            purpose: "Used to give human users easy access to Zendesk features, while blocking the actions of bots.",
            duration: "30 days", category: "Essential"),
        Row(id: "support-guide-apisid", services: "Support, Guide", name: "APISID",
            purpose: "Used to give human users easy access to Zendesk features, while blocking the actions of bots.",
            duration: "2 years", category: "Essential"),
        Row(id: "support-guide-consent", services: "Support, Guide", name: "CONSENT",
            purpose: "Used to give human users easy access to Zendesk features, while blocking the actions of bots.",
            duration: "20 years old", category: "Essential"),
        Row(id: "support-guide-dv", services: "Support, Guide", name: "DV",
            purpose: "Used to give human users easy access to Zendesk features, while blocking the actions of bots.",
            duration: "session", category: "Essential"),
        Row(id: "support-guide-hsid", services: "Support, Guide", name: "HSID",
            purpose: "Used to give human users easy access to Zendesk features, while blocking the actions of bots.",
            duration: "2 years", category: "Essential"),
        Row(id: "support-guide-nid", services: "Support, Guide", name: "NID",
            purpose: "Used to give human users easy access to Zendesk features, while blocking the actions of bots.",
            duration: "6 months", category: "Essential"),
        Row(id: "support-guide-sapisid", services: "Support, Guide", name: "SAPISID",
            purpose: "Used to give human users easy access to Zendesk features, while blocking the actions of bots.",
            duration: "2 years", category: "Essential"),
        Row(id: "support-guide-sid", services: "Support, Guide", name: "SID",
            purpose: "Used to give human users easy access to Zendesk features, while blocking the actions of bots.",
            duration: "2 years", category: "Essential"),
        Row(id: "support-guide-sidcc", services: "Support, Guide", name: "SIDCC",
            purpose: "Used to give human users easy access to Zendesk features, while blocking the actions of bots.",
            duration: "3 months", category: "Essential"),
        Row(id: "support-guide-ssid", services: "Support, Guide", name: "SSID",
            purpose: "Used to give human users easy access to Zendesk features, while blocking the actions of bots.",
            duration: "2 years", category: "Essential"),
        Row(id: "guide-help-center-session", services: "Guide", name: "_help_center_session",
            purpose: "Stores a unique session key for the Help Center product.",
            duration: "Session", category: "Essential"),
        Row(id: "guide-zendesk-authenticated", services: "Guide", name: "_zendesk_authenticated",
            purpose: "Stores a binary variable determining whether the user is authenticated.",
            duration: "Session", category: "Essential"),
        Row(id: "guide-zendesk-session", services: "Guide", name: "_zendesk_session",
            purpose: "Stores a unique session key for the Zendesk Classic application.",
            duration: "Session", category: "Essential"),
        Row(id: "guide-zendesk-shared-session", services: "Guide", name: "_zendesk_shared_session",
            purpose: "Stores a unique session key for a session shared between Zendesk products.",
            duration: "One day", category: "Essential"),
        Row(id: "guide-zendesk-cookie", services: "Guide", name: "_zendesk_cookie",
            purpose: "Stores parameter information for various features.",
            duration: "20 years old", category: "Functionality"),
        Row(id: "guide-embeddable-server-session", services: "Guide", name: "_embeddable_server_session",
            purpose: "Unique session key for the Zendesk embeddable Web widget.",
            duration: "Session", category: "Essential"),
        Row(id: "guide-theming-center-session", services: "Guide", name: "theming_center_session",
            purpose: "Stores a unique session key for the Theming Center’s guide functionality.",
            duration: "Session", category: "Essential"),
        Row(id: "guide-hc-preview", services: "Guide", name: "hc- {user_identifier} -preview",
            purpose: "Stores preview data for the Help Center theme. It is deleted once preview mode is closed.",
            duration: "One day", category: "Functionality"),
        Row(id: "guide-hc-nbmin", services: "Guide", name: "hc- {user_identifier} -nbmin",
            purpose: "Saves if the agent navigation bar in the Help Center is minimized.",
            duration: "7 days", category: "Functionality"),
        Row(id: "guide-hc-pbmin", services: "Guide", name: "hc- {user_identifier} -pbmin",
            purpose: "Saves if the navigation bar preview in the Help Center is reduced.",
            duration: "7 days", category: "Functionality"),
        Row(id: "guide-cfduid", services: "Guide", name: "__cfduid",
            purpose: "Cloudflare security settings for resources Guide.",
            duration: "1 year old", category: "Feature"),
        Row(id: "guide-zd-automatic-answers", services: "Guide", name: "ZD-automaticAnswers",
            purpose: "Stores Zendesk account ID for future Answer Bot interactions",
            duration: "One day", category: "Feature"),
    ]
}

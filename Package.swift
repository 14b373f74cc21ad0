// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "consent-service",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "consent-service", targets: ["ConsentService"]),
    ],
    targets: [
        .target(name: "HTTPLite", swiftSettings: strict),
        // SHA-256 block compression with the x86 SHA extensions (C intrinsics Swift cannot
        // reach); ConsentDomain falls back to its Swift compression function elsewhere.
        .target(name: "CSHA256"),
        .target(name: "ConsentDomain", dependencies: ["CSHA256"], swiftSettings: strict),
        .executableTarget(
            name: "ConsentService",
            dependencies: ["HTTPLite", "ConsentDomain"],
            swiftSettings: strict
        ),
        .testTarget(name: "ConsentDomainTests", dependencies: ["ConsentDomain"], swiftSettings: strict),
        .testTarget(
            name: "APITests",
            dependencies: ["HTTPLite", "ConsentDomain", "ConsentService"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)

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
        .target(name: "ConsentDomain", swiftSettings: strict),
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

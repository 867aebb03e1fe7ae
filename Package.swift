// swift-tools-version:6.0
import PackageDescription

// Dependency direction (see DESIGN.md), one way:
//   ioc (arguments only) → Runtime → Console, Coordinator, HTTPFeed, IOCConfig, StoreContract;
//   Runtime/Stores/ (only there) → IndicatorStore (SQLite), IndicatorStorePostgres: the one place
//     that opens a store location as the backend it names;
//   IndicatorStore, IndicatorStorePostgres → StoreContract (the store as a port: ports, row types,
//     StoreLocation) → IndicatorEngine, SeriesCodec; the adapters never import each other;
//   Coordinator (leader, duties, follower, socket) → StoreContract, Feeds, Reports → IndicatorEngine;
//   HTTPFeed → Feeds; Console → Canvas, IndicatorEngine, Localization; Localization → IndicatorEngine
//     (a phrase's template filled the same way in every language); CursesBackend → Canvas; IOCConfig → Feeds,
//     Reports, IndicatorEngine.
// Only CursesBackend touches ncurses, only IndicatorStore GRDB, only IndicatorStorePostgres
// PostgreSQL, only IOCConfig YAML, only HTTPFeed NIO's HTTP; IndicatorEngine, Canvas and
// SeriesCodec depend on Foundation alone. Benchmarks/ioc-bench measures the adapters directly.
// Tests/ArchitectureTests fails when a target imports what it must not, or when code outside the
// adapters and Runtime/Stores/ names a concrete store.
let package = Package(
    name: "ioc",
    products: [
        .executable(name: "ioc", targets: ["ioc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // postgres-nio's own dependencies, named because IndicatorStorePostgres imports them.
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        // gzip request bodies for the InfluxDB-compatible write endpoint (NIOHTTPCompression).
        .package(url: "https://github.com/apple/swift-nio-extras", exact: "1.35.2"),
    ],
    targets: [
        .target(name: "IndicatorEngine"),
        .target(name: "Canvas"),
        // The chunk encoding of history: pure, no dependencies.
        .target(name: "SeriesCodec"),
        // The languages ioc writes in: message catalogs (gettext .po, compiled in), number and date forms.
        .target(name: "Localization", dependencies: ["IndicatorEngine"], exclude: ["Catalogs"]),
        // IOCConfig reads the simulator's hints into Feeds' types; Feeds knows nothing of YAML.
        .target(
            name: "IOCConfig",
            dependencies: ["IndicatorEngine", "Feeds", "Reports", "StoreContract", "Localization", .product(name: "Yams", package: "Yams")]
        ),
        // The store as a port: what every backend answers, its row types, where a store is.
        .target(name: "StoreContract", dependencies: ["IndicatorEngine", "SeriesCodec"]),
        // The SQLite adapter.
        .target(
            name: "IndicatorStore",
            dependencies: [
                "IndicatorEngine", "StoreContract", "SeriesCodec", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The PostgreSQL backend of the store, in its own target: only what needs it links postgres-nio.
        .target(
            name: "IndicatorStorePostgres",
            dependencies: [
                "IndicatorEngine", "StoreContract", "SeriesCodec", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "Feeds", dependencies: ["IndicatorEngine"]),
        // Periods, the report model and its writers; a workbook is a ZIP of SpreadsheetML.
        .target(name: "Reports", dependencies: ["IndicatorEngine", "Localization", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "Console", dependencies: ["Canvas", "IndicatorEngine", "Localization"]),
        .target(name: "Coordinator", dependencies: ["IndicatorEngine", "StoreContract", "Feeds", "Localization", "Reports"]),
        // The runtime as a library: the console runner against any TerminalBackend.
        // InfluxDB's write API on SwiftNIO, in a target of its own: only Runtime links it.
        .target(name: "HTTPFeed", dependencies: [
            "Feeds", "IndicatorEngine",
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
        ]),
        .target(name: "Runtime", dependencies: ["Canvas", "Console", "Coordinator", "Feeds", "HTTPFeed", "IOCConfig", "IndicatorEngine", "Localization", "StoreContract", "IndicatorStore", "IndicatorStorePostgres", "Reports"]),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(
            name: "CursesShims",
            path: "Sources/CursesShims",
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),
        .target(name: "CursesBackend", dependencies: ["Canvas", "CNcursesw", "CursesShims"]),
        // The commit a release was built from (`make` defines it; C, so a compiler flag can set it).
        .target(name: "BuildInfo", path: "Sources/BuildInfo"),
        .executableTarget(
            name: "ioc",
            dependencies: [
                "IndicatorEngine", "IOCConfig", "Localization", "StoreContract", "Feeds", "Console", "CursesBackend", "Coordinator", "Runtime", "Reports", "BuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks measure each store adapter directly, as the tests do: beside Tests, not in Sources.
        .executableTarget(name: "ioc-bench", dependencies: ["IndicatorEngine", "IOCConfig", "Feeds", "Console", "Canvas", "Coordinator", "StoreContract", "IndicatorStore", "IndicatorStorePostgres", "Runtime", "Reports", "TestSupport"],
                          path: "Benchmarks/ioc-bench"),
        .target(name: "TestSupport", dependencies: ["IndicatorEngine", "Canvas"], path: "Tests/TestSupport"),
        .testTarget(
            name: "IndicatorEngineTests",
            dependencies: [
                "IndicatorEngine", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SeriesCodecTests",
            dependencies: ["SeriesCodec", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "IOCConfigTests", dependencies: ["IOCConfig", "IndicatorEngine", "Feeds", "Localization", "Reports", "TestSupport"]),
        .testTarget(name: "CanvasTests", dependencies: ["Canvas", "TestSupport"]),
        .testTarget(name: "LocalizationTests", dependencies: ["Localization", "TestSupport"]),
        // The default center's catalog and simulator give the screens their real shape.
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "Canvas", "IndicatorEngine", "IOCConfig", "Feeds", "Localization", "TestSupport",
                                                         .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "IndicatorStoreTests", dependencies: ["IndicatorStore", "IndicatorEngine", "TestSupport"]),
        .testTarget(name: "IndicatorStorePostgresTests", dependencies: ["IndicatorStorePostgres", "IndicatorStore", "IndicatorEngine", "TestSupport"]),
        // The shared behaviour every store adapter must pass, run on each.
        .testTarget(name: "StoreContractTests", dependencies: ["StoreContract", "IndicatorStore", "IndicatorStorePostgres", "IndicatorEngine", "TestSupport"]),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "IndicatorEngine", "IndicatorStore", "Coordinator", "Localization", "Runtime", "TestSupport",
                           .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "FeedsTests", dependencies: ["Feeds", "IndicatorEngine", "TestSupport"]),
        .testTarget(name: "CoordinatorTests", dependencies: ["Coordinator", "IndicatorStore", "IndicatorEngine", "Feeds", "IOCConfig", "Localization", "TestSupport"]),
        .testTarget(name: "ArchitectureTests", dependencies: ["TestSupport"]),
        .testTarget(name: "HTTPFeedTests", dependencies: ["HTTPFeed", "Feeds", "IndicatorEngine", "TestSupport"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Console", "Canvas", "Coordinator", "IndicatorStore", "IndicatorEngine", "Localization", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["ioc", "IndicatorStore", "IndicatorEngine", "TestSupport"]),
    ]
)

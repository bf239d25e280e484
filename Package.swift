// swift-tools-version:6.0
import PackageDescription

/// Warnings are errors in every target we own: a warning today is a bug report tomorrow.
let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]
/// The simulation core is single-threaded by construction; in release builds the dynamic
/// exclusivity checks cost more than a tenth of its time and guard nothing (see BENCHMARKS.md).
let core: [SwiftSetting] = strict + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
/// Release builds of `aureon` are one static executable: the Swift runtime, Foundation, the C
/// and C++ libraries, SQLite and ncurses inside, no dynamic loader at all. Loading them as
/// shared libraries cost more at start-up than the whole short run: first the runtime's and
/// Foundation's own symbol lookups (about 14 M instructions), then, with those linked in,
/// libstdc++ and SQLite binding their own symbols (4.9 M of the 9.5 M left; see BENCHMARKS.md).
/// Our objects are compiled against the shared Foundation, whose module does not name its
/// static parts, so they are named here, and ncurses' static archive needs its terminfo half
/// after it. lld, because unlike gold it does not print the C library's link-time warnings
/// about Foundation's use of `mktemp`. The one cost: a static C library still loads the name
/// service modules of the C library installed at run time (`getpwnam` of the `postgres`
/// account in live mode), so the binary runs where it was built, which is how `swift run`
/// and `swift build` use it. Debug builds (the tests) link dynamically, as SwiftPM does.
let staticExecutable: [LinkerSetting] = [
    .unsafeFlags([
        "-static-executable", "-use-ld=lld",
        "-Xlinker", "--start-group",
        "-lFoundation", "-lCoreFoundation", "-lFoundationInternationalization", "-lFoundationEssentials",
        "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections", "-lncursesw", "-ltinfo",
        "-Xlinker", "--end-group",
    ], .when(configuration: .release)),
]

let package = Package(
    name: "Aureon",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "aureon", targets: ["aureon"]),
        .library(name: "AureonCluster", targets: ["AureonCluster"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Deterministic discrete-event engine: virtual time, event heap, seeded PRNG, trace hash.
        .target(
            name: "AureonEngine",
            dependencies: [.product(name: "Collections", package: "swift-collections")],
            swiftSettings: core
        ),
        // The distributed execution layer: sans-I/O state machines driven by the engine.
        .target(
            name: "AureonCluster",
            dependencies: ["AureonEngine", .product(name: "Collections", package: "swift-collections")],
            swiftSettings: core
        ),
        // Reading input files: plain I/O messages, YAML duplicate keys located, echoed values cut.
        .target(
            name: "AureonInput",
            dependencies: ["Yams"],
            swiftSettings: strict
        ),
        // Disk adapters: output files that never destroy, the JSON checkpoint directory (a mirror).
        .target(
            name: "AureonStore",
            dependencies: ["AureonCluster", "AureonEngine"],
            swiftSettings: strict
        ),
        // Scenario files, headless runs, expectations and summaries.
        .target(
            name: "AureonScenario",
            dependencies: ["AureonCluster", "AureonInput", "Yams"],
            swiftSettings: strict
        ),
        // Drills: objectives, injects, hints, scoring and the debrief, over the scenario format.
        .target(
            name: "AureonTraining",
            dependencies: ["AureonScenario", "AureonCluster", "Yams"],
            swiftSettings: strict
        ),
        // The SQLite attempt store for drills (an adapter: the only target that touches the database).
        .target(
            name: "AureonTrainingStore",
            dependencies: ["AureonTraining", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The PostgreSQL adapter for live mode: throwaway clusters, the schema and the fenced queue
        // statements (the only target that talks to PostgreSQL).
        .target(
            name: "AureonPostgres",
            dependencies: ["AureonCluster", "AureonEngine", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: strict
        ),
        // ncurses, confined behind one backend type in AureonTUI.
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        // Cell buffer, widgets, themes, keymap and terminal backends.
        .target(
            name: "AureonTUI",
            dependencies: ["CNcurses", "AureonInput", "Yams"],
            swiftSettings: strict
        ),
        // The operations console: update loop and views over a live simulation, or over a live
        // cluster (it reads the PostgreSQL adapter's values; the adapter does the I/O).
        .target(
            name: "AureonConsole",
            dependencies: ["AureonTUI", "AureonScenario", "AureonCluster", "AureonTraining", "AureonPostgres"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "aureon",
            dependencies: [
                "AureonConsole", "AureonScenario", "AureonCluster", "AureonInput", "AureonStore", "AureonTraining", "AureonTrainingStore",
                "AureonPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict,
            linkerSettings: staticExecutable
        ),
        .testTarget(name: "AureonEngineTests", dependencies: ["AureonEngine"], swiftSettings: strict),
        .testTarget(name: "AureonClusterTests", dependencies: ["AureonCluster", "AureonEngine"], swiftSettings: strict),
        .testTarget(name: "AureonStoreTests", dependencies: ["AureonStore", "AureonCluster", "AureonEngine"], swiftSettings: strict),
        // Test targets name every module they import, so incremental builds track them all.
        .testTarget(name: "AureonScenarioTests", dependencies: ["AureonScenario", "AureonCluster", "AureonEngine"], swiftSettings: strict),
        .testTarget(name: "AureonTrainingTests", dependencies: ["AureonTraining", "AureonTrainingStore", "AureonScenario", "AureonCluster", "AureonEngine"], swiftSettings: strict),
        .testTarget(name: "AureonPostgresTests", dependencies: ["AureonPostgres", "AureonCluster", "AureonEngine"], swiftSettings: strict),
        .testTarget(name: "AureonTUITests", dependencies: ["AureonTUI"], swiftSettings: strict),
        // Snapshots/ holds golden screens the tests read by path (#filePath), not bundled resources.
        .testTarget(name: "AureonConsoleTests", dependencies: ["AureonConsole", "AureonTUI", "AureonCluster", "AureonEngine", "AureonTraining", "AureonScenario", "AureonPostgres"],
                    exclude: ["Snapshots"], swiftSettings: strict),
        // Drives the built `aureon` binary (headless commands and, through tmux, the console).
        .testTarget(name: "AureonCLITests", dependencies: ["aureon", "AureonScenario", "AureonCluster", "AureonEngine", "AureonTraining", "AureonConsole", "AureonTUI", "AureonPostgres"], swiftSettings: strict),
    ]
)

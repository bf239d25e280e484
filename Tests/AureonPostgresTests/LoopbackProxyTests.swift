@testable import AureonPostgres
import Foundation
import Testing

@Suite(.enabled(if: PostgresFixture.available, PostgresFixture.skipReason))
struct LoopbackProxyTests {
    @Test func aCutRefusesUntilHealedAndStopLeavesNothing() async throws {
        let fixture = try PostgresFixture()
        _ = try await fixture.queue()
        let proxy = try LoopbackProxy(forwardingTo: fixture.server.address)
        #expect(proxy.address.port != fixture.server.address.port)

        let through = try await LiveQueue.connect(to: proxy.address)
        #expect(try await through.counts() == ShardCounts())

        proxy.cut()
        await #expect(throws: (any Error).self) { try await through.counts() }
        await through.close()
        await #expect(throws: LiveError.self) { try await LiveQueue.connect(to: proxy.address) }

        try proxy.heal()
        let again = try await LiveQueue.connect(to: proxy.address)
        #expect(try await again.counts() == ShardCounts())

        let thread = proxy.threadID
        #expect(thread > 0)
        #expect(FileManager.default.fileExists(atPath: "/proc/self/task/\(thread)"))
        let held = Set(proxy.heldDescriptors.compactMap(Self.kernelObject))
        // The wake-up pipe's two ends, the listener, and the connection's two sockets.
        #expect(held.count == 5)
        proxy.stop()
        #expect(!FileManager.default.fileExists(atPath: "/proc/self/task/\(thread)"))
        #expect(proxy.heldDescriptors.isEmpty)
        #expect(held.isDisjoint(with: Self.openKernelObjects()))
        await #expect(throws: LiveError.self) { try await LiveQueue.connect(to: proxy.address) }
        await again.close()
        await fixture.close()
    }

    @Test func manyConnectionsAndLargeResultsPassThrough() async throws {
        let fixture = try PostgresFixture()
        _ = try await fixture.queue()
        let proxy = try LoopbackProxy(forwardingTo: fixture.server.address)
        var queues: [LiveQueue] = []
        for _ in 0..<8 { queues.append(try await LiveQueue.connect(to: proxy.address)) }
        // Far more than one buffer's worth each way: 2,000 shards scheduled, then all leased back.
        let specs = (0..<2_000).map { ShardSpec(key: "item:\($0)-" + String(repeating: "x", count: 100), placement: nil, workMicros: 1) }
        _ = try await queues[0].schedule(run: "big", maxReceiveCount: 3, shards: specs)
        let node = try await queues[1].join(node: "n", pid: 1, host: "test")
        let leased = try await queues[1].lease(for: node, limit: 2_000, visibilitySeconds: 60)
        #expect(leased.count == 2_000)
        for queue in queues { #expect(try await queue.counts().open == 2_000) }
        for queue in queues { await queue.close() }
        proxy.stop()
        await fixture.close()
    }

    @Test func onlyAnAddressOnThisMachineIsForwarded() {
        #expect(throws: LiveError.self) {
            try LoopbackProxy(forwardingTo: DatabaseAddress(host: "db.example", port: 5432, user: "postgres", database: "postgres"))
        }
    }

    /// What a descriptor of this process refers to ("socket:[123]", "pipe:[456]"): unique while open.
    private static func kernelObject(_ descriptor: Int32) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)")
    }

    private static func openKernelObjects() -> Set<String> {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return Set(descriptors.compactMap { Int32($0).flatMap(kernelObject) })
    }
}

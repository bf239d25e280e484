import AureonEngine
import Testing
@testable import AureonCluster

/// Each rule of the event-fed checker, from hand-built histories: a correct history holds, and
/// the same history broken in one place fires that rule (and only that one, unless the breach
/// necessarily breaks two, as said where it does).
private let a = InvariantHistory.task(0)
private let b = InvariantHistory.task(1)
private let c = InvariantHistory.task(2)

@Suite struct InvariantCheckerTests {
    /// Everything the contract allows, together: a lost ack and an `already_committed`
    /// redelivery, a failure and a validation rejection whose retry restarts from zero, drains,
    /// a kill and restart, a dead verdict and rejoin, a fault that clears, liveness checks.
    static var correctHistory: InvariantHistory {
        var history = InvariantHistory()
        history.schedule(at: 0, shards: 2, longestWork: 30)
        history.node(.nodeDraining, at: 0, 2)
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.lease(at: 0, b, node: 1, token: 1, until: 60)
        history.fail(at: 10, b, node: 1, token: 1)
        history.node(.nodeResumed, at: 11, 2)
        history.redeliver(at: 12, b, node: 2, token: 2, until: 72, resumedFrom: nil)
        history.checkpoint(at: 20, a, node: 0, token: 1, progress: 0.5)
        history.renew(at: 20, a, node: 0, token: 1, until: 80)
        history.checkpoint(at: 20, b, node: 2, token: 2, progress: 0.6)
        history.reject(at: 30, b, node: 2, token: 2, attempt: 2)
        history.redeliver(at: 31, b, node: 1, token: 3, until: 91, resumedFrom: 0, receiveCount: 3)
        history.commit(at: 40, a, node: 0, token: 1)
        history.checkpoint(at: 45, b, node: 1, token: 3, progress: 0.3)
        history.commit(at: 50, b, node: 1, token: 3)
        history.fault(.faultInjected, at: 60, .messageLoss)
        history.fault(.faultCleared, at: 70, .messageLoss)
        history.expire(at: 80, a, node: 0, token: 1)  // a's ack was lost
        history.redeliver(at: 81, a, node: 2, token: 2, until: 141, resumedFrom: 1, receiveCount: 2)
        history.alreadyCommitted(at: 81, a, node: 2, token: 2)
        history.node(.nodeKilled, at: 85, 0, incarnation: 1)
        history.node(.nodeRestarted, at: 86, 0, incarnation: 2)
        history.node(.nodeDead, at: 90, 1, incarnation: 1)
        history.node(.nodeRejoined, at: 95, 1, incarnation: 2)
        history.completeIteration(at: 100)
        history.completeRun(at: 100)
        return history
    }

    @Test func aCorrectHistoryHolds() {
        let checker = Self.correctHistory.checked(livenessChecks: [30, 60, 89, 100, 500])
        #expect(checker.holds, "\(checker.violations)")
        #expect(checker.violationCount == 0)
        #expect(checker.duplicateCommits == 0 && checker.staleWritesAccepted == 0 && checker.lostShards == 0)
    }

    @Test func observeReturnsWhatItFoundNamingNodeAndTask() {
        var history = InvariantHistory()
        history.node(.nodeDraining, at: 0, 1)
        history.lease(at: 1, a, node: 1, token: 1, until: 61)
        var checker = InvariantChecker(configuration: InvariantHistory.configuration)
        let returned = history.observe(into: &checker)
        #expect(returned.count == 1)
        #expect(returned == checker.violations)
        #expect(returned.first?.node == NodeID(1) && returned.first?.task == a)
        #expect(returned.first?.description.hasPrefix("00:00:01.000 no_lease_when_unavailable: node-02") == true)
    }

    @Test func retainsABoundedNumberOfViolationsAndCountsThemAll() {
        var history = InvariantHistory()
        history.node(.nodeDraining, at: 0, 1)
        let total = InvariantChecker.retainedViolations + 50
        for number in 0..<total { history.lease(at: 1, InvariantHistory.task(number), node: 1, token: 1, until: 61) }
        let checker = history.checked()
        #expect(checker.violationCount == total)
        #expect(checker.violations.count == InvariantChecker.retainedViolations)
        #expect(checker.violations.first?.task == InvariantHistory.task(0), "the first ones are kept")
        #expect(!checker.holds)
    }
}

/// A completed iteration's tasks are retired (memory follows the live work); what they can
/// still do wrong is still seen.
@Suite struct RetiredTaskTests {
    private static let other = RunID("rqml-run-002")

    /// Run 1's single shard committed, its ack lost, the run completed.
    private static var completedRun: InvariantHistory {
        var history = InvariantHistory()
        history.schedule(at: 0, shards: 1)
        history.lease(at: 0, a, node: 0, token: 5, until: 60)
        history.commit(at: 10, a, node: 0, token: 5)
        history.completeIteration(at: 10)
        history.completeRun(at: 10)
        return history
    }

    @Test func exactlyOnceFiresWhenACompletedRunsTaskIsCommittedAgain() {
        var history = Self.completedRun
        history.expire(at: 60, a, node: 0, token: 5)
        history.redeliver(at: 61, a, node: 1, token: 6, until: 121, resumedFrom: 1)
        var correct = history
        correct.alreadyCommitted(at: 61, a, node: 1, token: 6)
        #expect(correct.checked().holds)

        history.commit(at: 70, a, node: 1, token: 6)
        let checker = history.checked()
        #expect(checker.brokenRules == [.exactlyOnce])
        #expect(checker.duplicateCommits == 1)
    }

    @Test func exactlyOnceFiresWhenACompletedIterationsTaskIsCommittedAgain() {
        var history = InvariantHistory()
        history.schedule(at: 0, shards: 1)
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.commit(at: 10, a, node: 0, token: 1)
        history.completeIteration(at: 10)
        let next = InvariantHistory.task(0, iteration: 2)
        history.schedule(at: 10, shards: 1, iteration: 2)
        history.lease(at: 10, next, node: 1, token: 1, until: 70)
        history.expire(at: 60, a, node: 0, token: 1)
        history.redeliver(at: 61, a, node: 2, token: 2, until: 121, resumedFrom: 1)
        history.commit(at: 62, a, node: 2, token: 2)  // iteration 1's shard, again
        history.commit(at: 65, next, node: 1, token: 1)
        history.completeIteration(at: 65, 2)
        history.completeRun(at: 65)
        let checker = history.checked()
        #expect(checker.brokenRules == [.exactlyOnce])
        #expect(checker.violationCount == 1 && checker.duplicateCommits == 1 && checker.lostShards == 0)
    }

    @Test func aLaterRunReusesRetiredSlotsFromAFreshShadow() {
        var history = Self.completedRun
        let reused = InvariantHistory.task(0, run: Self.other)
        history.schedule(at: 20, shards: 1, run: Self.other)
        history.lease(at: 20, reused, node: 0, token: 1, until: 80)  // below run 1's token 5: another task
        history.commit(at: 30, reused, node: 0, token: 1)
        history.completeIteration(at: 30, run: Self.other)
        history.completeRun(at: 30, run: Self.other)
        let checker = history.checked()
        #expect(checker.holds, "\(checker.violations)")
    }

    @Test func noLeaseWhenUnavailableStillJudgesACompletedRunsTask() {
        var history = Self.completedRun
        history.node(.nodeDraining, at: 20, 1)
        history.expire(at: 60, a, node: 0, token: 5)
        history.redeliver(at: 61, a, node: 1, token: 6, until: 121, resumedFrom: 1)
        #expect(history.checked().brokenRules == [.noLeaseWhenUnavailable])
    }
}

@Suite struct ExactlyOnceRuleTests {
    @Test func exactlyOnceFiresWhenATaskIsCommittedTwice() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.commit(at: 10, a, node: 0, token: 1)
        history.expire(at: 60, a, node: 0, token: 1)
        history.redeliver(at: 61, a, node: 1, token: 2, until: 121, resumedFrom: 1)
        var correct = history
        correct.alreadyCommitted(at: 61, a, node: 1, token: 2)
        #expect(correct.checked().holds)

        history.commit(at: 70, a, node: 1, token: 2)  // worked and committed again
        let checker = history.checked()
        #expect(checker.brokenRules == [.exactlyOnce])
        #expect(checker.duplicateCommits == 1)
    }

    @Test func exactlyOnceFiresWhenADeadLetteredTaskIsCommitted() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.expire(at: 60, a, node: 0, token: 1)
        history.redeliver(at: 61, a, node: 1, token: 2, until: 121, resumedFrom: nil)
        history.deadLetter(at: 70, a)
        history.commit(at: 80, a, node: 1, token: 2)
        let checker = history.checked()
        #expect(checker.brokenRules == [.exactlyOnce])
        #expect(checker.duplicateCommits == 1)
    }

    @Test func exactlyOnceFiresWhenACommittedTaskIsDeadLettered() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.commit(at: 10, a, node: 0, token: 1)
        history.deadLetter(at: 70, a)
        let checker = history.checked()
        #expect(checker.brokenRules == [.exactlyOnce])
        #expect(checker.violationCount == 1)
    }

    @Test func exactlyOnceCountsShardsLostWhenTheIterationCompletes() {
        var history = InvariantHistory()
        history.schedule(at: 0, shards: 3)
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.lease(at: 0, b, node: 1, token: 1, until: 60)
        history.commit(at: 10, a, node: 0, token: 1)
        history.deadLetter(at: 20, b)  // c was never even leased
        var correct = history
        correct.lease(at: 20, c, node: 2, token: 1, until: 80)
        correct.commit(at: 30, c, node: 2, token: 1)
        correct.completeIteration(at: 30)
        correct.completeRun(at: 30)
        #expect(correct.checked().holds)

        history.completeIteration(at: 30)
        history.completeRun(at: 30)
        let checker = history.checked()
        #expect(checker.brokenRules == [.exactlyOnce])
        #expect(checker.lostShards == 1, "counted once, at the iteration, not again at the run")
        #expect(checker.violationCount == 1)
    }

    @Test func exactlyOnceCountsLostShardsWhenARunCompletesWithoutItsIteration() {
        var history = InvariantHistory()
        history.schedule(at: 0, shards: 2)
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.commit(at: 10, a, node: 0, token: 1)
        history.completeRun(at: 20)
        let checker = history.checked()
        #expect(checker.brokenRules == [.exactlyOnce])
        #expect(checker.lostShards == 1)
    }

    @Test func exactlyOnceFiresWhenARejectedResultIsCommitted() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.commit(at: 10, a, node: 0, token: 1)
        history.reject(at: 11, a, node: 0, token: 1)  // judged wrong, but already the commit point
        #expect(history.checked().brokenRules == [.exactlyOnce])

        // Rejected, then committed on the same token: the rejection ended the lease, so the
        // commit is also a stale write accepted.
        var committedAfter = InvariantHistory()
        committedAfter.lease(at: 0, a, node: 0, token: 1, until: 60)
        committedAfter.reject(at: 10, a, node: 0, token: 1)
        committedAfter.add(11, .taskCommitted, node: 0, task: a, .commit(token: FencingToken(1), resumed: false))
        let checker = committedAfter.checked()
        #expect(Set(checker.brokenRules) == [.exactlyOnce, .fencing])
        #expect(checker.violations.contains { $0.rule == .exactlyOnce && $0.detail.contains("validation rejected") })
    }

    @Test func exactlyOnceFiresWhenAnUncommittedTaskIsAckedAsAlreadyCommitted() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.expire(at: 60, a, node: 0, token: 1)
        history.redeliver(at: 61, a, node: 1, token: 2, until: 121, resumedFrom: nil)
        history.alreadyCommitted(at: 61, a, node: 1, token: 2)
        #expect(history.checked().brokenRules == [.exactlyOnce])
    }
}

@Suite struct SingleLeaseRuleTests {
    @Test func singleLeaseHoldsWhenEachLeaseEndsBeforeTheNext() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.renew(at: 20, a, node: 0, token: 1, until: 80)
        history.expire(at: 80, a, node: 0, token: 1)
        history.redeliver(at: 80, a, node: 1, token: 2, until: 140, resumedFrom: nil)
        history.fail(at: 90, a, node: 1, token: 2)
        history.redeliver(at: 90, a, node: 2, token: 3, until: 150, resumedFrom: nil)
        history.reject(at: 100, a, node: 2, token: 3)
        history.redeliver(at: 100, a, node: 0, token: 4, until: 160, resumedFrom: 0)
        #expect(history.checked().holds)
    }

    @Test func singleLeaseFiresOnAnAcquisitionWhileTheRenewedLeaseIsUnexpired() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.renew(at: 20, a, node: 0, token: 1, until: 80)
        history.redeliver(at: 70, a, node: 1, token: 2, until: 130, resumedFrom: nil)  // past 60, before 80
        let checker = history.checked()
        #expect(checker.brokenRules == [.singleLease])
        #expect(checker.violationCount == 1)
    }

    @Test func singleLeaseFiresOnARedeliveryAfterACommitWithoutExpiry() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.commit(at: 10, a, node: 0, token: 1)  // the lease lasts until the ack or its expiry
        history.redeliver(at: 20, a, node: 1, token: 2, until: 80, resumedFrom: 1)
        history.alreadyCommitted(at: 20, a, node: 1, token: 2)
        #expect(history.checked().brokenRules == [.singleLease])
    }

    @Test func singleLeaseFiresWhenALeaseExpiresBeforeItsDeadline() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.expire(at: 30, a, node: 0, token: 1)
        history.redeliver(at: 30, a, node: 1, token: 2, until: 90, resumedFrom: nil)
        let checker = history.checked()
        #expect(checker.brokenRules == [.singleLease])
        #expect(checker.violationCount == 1, "the early expiry, not the acquisition after it")
    }
}

@Suite struct FencingRuleTests {
    @Test func fencingHoldsForCurrentWritesAndRefusedStaleOnes() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.checkpoint(at: 20, a, node: 0, token: 1, progress: 0.4)
        history.renew(at: 50, a, node: 0, token: 1, until: 110)
        history.checkpoint(at: 100, a, node: 0, token: 1, progress: 0.8)  // in time thanks to the renewal
        history.expire(at: 110, a, node: 0, token: 1)
        history.redeliver(at: 111, a, node: 1, token: 2, until: 171, resumedFrom: 0.8)
        history.add(120, .staleWriteRejected, node: 0, task: a,
                    .staleWrite(operation: "checkpoint", presented: FencingToken(1), current: FencingToken(2)))
        history.commit(at: 130, a, node: 1, token: 2)
        #expect(history.checked().holds)
    }

    @Test func fencingFiresWhenTokensDoNotIncrease() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 5, until: 60)
        history.expire(at: 60, a, node: 0, token: 5)
        history.redeliver(at: 61, a, node: 1, token: 5, until: 121, resumedFrom: nil)
        history.expire(at: 121, a, node: 1, token: 5)
        history.redeliver(at: 122, a, node: 2, token: 3, until: 182, resumedFrom: nil)
        let checker = history.checked()
        #expect(checker.brokenRules == [.fencing])
        #expect(checker.violationCount == 2)
        #expect(checker.staleWritesAccepted == 0, "an acquisition is not a write")
    }

    @Test func fencingCountsAnAcceptedWriteWithAStaleToken() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.expire(at: 60, a, node: 0, token: 1)
        history.redeliver(at: 61, a, node: 1, token: 2, until: 121, resumedFrom: nil)
        history.checkpoint(at: 70, a, node: 0, token: 1, progress: 0.5)  // the zombie's write, accepted
        let checker = history.checked()
        #expect(checker.brokenRules == [.fencing])
        #expect(checker.staleWritesAccepted == 1)
    }

    @Test func fencingCountsAWriteAcceptedAtTheDeadline() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.renew(at: 60, a, node: 0, token: 1, until: 120)  // too late: the lease had run out
        let checker = history.checked()
        #expect(checker.brokenRules == [.fencing])
        #expect(checker.staleWritesAccepted == 1)
    }

    @Test func fencingCountsAWriteFromAnIncarnationDeclaredDead() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.node(.nodeDead, at: 10, 0, incarnation: 1)
        history.checkpoint(at: 20, a, node: 0, token: 1, progress: 0.5)
        let checker = history.checked()
        #expect(checker.brokenRules == [.fencing])
        #expect(checker.staleWritesAccepted == 1)
    }

    @Test func fencingCountsAWriteAfterTheLeaseEnded() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.fail(at: 10, a, node: 0, token: 1)
        history.commit(at: 20, a, node: 0, token: 1)  // final checkpoint and commit after the nack
        let checker = history.checked()
        #expect(checker.brokenRules == [.fencing])
        #expect(checker.staleWritesAccepted == 2)
    }
}

@Suite struct NoLeaseWhenUnavailableRuleTests {
    @Test func noLeaseWhenUnavailableFiresForADrainingNodeUntilItResumes() {
        var history = InvariantHistory()
        history.node(.nodeDraining, at: 0, 1)
        history.lease(at: 10, a, node: 1, token: 1, until: 70)
        history.node(.nodeResumed, at: 20, 1)
        history.lease(at: 30, b, node: 1, token: 1, until: 90)
        let checker = history.checked()
        #expect(checker.brokenRules == [.noLeaseWhenUnavailable])
        #expect(checker.violations.map(\.task) == [a])
    }

    @Test func noLeaseWhenUnavailableFiresForAKilledNodeUntilItRestarts() {
        var history = InvariantHistory()
        history.node(.nodeDraining, at: 0, 1)
        history.node(.nodeKilled, at: 5, 1, incarnation: 1)
        history.redeliver(at: 10, a, node: 1, token: 1, until: 70, resumedFrom: nil)
        history.node(.nodeRestarted, at: 20, 1, incarnation: 2)  // ends the kill and the drain
        history.lease(at: 30, b, node: 1, token: 1, until: 90, incarnation: 2)
        let checker = history.checked()
        #expect(checker.brokenRules == [.noLeaseWhenUnavailable])
        #expect(checker.violations.map(\.task) == [a])
    }

    @Test func noLeaseWhenUnavailableFiresForEveryIncarnationDeclaredDead() {
        var history = InvariantHistory()
        history.node(.nodeDead, at: 5, 0, incarnation: 1)
        history.lease(at: 10, a, node: 0, token: 1, until: 70)
        history.node(.nodeRejoined, at: 20, 0, incarnation: 2)
        history.lease(at: 30, b, node: 0, token: 1, until: 90, incarnation: 2)
        history.lease(at: 40, c, node: 0, token: 1, until: 100, incarnation: 1)  // the fenced one again
        let checker = history.checked()
        #expect(checker.brokenRules == [.noLeaseWhenUnavailable])
        #expect(checker.violations.map(\.task) == [a, c])
    }
}

@Suite struct ProgressMonotonicRuleTests {
    @Test func progressMonotonicFiresWhenACheckpointGoesBack() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.checkpoint(at: 10, a, node: 0, token: 1, progress: 0.5)
        var correct = history
        correct.checkpoint(at: 20, a, node: 0, token: 1, progress: 0.5)
        #expect(correct.checked().holds, "an equal checkpoint is no step back")

        history.checkpoint(at: 20, a, node: 0, token: 1, progress: 0.3)
        #expect(history.checked().brokenRules == [.progressMonotonic])
    }

    @Test func progressMonotonicFiresWhenARedeliveryResumesBelowTheLatestCheckpoint() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.checkpoint(at: 10, a, node: 0, token: 1, progress: 0.5)
        history.expire(at: 60, a, node: 0, token: 1)
        var correct = history
        correct.redeliver(at: 61, a, node: 1, token: 2, until: 121, resumedFrom: 0.5)
        #expect(correct.checked().holds)

        var lower = history
        lower.redeliver(at: 61, a, node: 1, token: 2, until: 121, resumedFrom: 0.2)
        #expect(lower.checked().brokenRules == [.progressMonotonic])
        var fromNothing = history
        fromNothing.redeliver(at: 61, a, node: 1, token: 2, until: 121, resumedFrom: nil)
        #expect(fromNothing.checked().brokenRules == [.progressMonotonic])
    }

    @Test func progressMonotonicFiresWhenARejectedTaskResumesAboveZero() {
        var history = InvariantHistory()
        history.lease(at: 0, a, node: 0, token: 1, until: 60)
        history.checkpoint(at: 10, a, node: 0, token: 1, progress: 0.6)
        history.reject(at: 20, a, node: 0, token: 1)
        var correct = history
        correct.redeliver(at: 21, a, node: 1, token: 2, until: 81, resumedFrom: 0)
        correct.checkpoint(at: 30, a, node: 1, token: 2, progress: 0.2)  // below 0.6: those were discarded
        correct.commit(at: 40, a, node: 1, token: 2)
        #expect(correct.checked().holds)

        history.redeliver(at: 21, a, node: 1, token: 2, until: 81, resumedFrom: 0.6)  // kept the rejected attempt's work
        #expect(history.checked().brokenRules == [.progressMonotonic])
    }
}

@Suite struct LivenessRuleTests {
    /// One shard leased at 0 for long enough that only liveness can object; longest work 30 s,
    /// so with the 60 s bound a run may go 90 s without committing.
    private static var stalledRun: InvariantHistory {
        var history = InvariantHistory()
        history.schedule(at: 0, shards: 1, longestWork: 30)
        history.lease(at: 0, a, node: 0, token: 1, until: 10_000)
        return history
    }

    @Test func livenessFiresOnceWhenARunCommitsNothingForItsBound() {
        #expect(Self.stalledRun.checked(livenessChecks: [30, 89]).holds)
        let checker = Self.stalledRun.checked(livenessChecks: [30, 89, 90, 120, 200])
        #expect(checker.brokenRules == [.liveness])
        #expect(checker.violationCount == 1, "once per stall")
        #expect(checker.violations.first?.time == .zero + .seconds(90))
    }

    @Test func livenessClockRestartsAtEachCommit() {
        var history = InvariantHistory()
        history.schedule(at: 0, shards: 3, longestWork: 30)
        history.lease(at: 0, a, node: 0, token: 1, until: 10_000)
        history.lease(at: 0, b, node: 1, token: 1, until: 10_000)
        history.lease(at: 0, c, node: 2, token: 1, until: 10_000)
        history.commit(at: 80, a, node: 0, token: 1)
        history.commit(at: 160, b, node: 1, token: 1)
        #expect(history.checked(livenessChecks: Array(stride(from: 0, through: 249, by: 10))).holds)
        let checker = history.checked(livenessChecks: [250, 260, 300])
        #expect(checker.violationCount == 1, "a new stall after the last commit")
        #expect(checker.violations.first?.time == .zero + .seconds(250))
    }

    @Test func livenessWaitsWhileAFaultIsInForceAndRestartsWhenTheLastClears() {
        var history = Self.stalledRun
        history.fault(.faultInjected, at: 10, .partition, node: 0)
        history.fault(.faultInjected, at: 20, .partition, node: 1)
        history.fault(.faultCleared, at: 100, .partition, node: 0)  // node-02's partition is still in force
        history.fault(.faultCleared, at: 200, .partition, node: 1)
        #expect(history.checked(livenessChecks: [90, 150, 200, 289]).holds)
        let checker = history.checked(livenessChecks: [290])
        #expect(checker.brokenRules == [.liveness])
    }

    @Test func livenessCountsChaosAsAFaultWhileItIsOn() {
        var history = Self.stalledRun
        history.fault(.faultInjected, at: 0, .chaos)
        #expect(history.checked(livenessChecks: [90, 1_000]).holds)
        history.fault(.faultCleared, at: 1_000, .chaos)
        #expect(history.checked(livenessChecks: [1_089]).holds)
        #expect(history.checked(livenessChecks: [1_090]).brokenRules == [.liveness])
    }

    @Test func livenessWaitsWhileNoNodeIsAvailable() {
        var history = Self.stalledRun
        history.node(.nodeDraining, at: 5, 0)
        history.node(.nodeKilled, at: 5, 1, incarnation: 1)
        history.node(.nodeDead, at: 5, 2, incarnation: 1)
        history.node(.nodeRejoined, at: 300, 2, incarnation: 2)
        #expect(history.checked(livenessChecks: [90, 299, 389]).holds)
        #expect(history.checked(livenessChecks: [390]).brokenRules == [.liveness])
    }

    @Test func livenessStopsJudgingACompletedRun() {
        var history = Self.stalledRun
        history.commit(at: 50, a, node: 0, token: 1)
        history.completeIteration(at: 50)
        history.completeRun(at: 50)
        #expect(history.checked(livenessChecks: [140, 1_000]).holds)
    }
}

@Suite struct ReproducibilityCheckTests {
    @Test func reproducibilityHoldsForEqualHistoriesAndHashes() {
        let history = InvariantCheckerTests.correctHistory.events
        #expect(ReproducibilityCheck.firstDivergence(history, history) == nil)
        #expect(ReproducibilityCheck.compare(traceHash: 42, with: 42, at: .zero) == nil)
    }

    @Test func reproducibilityReportsTheFirstDivergingEvent() throws {
        var first = InvariantHistory()
        first.lease(at: 0, a, node: 0, token: 1, until: 60)
        first.checkpoint(at: 10, a, node: 0, token: 1, progress: 0.5)
        first.commit(at: 20, a, node: 0, token: 1)
        var second = InvariantHistory()
        second.lease(at: 0, a, node: 0, token: 1, until: 60)
        second.checkpoint(at: 10, a, node: 0, token: 1, progress: 0.5)
        second.expire(at: 60, a, node: 0, token: 1)
        let violation = try #require(ReproducibilityCheck.firstDivergence(first.events, second.events))
        #expect(violation.rule == .reproducibility)
        #expect(violation.time == .zero + .seconds(20))
        #expect(violation.detail.contains("event 2 differs"))
        #expect(violation.detail.contains("#2 at 00:00:20.000 checkpoint_saved node-01"))
        #expect(violation.detail.contains("#2 at 00:01:00.000 lease_expired"))
    }

    @Test func reproducibilityReportsAHistoryThatEndsEarly() throws {
        let history = InvariantCheckerTests.correctHistory.events
        let violation = try #require(ReproducibilityCheck.firstDivergence(history, history.dropLast()))
        #expect(violation.detail.hasPrefix("the second run ends after \(history.count - 1) events"))
        #expect(violation.detail.contains(history[history.count - 1].kind.rawValue))
    }

    @Test func reproducibilityReportsDifferentTraceHashes() throws {
        let violation = try #require(ReproducibilityCheck.compare(traceHash: 0xAB, with: 0xCD, at: .zero + .seconds(5)))
        #expect(violation.rule == .reproducibility)
        #expect(violation.detail == "trace hash 00000000000000ab in the first run, 00000000000000cd in the second")
    }
}

import AureonCluster
import AureonEngine
import AureonScenario

/// One attempt at a drill: the simulation, the tracker that grades it, and the game master
/// that sets off conditional injects and releases hints. Headless runs drive it with
/// ``run()``; the console drives the simulation itself and calls ``evaluate()`` each frame.
public final class DrillSession {
    public let drill: Drill
    public let simulation: ClusterSimulation
    public let tracker: ObjectiveTracker
    /// Set when the attempt ends (time up, or nothing left to happen); graded then.
    public private(set) var verdict: DrillVerdict?
    public let trainee: String
    /// How often a headless run stops to evaluate: the grain of conditional injects and hints.
    public static let evaluationInterval = VirtualDuration.seconds(1)

    /// Builds the attempt: the drill's runs and timed injects go on the timeline, then the
    /// trainee's timed actions (headless `--actions`).
    /// `eventSink` also receives every event (the console's feed), after the tracker.
    public init(drill: Drill, trainee: String, actions: [ScenarioAction] = [], actionsFile: String = "",
                eventSink: ((ClusterEvent) -> Void)? = nil) throws(InputError) {
        self.drill = drill
        self.trainee = trainee
        let tracker = ObjectiveTracker(drill: drill)
        self.tracker = tracker
        var resolved: [(VirtualDuration, OperatorAction)] = []
        for action in actions {
            resolved.append((action.at, try action.resolve(nodeCount: drill.scenario.configuration.nodeCount, file: actionsFile)))
        }
        let simulation = try drill.scenario.makeSimulation(eventSink: { event in
            tracker.observe(event)
            eventSink?(event)
        })
        self.simulation = simulation
        tracker.attach(simulation)
        for inject in drill.injects {
            if case let .at(time) = inject.trigger { simulation.schedule(inject.action, at: .zero + time) }
        }
        for (at, action) in resolved { simulation.schedule(action, at: .zero + at) }
    }

    public var isFinished: Bool { verdict != nil }
    public var endTime: VirtualTime { .zero + drill.timeLimit }
    public var remaining: VirtualDuration { max(.zero, endTime - simulation.now) }

    /// Plays the whole attempt headless and grades it.
    @discardableResult
    public func run() -> DrillVerdict {
        while verdict == nil {
            simulation.advance(to: min(endTime, simulation.now + Self.evaluationInterval))
            evaluate()
        }
        return verdict!
    }

    /// Between events: grade what depends on time and state, set off injects whose condition
    /// held, release a hint after a quiet spell, and end the attempt when it is over.
    public func evaluate() {
        guard verdict == nil else { return }
        tracker.evaluate()
        let now = simulation.now
        for index in drill.injects.indices where tracker.triggersReached.contains(index) && tracker.injectsFired[index] == nil {
            try? simulation.perform(drill.injects[index].action)  // a refusal is an event; the inject has gone off
            tracker.evaluate()
        }
        let next = tracker.hintsUsed.count
        if next < drill.hints.count, now - tracker.quietSince >= drill.hints[next].after { releaseHint() }
        // Over when the time is up, when every required objective is settled, or when nothing
        // is left to happen (every run complete, no timed inject to come).
        if now >= endTime || tracker.requiredSettled || (simulation.isIdle && !timedInjectsPending) {
            tracker.finish()
            verdict = DrillVerdict(drill: drill, trainee: trainee, tracker: tracker, simulation: simulation)
        }
    }

    private var timedInjectsPending: Bool {
        drill.injects.contains { inject in
            if case let .at(time) = inject.trigger { return .zero + time > simulation.now }
            return false
        }
    }

    /// The next hint, now (the `h` key, or a quiet spell). Returns its text, nil when none is left.
    @discardableResult
    public func releaseHint() -> String? {
        let next = tracker.hintsUsed.count
        guard verdict == nil, next < drill.hints.count else { return nil }
        try? simulation.perform(.say(HintText.line(next, drill.hints[next].text)))
        tracker.evaluate()
        return drill.hints[next].text
    }

    /// Instructor: the next inject not yet gone off, fired now. Returns its name.
    @discardableResult
    public func fireNextInject() -> String? {
        guard verdict == nil, let index = drill.injects.indices.first(where: { tracker.injectsFired[$0] == nil }) else { return nil }
        try? simulation.perform(.say(HintText.instructorPrefix + "fired \(drill.injects[index].name)"))
        try? simulation.perform(drill.injects[index].action)
        tracker.evaluate()
        return drill.injects[index].name
    }

    /// Ends the attempt now (the trainee quit): graded as it stands.
    public func stop() {
        guard verdict == nil else { return }
        tracker.finish()
        verdict = DrillVerdict(drill: drill, trainee: trainee, tracker: tracker, simulation: simulation)
    }

    /// The attempt as a recording (the console's `--record` format): `aureon drill check` grades it.
    public var recording: Recording { Recording(scenarioName: drill.name, simulation: simulation) }
}

import AureonEngine

/// The next thing a state machine must be woken for. The heap stores it packed
/// (`PackedEvent`); a slot index fits 16 bits because concurrency is at most 1,024.
enum SimulationEvent: Sendable {
    /// A node's heartbeat timer.
    case heartbeat(node: Int32, incarnation: Int32)
    /// A message arrives; the message itself waits in the simulation's in-flight slab so that
    /// heap entries stay small (the heap is the hottest structure in the engine).
    case deliver(slot: Int32)
    /// A node's execution needs attention (renewal, checkpoint, self-fencing check, finish).
    case taskWake(execution: UInt64, node: Int32, slot: UInt16)
    /// A node's pull may have gone unanswered for too long: it was lost, or its answer was.
    case pullTimeout(node: Int32, incarnation: Int32)
    /// The queue's visibility-timeout timer: the earliest lease deadline still in force.
    case leaseDeadlines
    /// Delayed messages may have become visible.
    case visibilityDue
    /// Ready work may have waited long enough to be stolen by an idle node.
    case stealCheck
    /// A node's long-polling pull may have waited `pull_wait`: answer it empty.
    case pullWaitExpired(node: Int32)
    case recoveryScan
    /// The invariant checker's periodic liveness check.
    case livenessCheck
    case scheduledAction(index: Int32)
    case faultExpiry(FaultExpiry)
    /// The chaos generator draws its next fault.
    case chaosTick(generation: UInt32)
    /// Chaos undoes a kill or a drain it caused.
    case chaosRecovery(node: Int32, incarnation: Int32, restart: Bool)
}

/// A `SimulationEvent` in two machine words: what the engine's heap actually holds.
///
/// Why: as an enum the event is 15–17 bytes, which makes heap entries (time, sequence,
/// payload) 40 bytes straddling cache lines, or 32 bytes moved as four odd-sized stores. Two
/// words make every entry 32 bytes, two per cache line, moved as two 16-byte copies, in the
/// structure every event passes through twice. The case number sits in the top byte of
/// `high`; `event` decodes it back (everything inlines to shifts).
struct PackedEvent: Sendable {
    let low: UInt64
    let high: UInt64

    @inline(__always)
    init(_ event: SimulationEvent) {
        switch event {
        case let .heartbeat(node, incarnation): self.init(0, Self.pair(node, incarnation), 0)
        case let .deliver(slot): self.init(1, UInt64(UInt32(bitPattern: slot)), 0)
        case let .taskWake(execution, node, slot): self.init(2, execution, UInt64(UInt32(bitPattern: node)) | UInt64(slot) << 32)
        case let .pullTimeout(node, incarnation): self.init(3, Self.pair(node, incarnation), 0)
        case .leaseDeadlines: self.init(4, 0, 0)
        case .visibilityDue: self.init(5, 0, 0)
        case .stealCheck: self.init(6, 0, 0)
        case let .pullWaitExpired(node): self.init(7, UInt64(UInt32(bitPattern: node)), 0)
        case .recoveryScan: self.init(8, 0, 0)
        case .livenessCheck: self.init(9, 0, 0)
        case let .scheduledAction(index): self.init(10, UInt64(UInt32(bitPattern: index)), 0)
        case let .faultExpiry(expiry):
            self.init(11, Self.pair(expiry.node, Int32(bitPattern: expiry.epoch)), UInt64(expiry.kind.ordinal))
        case let .chaosTick(generation): self.init(12, UInt64(generation), 0)
        case let .chaosRecovery(node, incarnation, restart): self.init(13, Self.pair(node, incarnation), restart ? 1 : 0)
        }
    }

    @inline(__always)
    private init(_ tag: UInt64, _ low: UInt64, _ high: UInt64) {
        self.low = low
        self.high = high | tag << 56
    }

    @inline(__always)
    var event: SimulationEvent {
        let first = Int32(bitPattern: UInt32(truncatingIfNeeded: low))
        let second = Int32(bitPattern: UInt32(truncatingIfNeeded: low >> 32))
        let word = UInt32(truncatingIfNeeded: high)
        switch high >> 56 {
        case 0: return .heartbeat(node: first, incarnation: second)
        case 1: return .deliver(slot: first)
        case 2: return .taskWake(execution: low, node: Int32(bitPattern: word), slot: UInt16(truncatingIfNeeded: high >> 32))
        case 3: return .pullTimeout(node: first, incarnation: second)
        case 4: return .leaseDeadlines
        case 5: return .visibilityDue
        case 6: return .stealCheck
        case 7: return .pullWaitExpired(node: first)
        case 8: return .recoveryScan
        case 9: return .livenessCheck
        case 10: return .scheduledAction(index: first)
        case 12: return .chaosTick(generation: UInt32(truncatingIfNeeded: low))
        case 13: return .chaosRecovery(node: first, incarnation: second, restart: high & 1 == 1)
        default:
            let ordinal = Int(UInt8(truncatingIfNeeded: high))
            let kind = ordinal < FaultKind.allCases.count ? FaultKind.allCases[ordinal] : .partition
            return .faultExpiry(FaultExpiry(kind: kind, node: first, epoch: UInt32(bitPattern: second)))
        }
    }

    @inline(__always)
    private static func pair(_ first: Int32, _ second: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: first)) | UInt64(UInt32(bitPattern: second)) << 32
    }
}

extension EventScheduler where Payload == PackedEvent {
    @inline(__always)
    mutating func schedule(_ event: SimulationEvent, at time: VirtualTime) { schedule(PackedEvent(event), at: time) }
}

/// The end of a timed fault. `epoch` ties it to the fault it ends, so a newer fault on the same
/// target is not cut short by an older timer.
struct FaultExpiry: Sendable {
    let kind: FaultKind
    /// Node index, or -1 for cluster-wide faults.
    let node: Int32
    let epoch: UInt32
}

/// Identifies one fault on one target (node index, or -1 for the whole cluster).
struct FaultKey: Hashable, Sendable {
    let node: Int32
    let kind: FaultKind
}

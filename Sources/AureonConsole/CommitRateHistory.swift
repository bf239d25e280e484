import AureonCluster
import AureonEngine

/// Commits per virtual second, sampled in fixed virtual-time buckets, for the status-bar sparkline.
///
/// Buckets are virtual so the chart describes the cluster, not the frame
/// rate; their width grows with the speed so that the sparkline covers a
/// few wall seconds at any speed instead of flickering through 40 buckets a frame.
public struct CommitRateHistory: Sendable {
    /// Samples kept; the status bar shows as many as fit.
    public static let capacity = 120

    public private(set) var bucketWidth: VirtualDuration
    /// Commits per virtual second of each closed bucket, oldest first.
    public private(set) var rates: [Double] = []
    private var nextBoundary: VirtualTime
    private var commitsAtLastBoundary: Int

    public init(speed: Double, now: VirtualTime, commits: Int) {
        bucketWidth = Self.bucketWidth(forSpeed: speed)
        nextBoundary = Self.boundary(after: now, width: bucketWidth)
        commitsAtLastBoundary = commits
    }

    /// A quarter of a wall second of virtual time, at least one virtual second, in whole seconds.
    public static func bucketWidth(forSpeed speed: Double) -> VirtualDuration {
        .seconds(max(1, Int64((speed / 4).rounded())))
    }

    private static func boundary(after time: VirtualTime, width: VirtualDuration) -> VirtualTime {
        VirtualTime(microseconds: (time.microseconds / width.microseconds + 1) * width.microseconds)
    }

    /// The next time the simulation should stop so a bucket closes exactly on its boundary.
    public func boundary(after time: VirtualTime) -> VirtualTime {
        max(nextBoundary, time)
    }

    /// Closes every bucket whose boundary the simulation has reached.
    public mutating func observe(now: VirtualTime, commits: Int) {
        var closed = 0
        // A step past many boundaries at once closes them all: the first gets the commits, the rest 0.
        while nextBoundary <= now && closed < Self.capacity {
            let delta = commits - commitsAtLastBoundary
            commitsAtLastBoundary = commits
            append(Double(delta) / bucketWidth.seconds)
            nextBoundary = nextBoundary + bucketWidth
            closed += 1
        }
        if nextBoundary <= now { nextBoundary = Self.boundary(after: now, width: bucketWidth) }
    }

    /// Starts over with buckets sized for a new speed (old samples had another width).
    public mutating func reset(speed: Double, now: VirtualTime, commits: Int) {
        self = CommitRateHistory(speed: speed, now: now, commits: commits)
    }

    /// The rate of the newest closed bucket, 0 before the first closes.
    public var latest: Double { rates.last ?? 0 }

    private mutating func append(_ rate: Double) {
        if rates.count == Self.capacity { rates.removeFirst() }
        rates.append(rate)
    }
}

import Foundation

/// Measures rows of `aureon bench`, each in child processes of this binary: timed runs (the
/// best of `repetitions` is reported: the machine may be shared) and, with a ``Callgrind``, one
/// more run under valgrind for the instruction count.
struct BenchMeasurer {
    let executable: String
    let repetitions: Int
    let demoDirectory: String
    let fuzzSeeds: Int
    let callgrind: Callgrind?

    func measure(_ name: BenchRowName) throws -> BenchRow {
        switch name.kind {
        case .workload: try workload(name)
        case .startup: try startup()
        case .fuzz: try fuzz()
        case .console: try console(name)
        }
    }

    /// Runs `arguments` up to `count` times and returns every run, stopping at the first that
    /// fails (a child killed for its memory is not run again).
    func timedRuns(_ arguments: [String], count: Int) throws -> [ChildRun] {
        var runs: [ChildRun] = []
        for _ in 0..<count {
            let run = try ChildRun.spawn(executable: executable, arguments: arguments)
            runs.append(run)
            if run.status != 0 { break }
        }
        return runs
    }

    /// The failed run's verdict if any run failed, else ``ChildRun/ok``.
    static func verdict(_ runs: [ChildRun]) -> String {
        runs.first { $0.status != 0 }?.verdict ?? ChildRun.ok
    }

    /// The fastest of the runs that succeeded.
    static func fastest(_ runs: [ChildRun]) -> ChildRun? {
        runs.filter { $0.status == 0 }.min { $0.wallSeconds < $1.wallSeconds }
    }
}

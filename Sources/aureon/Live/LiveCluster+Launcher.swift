import AureonConsole
#if canImport(Glibc)
import Glibc
#endif

/// The console's hands on the processes `aureon live` started: signals go through the
/// launcher, which reaps what it killed and knows what still runs.
extension LiveCluster: LiveNodeLauncher {
    func startedPID(of node: String) -> Int32? {
        guard let member = refresh().first(where: { $0.name == node && $0.role == .node }), member.state.exitStatus == nil else { return nil }
        return member.pid
    }

    func send(_ signal: NodeSignal, to node: String) -> Bool {
        guard startedPID(of: node) != nil else { return false }
        do {
            switch signal {
            case .kill: try kill(node)
            case .stop: try pause(node)
            case .resume: try resume(node)
            case .cut: try partition(node)
            case .heal: try heal(node)
            }
            return true
        } catch {
            return false
        }
    }
}

import AureonCluster

/// Every branch of a session, main first, each after its parent (the order they were made in).
public struct BranchTree: Sendable {
    public private(set) var branches: [Branch]
    /// Branches one session may make: each keeps its actions and, in the console, keyframes.
    public static let branchLimit = 256

    public init(main: Branch) {
        precondition(main.parent == nil)
        branches = [main]
    }

    public var main: Branch { branches[0] }

    public func branch(named name: String) -> Branch? { branches.first { $0.name == name } }

    func index(of name: String) -> Int? { branches.firstIndex { $0.name == name } }

    /// The first free name of the form `branch-N` (N from 2: main is the first).
    public var nextName: String {
        var number = branches.count + 1
        while branch(named: "branch-\(number)") != nil { number += 1 }
        return "branch-\(number)"
    }

    /// Adds a branch whose parent is already in the tree.
    mutating func add(_ branch: Branch) {
        precondition(self.branch(named: branch.name) == nil, "branch names are unique")
        precondition(branch.parent.flatMap { self.branch(named: $0) } != nil, "a branch's parent comes first")
        branches.append(branch)
    }

    mutating func update(_ name: String, _ change: (inout Branch) -> Void) {
        guard let index = index(of: name) else { preconditionFailure("no branch \(name)") }
        change(&branches[index])
    }
}

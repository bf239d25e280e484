import Testing
@testable import AureonCluster

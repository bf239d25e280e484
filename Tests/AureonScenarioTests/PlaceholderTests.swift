import Testing
@testable import AureonScenario

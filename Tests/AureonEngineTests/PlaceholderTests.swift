import Testing
@testable import AureonEngine

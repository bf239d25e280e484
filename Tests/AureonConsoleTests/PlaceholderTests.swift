import Testing
@testable import AureonConsole

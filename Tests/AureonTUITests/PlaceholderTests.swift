import Testing
@testable import AureonTUI

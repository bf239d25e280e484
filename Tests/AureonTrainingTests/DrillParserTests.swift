import AureonScenario
import AureonTraining
import XCTest

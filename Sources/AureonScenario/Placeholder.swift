// AureonScenario

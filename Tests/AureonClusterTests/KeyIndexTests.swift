@testable import AureonCluster
import Testing

@Suite struct KeyIndexTests {
    /// Every key keeps the index it was added at, and unknown keys have none, below the
    /// dictionary threshold, at it and beyond (where lookups move to the dictionary).
    @Test func indicesFollowTheOrderOfAdditionOnBothSidesOfTheThreshold() {
        let threshold = KeyIndex<String>.dictionaryThreshold
        var index = KeyIndex<String>()
        var added: [String] = []
        for number in 0..<(threshold * 3) {
            let key = "key-\(number * 7 % 100)-\(number)"
            #expect(index.index(of: key) == nil)
            #expect(index.append(key) == Int32(number))
            added.append(key)
            for (position, known) in added.enumerated() {
                #expect(index.index(of: known) == Int32(position), "\(known) after \(added.count) keys")
                #expect(index[Int32(position)] == known)
            }
            #expect(index.index(of: "absent") == nil)
        }
        #expect(index.count == threshold * 3 && index.keys == added)
    }

    /// A copy (a snapshot's supervisor) goes on alone.
    @Test func aCopyIsIndependent() {
        var index = KeyIndex<RunID>()
        for number in 1...20 { _ = index.append(RunID.sequential(number)) }
        var copy = index
        _ = copy.append(RunID("only-in-the-copy"))
        #expect(index.index(of: RunID("only-in-the-copy")) == nil)
        #expect(copy.index(of: RunID("only-in-the-copy")) == 20)
        #expect(copy.index(of: RunID.sequential(20)) == index.index(of: RunID.sequential(20)))
    }
}

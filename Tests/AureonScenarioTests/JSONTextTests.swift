@testable import AureonScenario
import Testing

@Suite struct JSONTextTests {
    /// Strings that need no escape are copied whole; the others escape exactly quotes,
    /// backslashes and control characters, and pass every other scalar through.
    @Test(arguments: [
        ("plain node-01", #""plain node-01""#),
        ("", #""""#),
        ("naïve ✓ 漢字", #""naïve ✓ 漢字""#),
        (#"say "hi""#, #""say \"hi\"""#),
        (#"C:\path"#, #""C:\\path""#),
        ("line\nbreak\ttab\rret", #""line\nbreak\ttab\rret""#),
        ("bell\u{07}nul\u{00}", #""bell\u0007nul\u0000""#),
        ("\u{1F}✓\"", #""\u001f✓\"""#),
    ])
    func stringsAreEscapedExactlyWhereJSONRequires(text: String, expected: String) {
        #expect(JSONText.string(text) == expected)
    }

    @Test func objectsAndArraysKeepTheirOrder() {
        #expect(JSONText.object([]) == "{}")
        #expect(JSONText.array([]) == "[]")
        #expect(JSONText.object([("b", "1"), ("a", JSONText.array(["2", "\"x\""])), ("q\"", "null")])
                == #"{"b":1,"a":[2,"x"],"q\"":null}"#)
    }
}

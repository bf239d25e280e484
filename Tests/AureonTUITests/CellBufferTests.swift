import Testing
@testable import AureonTUI

@Suite("CellBuffer")
struct CellBufferTests {
    @Test func zeroByZeroBufferAcceptsAnyWrite() {
        var buffer = CellBuffer(width: 0, height: 0)
        buffer.put("hello", x: 0, y: 0)
        buffer.put("hello", x: -5, y: -5)
        buffer.fill(Rect(x: -10, y: -10, width: 100, height: 100), with: Cell("#"))
        buffer.set(Cell("x"), x: 3, y: 3)
        #expect(buffer.lines == [])
        #expect(buffer.text() == "")
        #expect(buffer[0, 0] == .blank)
    }

    @Test func oneByOneBufferClipsToOneCell() {
        var buffer = CellBuffer(width: 1, height: 1)
        buffer.put("hello", x: 0, y: 0)
        #expect(buffer.lines == ["h"])
        buffer.put("xyz", x: -2, y: 0)
        #expect(buffer.lines == ["z"])
        buffer.put("界", x: 0, y: 0)  // Wide: does not fit in one column.
        #expect(buffer.lines == [" "])
    }

    @Test func negativeAndHugeCoordinatesClip() {
        var buffer = CellBuffer(width: 5, height: 2)
        buffer.put("abcdef", x: -3, y: 0)
        buffer.put("zz", x: Int.max, y: 1)
        buffer.put("zz", x: Int.min, y: 1)
        buffer.put("zz", x: 0, y: Int.max)
        buffer.put("zz", x: 0, y: Int.min)
        buffer.put("qq", x: 3, y: 1, maxWidth: Int.max)
        #expect(buffer.lines == ["def  ", "   qq"])
        let negativeSize = CellBuffer(width: -3, height: -1)
        #expect(negativeSize.width == 0 && negativeSize.height == 0)
    }

    @Test func maxWidthClips() {
        var buffer = CellBuffer(width: 10, height: 1)
        let end = buffer.put("abcdef", x: 2, y: 0, maxWidth: 3)
        #expect(buffer.text() == "  abc")
        #expect(end == 5)
        buffer.put("zz", x: 0, y: 0, maxWidth: 0)
        #expect(buffer.text() == "  abc")
    }

    @Test func wideCharactersTakeTwoColumns() {
        var buffer = CellBuffer(width: 6, height: 1)
        buffer.put("a界b", x: 0, y: 0)
        #expect(buffer.lines == ["a界b  "])
        #expect(buffer[2, 0].isContinuation)
        // Overwriting the right half blanks the left half rather than leaving half a glyph.
        buffer.put("x", x: 2, y: 0)
        #expect(buffer.lines == ["a xb  "])
    }

    @Test func controlCharactersBecomeSpaces() {
        var buffer = CellBuffer(width: 5, height: 1)
        buffer.put("a\tb\nc", x: 0, y: 0)
        #expect(buffer.lines == ["a b c"])
    }

    @Test func diffReportsOnlyChangedCells() {
        var a = CellBuffer(width: 4, height: 2)
        a.put("abcd", x: 0, y: 0)
        var b = a
        b.put("X", x: 2, y: 1)
        #expect(b.diff(from: a).map { [$0.x, $0.y] } == [[2, 1]])
        #expect(a.diff(from: a).isEmpty)
        #expect(a.diff(from: nil).count == 8)
        #expect(a.diff(from: CellBuffer(width: 3, height: 2)).count == 8)
    }

    @Test func styleChangesAreDiffed() {
        var a = CellBuffer(width: 3, height: 1)
        a.put("abc", x: 0, y: 0)
        var b = a
        b.setStyle(CellStyle(attributes: .bold), in: Rect(x: 1, y: 0, width: 1, height: 1))
        #expect(b.diff(from: a).map(\.x) == [1])
    }
}

@Suite("Rect and Layout")
struct LayoutTests {
    @Test func insetNeverInverts() {
        let r = Rect(x: 2, y: 3, width: 3, height: 1).inset(by: 2)
        #expect(r.isEmpty)
        #expect(r.width == 0 && r.height == 0)
    }

    @Test func verticalSplitWithFixedPercentageFill() {
        let parts = Rect(width: 10, height: 20).splitVertically([.length(2), .percentage(50), .fill(1)])
        #expect(parts.map(\.height) == [2, 10, 8])
        #expect(parts.map(\.y) == [0, 2, 12])
    }

    @Test func horizontalSplitSharesFillByWeight() {
        let parts = Rect(x: 5, y: 0, width: 12, height: 1).splitHorizontally([.fill(1), .fill(2), .length(3)])
        #expect(parts.map(\.width) == [3, 6, 3])
        #expect(parts.map(\.x) == [5, 8, 14])
    }

    @Test func minGrowsWithRemainingSpace() {
        let sizes = Layout.vertical([.min(3), .length(2)]).sizes(total: 10)
        #expect(sizes == [8, 2])
    }

    @Test func tinyAreasYieldEmptyPartsInsideTheArea() {
        for total in 0...3 {
            let area = Rect(x: 1, y: 1, width: total, height: total)
            let parts = area.splitVertically([.length(2), .percentage(30), .min(2), .fill(1)], spacing: 1)
            #expect(parts.count == 4)
            #expect(parts.reduce(0) { $0 + $1.height } <= total)
            for part in parts {
                #expect(part.y >= area.y && part.maxY <= area.maxY)
            }
        }
    }

    @Test func spacingLeavesGaps() {
        let parts = Rect(width: 11, height: 1).splitHorizontally([.fill(1), .fill(1)], spacing: 1)
        #expect(parts.map(\.width) == [5, 5])
        #expect(parts[1].x == 6)
    }
}

/// The text form of `aureon bench`: one table per kind of row, right-aligned columns (the first
/// left-aligned) separated by two spaces, then the command each row ran.
enum BenchTable {
    static func render(_ rows: [BenchRow], instructionCounts: Bool) -> String {
        var sections: [String] = []
        for kind in BenchRowName.Kind.allCases {
            let members = rows.filter { $0.name.kind == kind }
            guard let first = members.first else { continue }
            let keep = { (figure: BenchFigure) in instructionCounts || !BenchRow.isInstructionCount(figure) }
            let header = ["row"] + first.figures.filter(keep).map(\.header) + ["status"]
            let cells = members.map { [$0.name.label] + $0.figures.filter(keep).map(\.text) + [$0.status] }
            sections.append(table(header: header, rows: cells))
        }
        sections.append((["commands:"] + rows.map { "  \($0.name.rawValue): \($0.command)" }).joined(separator: "\n"))
        return sections.joined(separator: "\n\n")
    }

    static func table(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                // The last column (status) is free text: left-aligned, no trailing spaces.
                if column == cells.count - 1 { return cell }
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }
}

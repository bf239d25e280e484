import AureonCluster
import AureonPostgres
import AureonTUI

/// The live event log, newest at the bottom, coloured by the kind's severity as in the
/// simulated console.
struct LiveEventsPane: Widget {
    let events: [LiveEvent]
    let seen: Int
    let scrollBack: Int
    let theme: Theme
    let glyphs: GlyphSet
    let isFocused: Bool

    func render(in area: Rect, buffer: inout CellBuffer) {
        var title = "Events (\(seen))"
        if scrollBack > 0 { title += " \(glyphs.pointer) \(scrollBack) back" }
        let block = theme.block(title: title, isFocused: isFocused, glyphs: glyphs)
        buffer.render(block, in: area)
        let inner = block.inner(area).inset(left: 1)
        guard !inner.isEmpty else { return }
        let lines = events.suffix(inner.height + scrollBack).map { event -> Span in
            let slot: ThemeSlot = switch EventKind(rawValue: event.kind)?.severity ?? .info {
            case .info: .text
            case .good: .success
            case .warning: .warning
            case .error: .error
            }
            return Span(Self.line(event), style: theme.style(slot))
        }
        let back = min(scrollBack, LogView.maximumScrollBack(lineCount: lines.count, height: inner.height))
        buffer.render(LogView(lines: lines, scrollBack: back), in: inner)
    }

    /// `#1234 shard_leased node-2#1 shard 17 epoch 3 receive 2`.
    static func line(_ event: LiveEvent) -> String {
        var parts = ["#\(event.seq)", event.kind]
        if let node = event.node { parts.append(event.incarnation.map { "\(node)#\($0)" } ?? node) }
        if let shard = event.shard { parts.append("shard \(shard)") }
        if let epoch = event.epoch { parts.append("epoch \(epoch)") }
        if let progress = event.progressMicros { parts.append("at \(progress / 1_000)ms") }
        if let detail = event.detail, !detail.isEmpty { parts.append(detail) }
        return parts.joined(separator: " ")
    }
}

/// Places a modal box centred over the screen, clearing underneath and casting a shadow.
///
/// Shared by dialogs so they all look alike: the box is cleared (no pane text
/// bleeding through), and a one-cell shadow to the right and below separates it
/// from the panes when colours are subtle.
public enum Overlay {
    /// Clears and shadows a centred `width`×`height` box inside `screen`; returns the box.
    /// The box shrinks to fit (leaving room for the shadow when there is any).
    @discardableResult
    public static func prepare(
        width: Int,
        height: Int,
        in screen: Rect,
        buffer: inout CellBuffer,
        style: CellStyle = .plain,
        shadowStyle: CellStyle? = CellStyle(background: .black, attributes: .dim)
    ) -> Rect {
        let box = screen.centered(width: min(width, screen.width - 1), height: min(height, screen.height - 1))
        let fitted = box.isEmpty ? screen.centered(width: width, height: height) : box
        if let shadowStyle, !box.isEmpty {
            let right = Rect(x: fitted.maxX, y: fitted.y + 1, width: 1, height: fitted.height)
            let bottom = Rect(x: fitted.x + 1, y: fitted.maxY, width: fitted.width, height: 1)
            buffer.patchStyle(shadowStyle, in: right.intersection(screen))
            buffer.patchStyle(shadowStyle, in: bottom.intersection(screen))
        }
        buffer.clear(fitted, style: style)
        return fitted
    }
}

/// An action the app can perform and the keys that trigger it.
///
/// Actions are string identifiers (`"drain"`, `"kill"`) rather than an app
/// enum so that this library, keymap files and help screens can share them
/// without a generic parameter threading through every type.
public struct KeyBinding: Hashable, Sendable {
    /// The action identifier, as written in keymap files.
    public var action: String
    /// What the action does, for the help screen ("Drain the selected node").
    public var description: String
    /// The help section it is listed under ("Nodes", "Navigation").
    public var section: String
    /// Keys that trigger it, in display order; may be empty (unbound).
    public var keys: [Key]

    public init(action: String, keys: [Key], description: String, section: String = "General") {
        self.action = action
        self.keys = keys
        self.description = description
        self.section = section
    }
}

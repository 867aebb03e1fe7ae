/// What woke the event loop.
public enum TerminalEvent: Sendable, Equatable {
    case key(Key)
    case resized(Size)
    /// SIGINT, SIGTERM, SIGHUP, or the terminal went away: leave cleanly.
    case hangup(String)
    /// A left click at a cell, where the terminal reports mice.
    case click(x: Int, y: Int)
    /// A line the operator typed, in the line mode (`--plain`).
    case line(String)
}

/// A terminal the console runner draws on and reads from: ncurses in the program, a scripted
/// one in tests (ratatui's Backend and TestBackend).
public protocol TerminalBackend: AnyObject {
    var size: Size { get }
    var capabilities: Capabilities { get }
    /// Shows a frame; `repaint` redraws every cell (after the screen was disturbed).
    func draw(_ buffer: Buffer, repaint: Bool)
    /// Waits up to `timeout` milliseconds (-1: forever) for input, or until one of `watching`
    /// (descriptors of the caller's, such as the store's change watch) is readable; what the
    /// terminal reported, empty on timeout or when only a watched descriptor woke it.
    func wait(timeout: Int32, watching: [Int32]) -> [TerminalEvent]
    func bell()
    /// Puts text on the operator's clipboard (OSC 52).
    func copy(_ text: String)
    /// Tells the operator of something as it happens (an alert that opened), where the
    /// terminal is a stream of lines; a full screen shows it in its frames instead.
    func announce(_ line: String)
}

extension TerminalBackend {
    public func announce(_ line: String) {}
}

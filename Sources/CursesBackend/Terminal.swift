import Canvas
import CNcursesw
import CursesShims
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum TerminalError: Error, CustomStringConvertible {
    case notATerminal
    case dumbTerminal(String)
    case cannotStart(String)

    public var description: String {
        switch self {
        case .notATerminal: "the console needs a terminal on standard input and output (use 'ioc --plain' for the console as lines of text, 'ioc serve' to run without one)"
        case let .dumbTerminal(type):
            "the console needs a terminal that can move the cursor; TERM is \(type.isEmpty ? "not set" : "'\(type)'"): "
                + "set TERM (e.g. TERM=xterm-256color), or use 'ioc --plain' (the console as lines of text)"
        case let .cannotStart(why): "cannot start the terminal: \(why)"
        }
    }
}

/// The ncurses screen: owns the terminal from `start` to `stop`, draws buffers, and waits
/// in poll() on the keyboard and a signal pipe, so an idle console costs nothing.
public final class Terminal: TerminalBackend {
    private let window: UnsafeMutablePointer<WINDOW>
    public let capabilities: Capabilities
    /// Set when the terminal type is unknown on this host and a close one is used instead.
    public private(set) var fallback: String?
    private let signals: SignalPipe
    /// Where ncurses writes: the read end of its pipe; each frame goes on in one write.
    private let frameFD: Int32
    private var pairs: [PairKey: Int16] = [:]
    private var stopped = false
    private var lastFrame: Buffer?

    private struct PairKey: Hashable {
        var foreground: Int16
        var background: Int16
    }

    /// Takes over the terminal. `colorAllowed` is false for `--no-color` or `NO_COLOR`.
    public static func start(colorAllowed: Bool) throws -> Terminal {
        guard isatty(0) != 0, isatty(1) != 0 else { throw TerminalError.notATerminal }
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        let unicode = codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        // Esc must act at once; ncurses waits a full second by default for escape sequences.
        set_escdelay(25)
        // newterm, not initscr: an unknown TERM (xterm-kitty, foot, ghostty on a stock host)
        // falls back to a close known type instead of ending the process.
        let type = ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard !type.isEmpty, type != "dumb", type != "unknown" else { throw TerminalError.dumbTerminal(type) }
        var fallback: String?
        var frameFD: Int32 = -1
        var opened = ioc_open_terminal_framed(type, &frameFD)
        if opened == nil {
            opened = ioc_open_terminal_framed(Self.fallbackType, &frameFD)
            fallback = "terminal type '\(type)' is unknown on this host; using \(Self.fallbackType)"
        }
        guard let window = opened else { throw TerminalError.cannotStart("neither '\(type)' nor \(Self.fallbackType) is known to this host's terminfo") }
        let signals: SignalPipe
        do {
            signals = try SignalPipe()
        } catch {
            endwin()
            throw TerminalError.cannotStart("pipe: \(error)")
        }
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        curs_set(0)
        ioc_enable_mouse()
        var colors = 0
        if colorAllowed && has_colors() {
            start_color()
            use_default_colors()
            colors = Int(ioc_colors()) >= 256 ? 256 : Int(ioc_colors()) >= 16 ? 16 : Int(ioc_colors()) >= 8 ? 8 : 0
        }
        let terminal = Terminal(window: window, capabilities: Capabilities(unicode: unicode, colors: colors), signals: signals,
                                frameFD: frameFD)
        terminal.flush()
        terminal.fallback = fallback
        return terminal
    }

    /// What an unknown terminal type falls back to: what almost every modern emulator speaks.
    public static let fallbackType = "xterm-256color"

    private init(window: UnsafeMutablePointer<WINDOW>, capabilities: Capabilities, signals: SignalPipe, frameFD: Int32) {
        self.window = window
        self.capabilities = capabilities
        self.signals = signals
        self.frameFD = frameFD
    }

    /// What ncurses wrote since the last flush, to the terminal in one write.
    private func flush() { _ = ioc_flush_frame(frameFD) }

    deinit { stop() }

    /// Gives the terminal back as it was. Safe to call more than once.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        endwin()
        flush()
        ioc_restore_terminal()
    }

    public var size: Size {
        var rows: Int32 = 0, cols: Int32 = 0
        ioc_getmaxyx(window, &rows, &cols)
        return Size(width: Int(cols), height: Int(rows))
    }

    /// Writes the buffer: erase, draw, one doupdate; ncurses sends only the cells that changed.
    /// `repaint` makes it resend everything (for `r`, after garbage from another program).
    public func bell() {
        beep()
        flush()
    }

    public func copy(_ text: String) {
        // After the frame in the pipe, so the sequence never lands inside one.
        flush()
        let bytes = OSC52.sequence(text)
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            done += n
        }
    }

    public func draw(_ buffer: Buffer, repaint: Bool = false) {
        if repaint { clearok(window, true) }
        let size = buffer.size
        let limit = self.size
        // Rows the last frame already shows are left alone: a tick of the clock touches one row
        // of the window, not all of them (ncurses would find the rest unchanged, at a cost).
        let previous = repaint || lastFrame?.size != size || size != limit ? nil : lastFrame
        if previous == nil { werase(window) }
        lastFrame = buffer
        for y in 0..<min(size.height, limit.height) {
            if let previous, (0..<size.width).allSatisfy({ previous[$0, y] == buffer[$0, y] }) { continue }
            var x = 0
            while x < min(size.width, limit.width) {
                let style = buffer[x, y].style
                var run = ""
                let start = x
                while x < min(size.width, limit.width), buffer[x, y].style == style {
                    let cell = buffer[x, y]
                    if !cell.isContinuation { run += cell.symbol }
                    x += 1
                }
                apply(style)
                mvwaddstr(window, Int32(y), Int32(start), run)
            }
        }
        ioc_set_style(window, 0, 0)
        wnoutrefresh(window)
        doupdate()
        flush()
    }

    /// Waits up to `timeout` milliseconds (-1: forever) for keys or signals; returns what
    /// happened (empty on timeout).
    public func wait(timeout: Int32, watching: [Int32]) -> [TerminalEvent] {
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: signals.readFD, events: Int16(POLLIN), revents: 0)]
            + watching.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let ready = poll(&fds, nfds_t(fds.count), timeout)
        guard ready > 0 else { return [] }
        var events: [TerminalEvent] = []
        if fds[1].revents & Int16(POLLIN) != 0 { events += drainSignals() }
        if fds[0].revents & Int16(POLLIN) != 0 { events += readKeys() }
        // A closed terminal reports hang-up forever; leave rather than spin on it.
        if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0, fds[0].revents & Int16(POLLIN) == 0 {
            events.append(.hangup("terminal closed"))
        }
        return events
    }

    private func drainSignals() -> [TerminalEvent] {
        signals.drain().map { signal in
            switch signal {
            case .resize:
                var rows: Int32 = 0, cols: Int32 = 0
                if ioc_terminal_size(0, &rows, &cols) == 0 { resizeterm(rows, cols) }
                return .resized(size)
            case let .stop(reason):
                return .hangup(reason)
            }
        }
    }

    private func readKeys() -> [TerminalEvent] {
        var events: [TerminalEvent] = []
        var got = false
        while true {
            var ch: wint_t = 0
            let result = wget_wch(window, &ch)
            if result == ERR { break }
            got = true
            if result == KEY_CODE_YES {
                if Int32(ch) == KEY_RESIZE {
                    events.append(.resized(size))
                } else if Int32(ch) == KEY_MOUSE {
                    var y: Int32 = 0, x: Int32 = 0
                    if ioc_left_click(&y, &x) == 1 { events.append(.click(x: Int(x), y: Int(y))) }
                } else if let key = Self.functionKey(Int32(ch)) {
                    events.append(.key(key))
                }
            } else if let key = Self.characterKey(UInt32(ch)) {
                events.append(.key(key))
            }
        }
        // Readable yet nothing to read: the terminal is gone (EOF).
        if !got { events.append(.hangup("end of input")) }
        return events
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_BTAB: return .backTab
        default:
            for n in 1...12 where code == ioc_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }

    static func characterKey(_ code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(code + 96)!))
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .char(Character(scalar))
        }
    }

    private func apply(_ style: Style) {
        var attrs: UInt32 = 0
        if style.attributes.contains(.bold) { attrs |= ioc_attr_bold }
        if style.attributes.contains(.dim) { attrs |= ioc_attr_dim }
        if style.attributes.contains(.reverse) { attrs |= ioc_attr_reverse }
        if style.attributes.contains(.underline) { attrs |= ioc_attr_underline }
        var pair: Int16 = 0
        if capabilities.colors > 0 {
            var fg = degrade(style.foreground)
            let bg = degrade(style.background)
            // 8-colour terminals show bright colours as bold normal ones.
            if capabilities.colors < 16, fg >= 8 {
                fg -= 8
                attrs |= ioc_attr_bold
            }
            pair = pairNumber(PairKey(foreground: fg, background: bg))
        } else if style.background != .default {
            // Monochrome: a coloured bar (the header) stays visible in reverse video.
            attrs |= ioc_attr_reverse
        }
        ioc_set_style(window, attrs, pair)
    }

    private func degrade(_ color: Color) -> Int16 {
        guard case let .index(i) = color else { return -1 }
        if capabilities.colors >= 256 || i < 16 { return Int16(i) }
        return Int16(Palette.nearestBasic(i))
    }

    private func pairNumber(_ key: PairKey) -> Int16 {
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let pair = pairs[key] { return pair }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < ioc_color_pairs() else { return 0 }
        init_pair(next, key.foreground, key.background)
        pairs[key] = next
        return next
    }
}

/// Maps xterm-256 colours to the 16 basic ones for terminals that have no more.
enum Palette {
    static func nearestBasic(_ index: UInt8) -> UInt8 {
        let (r, g, b) = rgb(index)
        let basics: [(UInt8, (Int, Int, Int))] = (0..<16).map { ($0, rgb($0)) }
        return basics.min { distance($0.1, (r, g, b)) < distance($1.1, (r, g, b)) }!.0
    }

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        (a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1) + (a.2 - b.2) * (a.2 - b.2)
    }

    static func rgb(_ index: UInt8) -> (Int, Int, Int) {
        let basic: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        let i = Int(index)
        if i < 16 { return basic[i] }
        if i >= 232 { let v = 8 + (i - 232) * 10; return (v, v, v) }
        let c = i - 16
        let steps = [0, 95, 135, 175, 215, 255]
        return (steps[c / 36], steps[(c / 6) % 6], steps[c % 6])
    }
}

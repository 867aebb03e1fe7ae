import Foundation

/// OSC 52: the escape sequence that asks the terminal to put text on the clipboard of the
/// machine the operator sits at. It travels with the output, so it works over SSH and tmux
/// (with `set-clipboard on`).
public enum OSC52 {
    public static func sequence(_ text: String) -> [UInt8] {
        Array("\u{1B}]52;c;".utf8) + Array(Data(text.utf8).base64EncodedString().utf8) + [0x07]
    }
}

#!/usr/bin/env python3
"""ioc(1), generated from the commands' own help (`ioc --experimental-dump-help`), so the man
page never disagrees with `ioc --help`; FILES, ENVIRONMENT, EXIT STATUS and EXAMPLES are
written here. Usage: tools/manpage.py path/to/ioc > ioc.1"""
import datetime
import json
import subprocess
import sys


def roff(text):
    """Text safe for roff: backslashes doubled, a leading dot or quote escaped."""
    text = (text or "").replace("\\", "\\e")
    return "\n".join(("\\&" + line) if line[:1] in (".", "'") else line for line in text.split("\n"))


def option_line(arg):
    names = ", ".join(("-" if n["kind"] == "short" else "--") + n["name"] for n in arg.get("names", []))
    if arg["kind"] == "positional":
        names = "<" + arg.get("valueName", "value") + ">"
    elif arg["kind"] == "option":
        names += " <" + arg.get("valueName", "value") + ">"
    return names


def arguments(command):
    return [a for a in command.get("arguments", []) if a.get("shouldDisplay", True)
            and a.get("preferredName", {}).get("name") not in ("help", "version")]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "ioc"
    dump = json.loads(subprocess.run([binary, "--experimental-dump-help"], check=True, capture_output=True, text=True).stdout)
    root = dump["command"]
    commands = [c for c in root.get("subcommands", []) if c.get("shouldDisplay", True) and c["commandName"] != "help"]
    out = []
    w = out.append
    w('.TH IOC 1 "%s" "ioc" "User Commands"' % datetime.date.today().isoformat())
    w(".SH NAME")
    w("ioc \\- " + roff(root.get("abstract", "")))
    w(".SH SYNOPSIS")
    w(".B ioc")
    w("[\\fIcommand\\fR] [\\fIoptions\\fR]")
    w(".SH DESCRIPTION")
    w(roff(root.get("discussion", "")))
    w(".PP")
    w("Operators SSH into the operation-center host and run \\fBioc\\fR: live panels per field, alerts that need "
      "action, keyboard drill-down province \\(-> district \\(-> commune \\(-> indicator. One headless leader "
      "(\\fBioc serve\\fR) runs the engine and writes the store; consoles follow it and act through its socket, "
      "which knows each caller from the kernel. \\fIconfig/operators.yaml\\fR gives each account a role and a scope.")
    w(".SH COMMANDS")
    for c in commands:
        w(".SS " + c["commandName"] + (" (default)" if c["commandName"] == root.get("defaultSubcommand") else ""))
        w(roff(c.get("abstract", "")))
        if c.get("discussion"):
            w(".PP")
            w(roff(c["discussion"]))
        for a in arguments(c):
            w(".TP")
            w("\\fB" + roff(option_line(a)) + "\\fR")
            w(roff(a.get("abstract", "")))
    w(".SH FILES")
    for path, what in [
        ("/etc/ioc/ioc.yaml", "center name, root region, store, time zone, feeds, retention"),
        ("/etc/ioc/regions.yaml, fields.yaml, indicators/*.yaml", "the catalog"),
        ("/etc/ioc/operators.yaml", "who may do what, where (absent: single-account mode)"),
        ("/etc/ioc/centers.yaml", "district centers: title, region, field list"),
        ("/etc/ioc/keys.yaml", "key bindings"),
        ("/var/lib/ioc/ioc.sqlite", "the store (with -wal and -shm), written by the service account only"),
        ("/var/lib/ioc/ioc.sqlite.lock", "the leader's lock (it holds its pid)"),
        ("/var/lib/ioc/ioc.sqlite.sock", "the leader's command socket"),
        ("/var/lib/ioc/ioc.log", "the log; a console that may not write there logs to $XDG_STATE_HOME/ioc/ioc.log"),
        ("/var/lib/ioc/inbox/", "files dropped here are ingested by the leader"),
    ]:
        w(".TP")
        w("\\fI" + roff(path) + "\\fR")
        w(roff(what))
    w(".SH ENVIRONMENT")
    for name, what in [
        ("TERM", "the terminal type; an unknown one falls back to xterm-256color, dumb or none is refused"),
        ("NO_COLOR", "when set, no colour"),
        ("XDG_CONFIG_HOME", "the configuration is looked for in ./config, then $XDG_CONFIG_HOME/ioc, then /etc/ioc"),
        ("XDG_STATE_HOME", "where a console that may not write beside the store logs"),
        ("SSH_CONNECTION", "recorded in the audit as the client address the session claims"),
        ("SSH_ORIGINAL_COMMAND", "as a forced command: empty opens the console; status, alerts, value and whoami run; "
                                 "anything else is refused"),
    ]:
        w(".TP")
        w("\\fB" + name + "\\fR")
        w(roff(what))
    w(".SH EXIT STATUS")
    for code, what in [("0", "success"), ("1", "a fatal error, an action refused, no leader running"),
                       ("65", "ioc ingest rejected some lines (the accepted ones are committed)"),
                       ("77", "the caller is not an operator of the center, or asked outside their role or scope"),
                       ("78", "invalid configuration; every problem is listed as file:line:column: key: message")]:
        w(".TP")
        w("\\fB" + code + "\\fR")
        w(roff(what))
    w(".SH EXAMPLES")
    for line, what in [
        ("ioc", "open the console"),
        ("ioc status --json", "status counts per field of your center, for scripts"),
        ("ioc ack 12 --note 'pump restarted'", "acknowledge alert 12"),
        ("ioc silence --region 831 --for 2h --note 'maintenance'", "mute Chau Thanh's alerts for two hours"),
        ("ioc ingest readings.lp", "ingest InfluxDB line protocol"),
        ("ioc audit --since 1d --json", "the last day's audit"),
        ("runuser -u ioc -- ioc serve --config /etc/ioc", "run the leader as the service account"),
    ]:
        w(".TP")
        w("\\fB" + roff(line) + "\\fR")
        w(roff(what))
    w(".SH SEE ALSO")
    w("\\fBsshd_config\\fR(5), \\fBsystemd.service\\fR(5); the README of the project.")
    print("\n".join(out))


if __name__ == "__main__":
    main()

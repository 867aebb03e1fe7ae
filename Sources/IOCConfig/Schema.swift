/// Every key each configuration file accepts, where it sits. The loader reads with these lists
/// (an unknown key is an error), and a test checks that `docs/configuration.md` documents each,
/// so the reference and the loader cannot disagree.
public enum Schema {
    public static let settings = ["name", "root", "store", "timezone", "language", "retention", "feeds", "reports", "wall"]
    public static let feeds = ["simulator", "inbox", "commands", "http"]
    public static let httpFeed = ["listen", "tokens", "max_body", "expect"]
    public static let token = ["name", "token", "scope", "indicators"]
    public static let commandFeed = ["name", "command", "format", "precision", "restart", "expect"]
    public static let simulator = ["enabled", "seed", "expect"]
    public static let inbox = ["path", "expect"]
    public static let retention = ["raw", "hourly", "daily"]
    public static let reports = ["periods", "schedules"]
    public static let schedule = ["period", "at", "region", "formats", "field"]
    public static let wall = ["every"]
    public static let region = ["code", "name", "name_en", "level", "parent"]
    public static let field = ["code", "name", "name_en", "key", "headline", "region"]
    public static let indicator = [
        "code", "name", "name_en", "field", "unit", "kind", "direction", "frequency", "levels", "rollup", "weight",
        "formula", "thresholds", "for", "keep_firing_for", "stale_after", "target", "description", "source", "prefer_reported",
        "typical", "pattern", "alert_levels",
    ]
    public static let thresholds = ["warning", "critical", "clear"]
    public static let bounds = ["above", "below"]
    public static let target = ["value", "by"]
    public static let operatorLine = ["user", "group", "role", "scope"]
    public static let center = ["title", "region", "fields"]
    public static let notify = ["receivers", "routes", "escalations"]
    public static let receiver = ["name", "command", "timeout", "reports"]
    public static let route = ["receiver", "match", "group_by", "group_wait", "group_interval", "repeat_interval", "send_resolved", "continue"]
    public static let escalation = ["after", "receiver", "match"]
    public static let match = ["field", "indicator", "region", "severity"]

    /// The files and their keys, as the reference documents them (`keys.yaml` takes the
    /// console's action names under `keys:`, documented from the key map).
    public static let files: [(file: String, keys: [String])] = [
        ("ioc.yaml", settings + feeds + simulator + inbox + commandFeed + httpFeed + retention + reports + schedule + wall),
        ("regions.yaml", ["regions"] + region),
        ("fields.yaml", ["fields"] + field),
        ("indicators/*.yaml", ["indicators"] + indicator + thresholds + bounds + target),
        ("operators.yaml", ["operators"] + operatorLine),
        ("centers.yaml", ["centers"] + center),
        ("notify.yaml", notify + receiver + route + escalation + match),
        ("keys.yaml", ["keys"]),
    ]
}

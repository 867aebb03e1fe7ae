/// What the simulator needs to know of an indicator that the engine does not: how its value
/// moves and around what. Read from the indicator files (`typical`, `pattern`); the engine's
/// judgements never see it.
public struct SimulatorHint: Sendable, Hashable, Codable {
    /// A plausible value at province level, for the simulator and generated history.
    public var typical: Double?
    public var pattern: Pattern

    public init(typical: Double? = nil, pattern: Pattern = .flat) {
        self.typical = typical
        self.pattern = pattern
    }
}

/// How an indicator's value typically moves through the day and year: a hint for the
/// simulator and for history generation, not used by the engine's judgements.
public enum Pattern: String, Sendable, Hashable, CaseIterable, Codable {
    case flat
    /// A daily swing peaking mid-afternoon.
    case daily
    /// Temperature: low before dawn, high mid-afternoon.
    case dailyTemperature = "daily_temperature"
    /// The opposite of temperature (humidity).
    case dailyInverse = "daily_inverse"
    /// Counts so far today of what happens in office hours on working days.
    case workingDay = "working_day"
    /// Rates measured in office hours (attendance, waiting time), steady otherwise.
    case workingDayRate = "working_day_rate"
    /// Daytime activity (visitors, calls), quiet at night.
    case daytime
    /// Traffic: morning and evening rush peaks.
    case rushHours = "rush_hours"
    /// Speeds: dips at the rush hours.
    case rushHoursInverse = "rush_hours_inverse"
    /// Air pollution: rush peaks plus a night inversion.
    case rushHoursAir = "rush_hours_air"
    /// Hospital load: fuller on weekdays and through the day.
    case hospital
    /// Salinity: semi-diurnal tide, much higher in the dry season (January to May).
    case tideSalinity = "tide_salinity"
    /// Water level: semi-diurnal tide around the mean.
    case tideLevel = "tide_level"
    /// Things that follow the tide (sluice gates, flooded roads).
    case tideLevelRate = "tide_level_rate"
}


/// SplitMix64: small, fast and the same on every machine, so a seeded test repeats exactly.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Roughly normal with mean 0 and deviation 1 (sum of uniforms; cheap, good enough for noise).
    public mutating func gaussian() -> Double { (0..<6).reduce(0) { acc, _ in acc + unit() } - 3 }
}

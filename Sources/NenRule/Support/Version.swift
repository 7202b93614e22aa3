/// The toolchain's version, and the revision of the rule language it reads.
public enum Version {
    /// The toolchain, as `nenrule --version` and SARIF's tool driver report it.
    public static let toolchain = "1.3.0"
    /// The rule-file format: 1 the first language; 2 added constraints; 3 added patient records
    /// and `irrelevant` in tests, and the pressure, molar-concentration and dose units.
    public static let ruleFormat = 3
}

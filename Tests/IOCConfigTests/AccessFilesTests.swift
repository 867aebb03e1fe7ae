import Foundation
import IOCConfig
import IndicatorEngine
import TestSupport
import Testing

/// `operators.yaml` and `centers.yaml`: read into the access model, mistakes located like any other.
@Suite struct AccessFilesTests {
    @Test func operatorsAndCentersAreRead() throws {
        let config = try ConfigCopy()
        try config.write("operators.yaml", """
            operators:
              - { user: giamsat1, role: supervisor }                 # the whole center
              - { user: chauthanh1, role: operator, scope: ["831"] }
              - { group: ioc-viewers, role: viewer }
              - { group: ioc-chauthanh, role: operator, scope: ["831"] }
            """)
        let loaded = try ConfigLoader.load(directory: config.path)
        #expect(loaded.access.grants?.count == 4)
        #expect(loaded.access.source == config.path + "/operators.yaml")
        let grant = try #require(loaded.access.resolve(Identity(user: "chauthanh1", uid: 1001)))
        #expect(grant.role == .operator && grant.scope == ["831"])
        #expect(loaded.access.resolve(Identity(user: "khach1", uid: 1002)) == nil)
        #expect(loaded.centers.first?.region == "831")
    }

    @Test func mistakesNameFileLineAndKey() throws {
        let config = try ConfigCopy()
        try config.write("operators.yaml", """
            operators:
              - { user: giamsat1, role: superviser }
              - { user: lan, group: ioc-ops, role: operator }
              - { user: minh, role: operator, scope: ["8311"] }
              - { user: hoa, role: viewer, scopes: ["831"] }
            """)
        try config.write("centers.yaml", """
            centers:
              - { title: "IOC Châu Thành", region: "831", fields: [agri, helth] }
              - { title: "Again", region: "831" }
            """)
        let issues = config.issues().map(\.description)
        func has(_ line: Int, _ text: String, file: String = "operators.yaml") -> Bool {
            issues.contains { $0.contains("\(file):\(line):") && $0.contains(text) }
        }
        #expect(has(2, "operators[0].role: unknown value 'superviser'; expected one of viewer, operator, supervisor, admin"), "\(issues)")
        #expect(has(3, "operators[1].group: give a user or a group, not both"), "\(issues)")
        #expect(has(4, "operators[2].scope: region '8311' is not in regions.yaml"), "\(issues)")
        #expect(has(5, "operators[3].scopes: unknown key (did you mean 'scope'?)"), "\(issues)")
        #expect(has(2, "centers[0].fields: field 'helth' is not in fields.yaml (did you mean 'health'?)", file: "centers.yaml"), "\(issues)")
        #expect(has(3, "centers[1].region: a second center for region '831'", file: "centers.yaml"), "\(issues)")
        #expect(issues.count == 6, "\(issues)")
    }

    @Test func anEmptyOperatorsFileIsAMistakeNotALockout() throws {
        let config = try ConfigCopy()
        try config.write("operators.yaml", "operators: []\n")
        #expect(config.issues().map(\.description).contains { $0.contains("lists nobody: remove the file for single-account mode") })
    }
}

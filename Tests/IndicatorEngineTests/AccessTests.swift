import Foundation
import IndicatorEngine
import TestSupport
import Testing

/// Roles and scopes as values: how a user's lines combine, what a scope covers, what each role may do.
@Suite struct AccessTests {
    let catalog = Fixtures.catalog()
    let policy = AccessPolicy(grants: [
        Grant(subject: .user("lan"), role: .operator, scope: ["831"]),
        Grant(subject: .group("ioc-viewers"), role: .viewer, scope: ["838"]),
        Grant(subject: .group("ioc-sup"), role: .supervisor),
    ])

    @Test func linesCombineToTheHighestRoleAndTheUnionOfScopes() throws {
        let both = try #require(policy.resolve(Identity(user: "lan", uid: 1, groups: ["ioc-viewers"])))
        #expect(both.role == .operator && both.scope == ["831", "838"])
        let whole = try #require(policy.resolve(Identity(user: "lan", uid: 1, groups: ["ioc-sup"])))
        #expect(whole.role == .supervisor && whole.scope.isEmpty, "a line without a scope covers the whole center")
        #expect(policy.resolve(Identity(user: "khach1", uid: 2)) == nil)
        #expect(AccessPolicy.singleAccount.resolve(Identity(user: "anyone", uid: 3))?.role == .admin)
    }

    @Test func aScopeCoversSubtreesAndHasAHome() {
        let one = RegionScope(codes: ["831"], catalog: catalog)
        let commune = catalog.regionIndex["28753"]!, other = catalog.regionIndex["838"]!, root = catalog.rootRegion
        #expect(one.home == catalog.regionIndex["831"]! && one.covers(commune, in: catalog) && !one.covers(other, in: catalog))
        #expect(!one.covers(root, in: catalog) && !one.reaches(root, in: catalog), "the province is not reachable")
        let two = RegionScope(codes: ["831", "838"], catalog: catalog)
        #expect(two.home == root && two.reaches(root, in: catalog) && !two.covers(root, in: catalog), "two districts: home at the province, to reach both")
        #expect(Center.of(one, catalog: catalog, centers: [Center(title: "IOC Châu Thành", region: "831")]).title == "IOC Châu Thành")
        #expect(Center.of(RegionScope(codes: ["838"], catalog: catalog), catalog: catalog, centers: []).title == "IOC Mỏ Cày Bắc")
    }

    @Test func whatEachRoleMayDo() {
        func grant(_ role: Role, _ scope: [String] = []) -> OperatorGrant { OperatorGrant(identity: Identity(user: "u", uid: 9), role: role, scope: scope) }
        let district = catalog.regionIndex["831"]!, other = catalog.regionIndex["838"]!
        #expect(Authorization.refusal(.ack, by: grant(.viewer), regions: [district], catalog: catalog)?.english.contains("u is a viewer") == true)
        #expect(Authorization.refusal(.ack, by: grant(.operator, ["831"]), regions: [district], catalog: catalog) == nil)
        #expect(Authorization.refusal(.ack, by: grant(.operator, ["831"]), regions: [other], catalog: catalog, target: "alert 12")?.english
            == "alert 12 is in Mỏ Cày Bắc, outside your scope (Châu Thành)")
        #expect(Authorization.refusal(.silence, by: grant(.operator), regions: [], catalog: catalog, silenceSeconds: 86_400) == nil)
        #expect(Authorization.refusal(.silence, by: grant(.operator), regions: [], catalog: catalog, silenceSeconds: 86_401) != nil)
        #expect(Authorization.refusal(.silence, by: grant(.supervisor), regions: [], catalog: catalog, silenceSeconds: 30 * 86_400) == nil)
        #expect(Authorization.refusal(.silence, by: grant(.operator, ["831"]), regions: [], catalog: catalog, silenceSeconds: 60) != nil,
                "a scoped operator cannot silence the whole center")
        #expect(Authorization.refusal(.expire, by: grant(.operator), regions: [], catalog: catalog, silenceOwner: "u") == nil, "their own")
        #expect(Authorization.refusal(.expire, by: grant(.operator), regions: [], catalog: catalog, silenceOwner: "other") != nil)
        #expect(Authorization.refusal(.ingest, by: grant(.operator), regions: [], catalog: catalog) != nil)
        #expect(Authorization.refusal(.ingest, by: grant(.supervisor), regions: [district], catalog: catalog) == nil)
        #expect(Authorization.refusal(.reload, by: grant(.supervisor), regions: [], catalog: catalog) != nil)
        #expect(Authorization.refusal(.reload, by: grant(.admin), regions: [], catalog: catalog) == nil)
    }
}

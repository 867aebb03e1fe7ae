import Coordinator
import Foundation

/// `ioc seed`: the report's figures and `days` of simulated history written into the store
/// (admins only), as a leader does by itself on an empty store; the line to print.
public enum SeedRun {
    public static func run(_ context: CenterContext, seed: UInt64?, history: Bool, days: Int) throws(CommandProblem) -> String {
        let (grant, _) = try context.operatorAccess()
        guard grant.role >= .admin else {
            throw CommandProblem(say("{user} is {role}; seeding takes an admin", ["user": grant.user, "role": say(role: grant.role.rawValue)]), exitCode: LocalOperator.Refusal.exitCode)
        }
        let store = try context.openStore()
        let facts = try context.facts()
        do {
            let outcome = try Seeder.seedWhileLeading(catalog: context.catalog, store: store, facts: facts,
                                                      simulator: context.simulator(seed: seed, running: history)(), days: days, now: unixNow())
            return say("seeded {facts} reported figures and {history} simulated history points in {seconds} s",
                       ["facts": Speech.forms.count(outcome.facts), "history": Speech.forms.count(outcome.history),
                        "seconds": Speech.forms.decimal(outcome.seconds, places: 1)])
        } catch let refusal as Seeder.CannotLead {
            throw CommandProblem("\(refusal)", exitCode: 1)
        } catch {
            throw CommandProblem("\(error)", exitCode: 1)
        }
    }
}

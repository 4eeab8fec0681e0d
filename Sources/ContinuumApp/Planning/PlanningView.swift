import Foundation
import ContinuumPlanning

/// Everything the planning page shows, computed before rendering.
struct PlanningView {
    struct Scenario { let name: String; let figures: ScenarioFigures; let withinChosen: Int; let longer: Int; let shorter: Int }
    /// One child's journey today and with the best hubs; no location, only minutes and site names.
    struct Journey { let childID: UUID; let name: String; let today: String; let withHubs: String; let change: String; let difference: Double }

    var located = 0
    var unlocated = 0
    var baseCount = 0
    var schoolCount = 0
    var typedCount = 0
    var travelModel = ""
    var scenarios: [Scenario] = []
    var hubNames: [String] = []
    var hubSummary = ""
    var map = ""
    var distributionToday = TravelTimeDistribution(minutes: [])
    var distributionHubs = TravelTimeDistribution(minutes: [])
    var distributionChart = ""
    var journeys: [Journey] = []
    var byReason: [(group: String, children: String, today: Double, hubs: Double)] = []
    var bySEN: [(group: String, children: String, today: Double, hubs: Double)] = []
}

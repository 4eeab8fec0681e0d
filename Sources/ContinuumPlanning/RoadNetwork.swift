import Foundation

/// Average speeds by OpenStreetMap `highway` class; ways of other classes are not driven.
public struct RoadSpeeds: Sendable, Equatable {
    /// km/h by `highway` value.
    public var kmh: [String: Double]

    public init(kmh: [String: Double]) { self.kmh = kmh }

    /// Typical average speeds on English roads (the table; links a step below their road),
    /// net of junctions, rather than limits: motorway 96, trunk 80, primary 64, secondary 56,
    /// tertiary 48, unclassified and residential 32, service and living street 16 km/h.
    public static let standard = RoadSpeeds(kmh: [
        "motorway": 96, "motorway_link": 64,
        "trunk": 80, "trunk_link": 56,
        "primary": 64, "primary_link": 48,
        "secondary": 56, "secondary_link": 40,
        "tertiary": 48, "tertiary_link": 32,
        "unclassified": 32, "residential": 32, "road": 32,
        "living_street": 16, "service": 16,
    ])

    public var fastest: Double { kmh.values.max() ?? 0 }
}

/// A directed road graph built from OpenStreetMap ways, with travel minutes on each edge and
/// every node placed on the National Grid.
///
/// Rules (OSM wiki "Key:oneway", "Key:highway"): `oneway=yes|true|1` is forward only,
/// `oneway=-1|reverse` backward only; roundabouts and motorways are one-way unless `oneway=no`;
/// `access=no|private` and `area=yes` ways are left out; a way's segments to nodes missing from the
/// extract are dropped. Edge length is the straight grid distance between consecutive nodes.
public struct RoadNetwork: Sendable {
    /// OSM node id of each graph node.
    public let osmNodeIDs: [Int64]
    /// Grid position of each graph node.
    public let points: [PlanningPoint]
    /// Forward adjacency in compressed rows: edges of node v are `offsets[v]..<offsets[v+1]`.
    let offsets: [Int]
    let targets: [Int32]
    let minutes: [Double]
    /// The same edges reversed, for "time to a site from everywhere".
    let reverseOffsets: [Int]
    let reverseTargets: [Int32]
    let reverseMinutes: [Double]
    /// Nodes in the largest strongly connected component: snapping only to these keeps every
    /// journey routable in both directions (isolated fragments at an extract's edge are skipped).
    public let inMainComponent: [Bool]
    private let grid: SpatialGrid

    public var nodeCount: Int { points.count }
    public var edgeCount: Int { targets.count }

    public init(osm: OSMData, speeds: RoadSpeeds = .standard, respectOneway: Bool = true) {
        var index: [Int64: Int32] = [:]
        var ids: [Int64] = []
        var points: [PlanningPoint] = []
        var edges: [(from: Int32, to: Int32, minutes: Double)] = []
        func node(_ id: Int64, _ coordinate: OSMCoordinate) -> Int32 {
            if let known = index[id] { return known }
            let k = Int32(ids.count)
            index[id] = k
            ids.append(id)
            points.append(OSGB36Projection.gridPoint(coordinate))
            return k
        }
        for way in osm.ways {
            guard let highway = way.tags["highway"], let kmh = speeds.kmh[highway], kmh > 0 else { continue }
            if let access = way.tags["access"], access == "no" || access == "private" { continue }
            if way.tags["area"] == "yes" { continue }
            let oneway = way.tags["oneway"]
            var forward = true, backward = true
            if respectOneway {
                switch oneway {
                case "yes", "true", "1": backward = false
                case "-1", "reverse": forward = false
                case "no", "false", "0": break
                default:
                    let junction = way.tags["junction"]
                    if junction == "roundabout" || junction == "circular" || highway == "motorway" { backward = false }
                }
            }
            let metresPerMinute = kmh * 1000 / 60
            for (a, b) in zip(way.nodeIDs, way.nodeIDs.dropFirst()) {
                guard a != b, let ca = osm.nodes[a], let cb = osm.nodes[b] else { continue }
                let u = node(a, ca), v = node(b, cb)
                let t = points[Int(u)].distance(to: points[Int(v)]) / metresPerMinute
                if forward { edges.append((u, v, t)) }
                if backward { edges.append((v, u, t)) }
            }
        }
        let n = ids.count
        func compress(_ list: [(from: Int32, to: Int32, minutes: Double)]) -> ([Int], [Int32], [Double]) {
            var offsets = [Int](repeating: 0, count: n + 1)
            for e in list { offsets[Int(e.from) + 1] += 1 }
            for v in 0..<n { offsets[v + 1] += offsets[v] }
            var fill = offsets
            var targets = [Int32](repeating: 0, count: list.count), minutes = [Double](repeating: 0, count: list.count)
            for e in list {
                let at = fill[Int(e.from)]
                targets[at] = e.to
                minutes[at] = e.minutes
                fill[Int(e.from)] += 1
            }
            return (offsets, targets, minutes)
        }
        (offsets, targets, minutes) = compress(edges)
        (reverseOffsets, reverseTargets, reverseMinutes) = compress(edges.map { ($0.to, $0.from, $0.minutes) })
        osmNodeIDs = ids
        self.points = points
        inMainComponent = RoadNetwork.largestStrongComponent(n: n, offsets: offsets, targets: targets,
                                                             reverseOffsets: reverseOffsets, reverseTargets: reverseTargets)
        grid = SpatialGrid(points: points, include: inMainComponent, cellMetres: 250)
    }

    /// Every directed edge as (from node, to node, minutes), for export and cross-checks.
    public var edges: [(from: Int, to: Int, minutes: Double)] {
        var out: [(Int, Int, Double)] = []
        out.reserveCapacity(edgeCount)
        for v in 0..<nodeCount {
            for e in offsets[v]..<offsets[v + 1] { out.append((v, Int(targets[e]), minutes[e])) }
        }
        return out
    }

    /// The nearest node of the main component to a point, and how far it is in metres.
    public func nearestNode(to point: PlanningPoint) -> (node: Int, metres: Double)? {
        grid.nearest(to: point, points: points)
    }

    /// Shortest minutes from `source` to every node (infinity where unreachable): Dijkstra with a binary heap.
    public func minutes(from source: Int) -> [Double] {
        dijkstra(source: source, offsets: offsets, targets: targets, minutes: minutes)
    }

    /// Shortest minutes from every node to `target`, by Dijkstra on the reversed graph.
    public func minutes(to target: Int) -> [Double] {
        dijkstra(source: target, offsets: reverseOffsets, targets: reverseTargets, minutes: reverseMinutes)
    }

    private func dijkstra(source: Int, offsets: [Int], targets: [Int32], minutes: [Double]) -> [Double] {
        var distance = [Double](repeating: .infinity, count: nodeCount)
        guard source >= 0 && source < nodeCount else { return distance }
        distance[source] = 0
        var heap = MinHeap()
        heap.push(0, source)
        while let (d, v) = heap.pop() {
            if d > distance[v] { continue }  // a stale entry: v was settled sooner
            for e in offsets[v]..<offsets[v + 1] {
                let w = Int(targets[e])
                let candidate = d + minutes[e]
                if candidate < distance[w] {
                    distance[w] = candidate
                    heap.push(candidate, w)
                }
            }
        }
        return distance
    }

    /// Kosaraju's algorithm, iteratively: mark the largest strongly connected component.
    private static func largestStrongComponent(n: Int, offsets: [Int], targets: [Int32],
                                               reverseOffsets: [Int], reverseTargets: [Int32]) -> [Bool] {
        var visited = [Bool](repeating: false, count: n)
        var finishOrder: [Int] = []
        finishOrder.reserveCapacity(n)
        for start in 0..<n where !visited[start] {
            var stack: [(node: Int, next: Int)] = [(start, offsets[start])]
            visited[start] = true
            while !stack.isEmpty {
                let (v, next) = stack[stack.count - 1]
                if next < offsets[v + 1] {
                    stack[stack.count - 1].next += 1
                    let w = Int(targets[next])
                    if !visited[w] {
                        visited[w] = true
                        stack.append((w, offsets[w]))
                    }
                } else {
                    finishOrder.append(v)
                    stack.removeLast()
                }
            }
        }
        var component = [Int](repeating: -1, count: n)
        var sizes: [Int] = []
        for start in finishOrder.reversed() where component[start] < 0 {
            let label = sizes.count
            var size = 0
            var stack = [start]
            component[start] = label
            while let v = stack.popLast() {
                size += 1
                for e in reverseOffsets[v]..<reverseOffsets[v + 1] {
                    let w = Int(reverseTargets[e])
                    if component[w] < 0 {
                        component[w] = label
                        stack.append(w)
                    }
                }
            }
            sizes.append(size)
        }
        guard let largest = sizes.indices.max(by: { sizes[$0] < sizes[$1] }) else { return [] }
        return component.map { $0 == largest }
    }
}

/// A binary min-heap of (minutes, node) for Dijkstra.
struct MinHeap {
    private var keys: [Double] = []
    private var values: [Int] = []

    var isEmpty: Bool { keys.isEmpty }

    mutating func push(_ key: Double, _ value: Int) {
        keys.append(key)
        values.append(value)
        var child = keys.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard keys[child] < keys[parent] else { break }
            keys.swapAt(child, parent)
            values.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard let top = keys.first else { return nil }
        let value = values[0]
        let lastKey = keys.removeLast(), lastValue = values.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            values[0] = lastValue
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < keys.count && keys[left] < keys[smallest] { smallest = left }
                if right < keys.count && keys[right] < keys[smallest] { smallest = right }
                if smallest == parent { break }
                keys.swapAt(parent, smallest)
                values.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return (top, value)
    }
}

/// Buckets of nodes on a square grid, for nearest-node look-ups without scanning every node.
struct SpatialGrid: Sendable {
    private let cell: Double
    private let buckets: [Int64: [Int32]]
    private let bounds: (minX: Int64, maxX: Int64, minY: Int64, maxY: Int64)

    init(points: [PlanningPoint], include: [Bool], cellMetres: Double) {
        cell = cellMetres
        var buckets: [Int64: [Int32]] = [:]
        var minX = Int64.max, maxX = Int64.min, minY = Int64.max, maxY = Int64.min
        for (k, point) in points.enumerated() where include[k] {
            let x = Int64((point.easting / cellMetres).rounded(.down)), y = Int64((point.northing / cellMetres).rounded(.down))
            buckets[SpatialGrid.key(x, y), default: []].append(Int32(k))
            minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
        }
        self.buckets = buckets
        bounds = (minX, maxX, minY, maxY)
    }

    private static func key(_ x: Int64, _ y: Int64) -> Int64 { x &* 4_000_000 &+ y }

    func nearest(to point: PlanningPoint, points: [PlanningPoint]) -> (node: Int, metres: Double)? {
        guard !buckets.isEmpty else { return nil }
        let cx = Int64((point.easting / cell).rounded(.down)), cy = Int64((point.northing / cell).rounded(.down))
        var best: (node: Int, metres: Double)? = nil
        func consider(_ k: Int) {
            let d = point.distance(to: points[k])
            if best == nil || d < best!.metres || (d == best!.metres && k < best!.node) { best = (k, d) }
        }
        func visit(_ x: Int64, _ y: Int64) {
            guard let nodes = buckets[SpatialGrid.key(x, y)] else { return }
            for k in nodes { consider(Int(k)) }
        }
        // Ring r holds cells at Chebyshev distance r; once the ring's nearest edge is beyond the
        // best distance found, no further ring can hold anything nearer.
        let maxRing = max(abs(cx - bounds.minX), abs(cx - bounds.maxX), abs(cy - bounds.minY), abs(cy - bounds.maxY))
        // Far outside the network a ring search would visit many empty cells: scan instead.
        let outside = max(bounds.minX - cx, cx - bounds.maxX, bounds.minY - cy, cy - bounds.maxY, 0)
        if outside > 64 {
            for nodes in buckets.values {
                for k in nodes { consider(Int(k)) }
            }
            return best
        }
        var ring: Int64 = 0
        while ring <= maxRing {
            if let found = best, Double(ring - 1) * cell > found.metres { break }
            for x in (cx - ring)...(cx + ring) {
                visit(x, cy - ring)
                if ring > 0 { visit(x, cy + ring) }
            }
            if ring > 0 {
                for y in (cy - ring + 1)..<(cy + ring) {
                    visit(cx - ring, y)
                    visit(cx + ring, y)
                }
            }
            ring += 1
        }
        return best
    }
}

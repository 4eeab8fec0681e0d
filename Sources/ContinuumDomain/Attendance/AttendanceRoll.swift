import Foundation

/// Which of a school's uploaded marks the school may write itself, and which wait for the council.
///
/// Issue 13 item 5: a school user may record marks only for the pupils on its roll, meaning the
/// children of this authority whose home school is theirs (the children their scope shows them).
/// Any other UPN, whether it is nobody's or a child at another school, is held for an officer to
/// accept. The split depends on the roll alone, which the school already knows, so what it is told
/// about the held rows (how many) reveals nothing about records outside its scope.
public enum AttendanceRoll {
    public struct Split: Sendable, Equatable {
        /// Marks for pupils on the roll, in file order (later rows still correct earlier ones).
        public var onRoll: [AttendanceMark] = []
        /// Every other mark, in file order, for an officer to accept or reject.
        public var held: [AttendanceMark] = []
    }

    // Issue 13 item 5: "Hold marks for pupils not on the school's roll for an officer to accept."
    public static func split(_ marks: [AttendanceMark], roll: Set<PackedUPN>) -> Split {
        var split = Split()
        split.onRoll.reserveCapacity(marks.count)
        for mark in marks {
            if roll.contains(mark.upn) { split.onRoll.append(mark) } else { split.held.append(mark) }
        }
        return split
    }
}

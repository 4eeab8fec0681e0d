import Foundation

/// Why a stored `SessionCodes` blob could not be read.
public enum SessionCodesDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    case wrongLength(expected: Int, found: Int)
    case unknownCode(slot: Int, byte: UInt8)
    /// A mark in the slot pair for a 366th day in a year that has only 365.
    case markOutsideYear(slot: Int)

    public var description: String {
        switch self {
        case .wrongLength(let expected, let found): "session codes blob is \(found) bytes, expected \(expected)"
        case .unknownCode(let slot, let byte): "session codes blob has unknown code byte \(byte) at slot \(slot)"
        case .markOutsideYear(let slot): "session codes blob has a mark at slot \(slot), past 31 August"
        }
    }
}

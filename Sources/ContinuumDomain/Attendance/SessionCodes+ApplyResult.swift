import Foundation

extension SessionCodes {
    /// What applying one mark did, counted for the import summary.
    public enum ApplyResult: Hashable, Sendable {
        /// The session had no mark.
        case added
        /// The session had a different code, now replaced.
        case corrected
        /// The session already had this code.
        case unchanged
    }
}

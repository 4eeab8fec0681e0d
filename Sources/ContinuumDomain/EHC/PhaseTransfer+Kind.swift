extension PhaseTransfer {
    /// Which of regulation 18(1)'s two deadlines applies. Raw values are the
    /// CLI's `--transfer` arguments.
    public enum Kind: String, CaseIterable, Codable, Sendable {
        /// Every transfer other than secondary → post-16 (early years → school,
        /// infant → junior, primary → middle or secondary, middle → secondary):
        /// regulation 18(1)(b)'s "any other case", named for its commonest instance.
        case secondary
        /// Secondary school → post-16 institution: regulation 18(1)(a).
        case post16
    }
}

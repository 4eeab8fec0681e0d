import GOVUK

/// Fluent has a `Page` type too; pages here are always the GOV.UK one.
typealias HTMLPage = GOVUK.Page

/// The SEN2 census (reference) date a return is made for when nobody names one.
// DfE SEN2 guide: the census date is the third Thursday in January (18 January 2024, 16 January 2025).
public enum SEN2CensusDate {
    public static func of(year: Int) -> CalendarDate {
        CalendarDate(year: year, month: 1, day: 1).next(.thursday).adding(days: 14)
    }

    /// The latest census date on or before `today`: this January's once it has passed, else last January's.
    public static func latest(onOrBefore today: CalendarDate) -> CalendarDate {
        let thisYear = of(year: today.year)
        return thisYear <= today ? thisYear : of(year: today.year - 1)
    }
}

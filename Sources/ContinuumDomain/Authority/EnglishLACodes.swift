/// The DfE's three-digit local authority numbers for England (the "LA" in a DfE number and a UPN).
///
/// Source: the list the children-in-care (SSDA903) validator checks `LA_PERM` against,
/// csc-validator-be-903 0.1.17 (PyPI, Social Finance, MIT) rule 633 for 2022-23, less its 999
/// placeholder, plus the four authorities created since: 940 North Northamptonshire and
/// 941 West Northamptonshire (2021), 942 Cumberland and 943 Westmorland and Furness (2023).
/// Former numbers (928 Northamptonshire, 909 Cumbria) stay valid: their records still carry them.
public enum EnglishLACodes {
    public static let all: Set<String> = Set((
        "800,889,822,301,304,303,330,825,837,302,846,370,350,890,867,380,305,801,351,873,823,895,896,"
        + "381,909,202,908,331,306,841,830,831,878,371,835,332,840,307,308,811,881,845,390,916,203,876,"
        + "850,311,204,884,312,205,313,805,919,310,309,420,921,206,207,886,810,382,314,340,888,208,856,"
        + "383,855,209,925,341,201,821,352,806,887,826,315,929,812,391,926,892,813,802,928,891,392,316,"
        + "815,353,931,879,836,851,874,807,354,317,870,318,372,857,333,935,343,803,373,342,893,356,355,"
        + "871,394,334,933,882,936,861,852,319,860,808,393,866,210,357,894,883,880,358,211,937,869,320,"
        + "359,865,384,335,336,212,868,872,885,344,877,213,938,816,940,941,942,943"
    ).split(separator: ",").map(String.init))

    /// True for a three-digit number in the list above.
    public static func isEnglish(_ code: String) -> Bool { code.count == 3 && all.contains(code) }
}

import ContinuumDomain

/// Small built-in name lists for the demo county. Common English names only, combined at
/// random, so no demo child is a real child and no name list has to be downloaded or licensed.
enum HistoryNames {
    static let girls = [
        "Amelia", "Olivia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Lily", "Freya", "Ella",
        "Evie", "Chloe", "Ruby", "Poppy", "Millie", "Daisy", "Holly", "Erin", "Jessica", "Megan",
        "Phoebe", "Imogen", "Scarlett", "Zara", "Maya", "Hannah", "Lucy", "Niamh", "Aisha", "Layla",
    ]
    static let boys = [
        "Oliver", "Harry", "Jack", "George", "Noah", "Charlie", "Jacob", "Alfie", "Freddie", "Oscar",
        "Leo", "Archie", "Joshua", "Thomas", "James", "William", "Ethan", "Samuel", "Daniel", "Max",
        "Lewis", "Callum", "Kieran", "Owen", "Reuben", "Toby", "Harvey", "Ryan", "Zain", "Kai",
    ]
    static let surnames = [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
        "Patel", "Khan", "Lewis", "Hughes", "Edwards", "Turner", "Hill", "Cooper", "Ward", "Morris",
        "Moore", "Harris", "Baker", "Price", "Bennett", "Griffiths", "Lloyd", "Mason", "Parker", "Hussain",
        "Pritchard", "Holloway", "Fletcher", "Bradley", "Sutton", "Rowley", "Perry", "Chadwick", "Bishop", "Foster",
    ]
}

/// Fictional names for the demo county. Common given names and surnames, combined at random;
/// place names are invented from syllables so no real school is named.
enum DemoNames {
    static let girls = ["Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace", "Freya", "Willow", "Evie",
                        "Poppy", "Ella", "Daisy", "Phoebe", "Sienna", "Ruby", "Harper", "Emily", "Millie", "Matilda", "Aisha", "Zara", "Maya",
                        "Layla", "Hannah", "Chloe", "Jessica", "Niamh", "Amira", "Leah", "Erin", "Eleanor", "Holly", "Megan", "Priya", "Nadia"]
    static let boys = ["Oliver", "George", "Noah", "Arthur", "Leo", "Oscar", "Harry", "Archie", "Jack", "Henry", "Charlie", "Freddie", "Theodore",
                       "Thomas", "Alfie", "Jacob", "Joshua", "William", "Ethan", "Isaac", "Mohammed", "Finley", "Reggie", "Teddy", "Albie",
                       "Rory", "Lucas", "Max", "Dylan", "Samuel", "Kai", "Ryan", "Callum", "Harvey", "Riley", "Tyler", "Adam", "Yusuf", "Kacper", "Ben"]
    static let surnames = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright", "Thompson",
                           "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas", "Clarke", "Jackson", "Wood", "Harris", "Edwards",
                           "Turner", "Martin", "Cooper", "Hill", "Ward", "Hughes", "Moore", "Clark", "King", "Harrison", "Lewis", "Baker",
                           "Lee", "Allen", "Morris", "Khan", "Scott", "Watson", "Davis", "Parker", "James", "Bennett", "Young", "Phillips",
                           "Richardson", "Mitchell", "Bailey", "Carter", "Cook", "Singh", "Shaw", "Bell", "Collins", "Morgan", "Kelly", "Begum",
                           "Miller", "Cox", "Hussain", "Marshall", "Simpson", "Price", "Anderson", "Adams", "Wilkinson", "Ali", "Ahmed", "Foster",
                           "Ellis", "Murphy", "Chapman", "Mason", "Gray", "Richards", "Webb", "Griffiths", "Hunt", "Palmer", "Campbell", "Holmes",
                           "Mills", "Rogers", "Barnes", "Knight", "Matthews", "Barker", "Powell", "Stevens", "Kaur", "Fisher", "Butler", "Dixon",
                           "Russell", "Harvey", "Pearson", "Graham", "Nowak", "Kowalski"]
    static let placeStarts = ["Ash", "Bram", "Cal", "Dun", "Elm", "Fern", "Glen", "Hart", "Ivy", "Kem", "Lark", "Mar", "Nor", "Oak", "Pen",
                              "Quen", "Red", "Sal", "Thorn", "Ul", "Wick", "Wyn", "Brock", "Chad", "Dray", "Hol", "Lind", "Mere", "Stan", "Wood"]
    static let placeEnds = ["ley", "ford", "bury", "ton", "wick", "combe", "field", "brook", "hurst", "well", "cote", "stone", "wood", "more", "hampton"]
    static let saints = ["Mary", "John", "Peter", "Andrew", "Matthew", "Barnabas", "Catherine", "Joseph", "Anne", "Nicholas", "Bartholomew", "Egwin"]
}

//! Static vocabularies for the company generator. Unicode names are deliberate:
//! the desktop app must show them correctly.

pub(crate) const FIRST_NAMES: &[&str] = &[
    "Ada",
    "Adriana",
    "Aiko",
    "Aisha",
    "Alejandro",
    "Aleksander",
    "Amara",
    "Amelia",
    "Anders",
    "Andrea",
    "Anna",
    "Arjun",
    "Astrid",
    "Beatriz",
    "Ben",
    "Björn",
    "Camille",
    "Carlos",
    "Chen",
    "Chloé",
    "Chiara",
    "Dafne",
    "Daniel",
    "Darius",
    "Elif",
    "Elena",
    "Emil",
    "Emma",
    "Eoin",
    "Esther",
    "Fatima",
    "Felix",
    "François",
    "Freya",
    "Gabriel",
    "Grace",
    "Hana",
    "Hannah",
    "Héctor",
    "Ines",
    "Ingrid",
    "Isabel",
    "Ivan",
    "Jakub",
    "James",
    "Jana",
    "Javier",
    "Jia",
    "Joaquín",
    "José",
    "Julia",
    "Kai",
    "Karin",
    "Katarzyna",
    "Kenji",
    "Kwame",
    "Lars",
    "Laura",
    "Leah",
    "Léa",
    "Liam",
    "Lina",
    "Lucas",
    "Lucía",
    "Łukasz",
    "Maja",
    "Malik",
    "Marco",
    "María",
    "Mateo",
    "Maya",
    "Mei",
    "Mia",
    "Mohammed",
    "Nadia",
    "Niamh",
    "Nikolai",
    "Noah",
    "Nora",
    "Oliver",
    "Olga",
    "Omar",
    "Oscar",
    "Paulina",
    "Pedro",
    "Priya",
    "Rafael",
    "Ravi",
    "Renée",
    "Rosa",
    "Ruth",
    "Saanvi",
    "Samuel",
    "Sara",
    "Siobhán",
    "Sofia",
    "Søren",
    "Stefan",
    "Tariq",
    "Thảo",
    "Tomás",
    "Uma",
    "Valentina",
    "Wei",
    "Yara",
    "Yusuf",
    "Zoë",
    "Zoltán",
];

pub(crate) const SURNAMES: &[&str] = &[
    "Abadi",
    "Andersen",
    "Bakker",
    "Banerjee",
    "Becker",
    "Bianchi",
    "Brown",
    "Carvalho",
    "Castillo",
    "Chen",
    "Cohen",
    "Costa",
    "Dąbrowski",
    "Davies",
    "de Vries",
    "Dubois",
    "Dvořák",
    "Eriksson",
    "Evans",
    "Fernández",
    "Fischer",
    "Fitzgerald",
    "García",
    "Garcia",
    "Gonçalves",
    "Gómez",
    "Hansen",
    "Haddad",
    "Hernández",
    "Hoffmann",
    "Horváth",
    "Ivanova",
    "Jansen",
    "Jensen",
    "Johansson",
    "Kaur",
    "Kim",
    "Kowalski",
    "Kumar",
    "Larsen",
    "Laurent",
    "Lee",
    "Lehmann",
    "Levi",
    "López",
    "Martin",
    "Martínez",
    "Meyer",
    "Mizrahi",
    "Moreau",
    "Müller",
    "Murphy",
    "Nakamura",
    "Navarro",
    "Nguyễn",
    "Nielsen",
    "Novák",
    "Nowak",
    "O'Brien",
    "O'Connor",
    "Okafor",
    "Olsen",
    "Papadopoulos",
    "Patel",
    "Pereira",
    "Petrov",
    "Popescu",
    "Rahman",
    "Ramos",
    "Ricci",
    "Rodríguez",
    "Rossi",
    "Sato",
    "Schmidt",
    "Schneider",
    "Shapiro",
    "Silva",
    "Singh",
    "Smith",
    "Søndergaard",
    "Suzuki",
    "Szabó",
    "Tanaka",
    "Taylor",
    "Thomas",
    "Trần",
    "Van den Berg",
    "Wagner",
    "Walsh",
    "Wang",
    "Weber",
    "Williams",
    "Wilson",
    "Wiśniewski",
    "Wójcik",
    "Yamamoto",
    "Yılmaz",
    "Zhang",
    "Zieliński",
    "Ødegaard",
];

/// Departments, each with the titles people in it hold.
pub(crate) const DEPARTMENTS: &[(&str, &[&str])] = &[
    (
        "Management",
        &[
            "Chief Executive Officer",
            "Chief Operating Officer",
            "Chief of Staff",
        ],
    ),
    (
        "Engineering",
        &[
            "Software Engineer",
            "Senior Software Engineer",
            "Staff Engineer",
            "Engineering Manager",
            "QA Engineer",
        ],
    ),
    (
        "Product",
        &[
            "Product Manager",
            "Senior Product Manager",
            "Product Designer",
            "UX Researcher",
        ],
    ),
    (
        "Sales",
        &[
            "Account Executive",
            "Sales Development Representative",
            "Sales Manager",
            "Sales Engineer",
        ],
    ),
    (
        "Marketing",
        &["Marketing Manager", "Content Writer", "Growth Marketer"],
    ),
    (
        "Customer Success",
        &[
            "Customer Success Manager",
            "Support Specialist",
            "Support Team Lead",
        ],
    ),
    (
        "Finance",
        &["Financial Analyst", "Accountant", "Finance Director"],
    ),
    (
        "People",
        &[
            "HR Business Partner",
            "Recruiter",
            "People Operations Specialist",
            "Head of People",
        ],
    ),
    ("Legal", &["Legal Counsel", "Paralegal"]),
    (
        "Operations",
        &[
            "Operations Manager",
            "Office Manager",
            "Procurement Specialist",
        ],
    ),
    ("Data", &["Data Analyst", "Data Engineer", "Data Scientist"]),
    (
        "IT",
        &[
            "IT Administrator",
            "Security Engineer",
            "IT Support Technician",
        ],
    ),
];

pub(crate) struct SiteDef {
    pub(crate) name: &'static str,
    pub(crate) city: &'static str,
    pub(crate) country: &'static str,
    pub(crate) country_code: &'static str,
    pub(crate) nationality: &'static str,
    pub(crate) currency: &'static str,
    pub(crate) phone_prefix: &'static str,
    pub(crate) banks: &'static [&'static str],
    /// Relative headcount weight.
    pub(crate) weight: u32,
}

pub(crate) const SITES: &[SiteDef] = &[
    SiteDef {
        name: "London HQ",
        city: "London",
        country: "United Kingdom",
        country_code: "GB",
        nationality: "British",
        currency: "GBP",
        phone_prefix: "+44 20 7946",
        banks: &["Barclays", "HSBC UK", "Monzo", "Lloyds Bank"],
        weight: 30,
    },
    SiteDef {
        name: "Berlin",
        city: "Berlin",
        country: "Germany",
        country_code: "DE",
        nationality: "German",
        currency: "EUR",
        phone_prefix: "+49 30 5557",
        banks: &["Deutsche Bank", "Commerzbank", "N26"],
        weight: 18,
    },
    SiteDef {
        name: "New York",
        city: "New York",
        country: "United States",
        country_code: "US",
        nationality: "American",
        currency: "USD",
        phone_prefix: "+1 212 555",
        banks: &["Chase", "Bank of America", "Citibank"],
        weight: 22,
    },
    SiteDef {
        name: "Tel Aviv",
        city: "Tel Aviv",
        country: "Israel",
        country_code: "IL",
        nationality: "Israeli",
        currency: "ILS",
        phone_prefix: "+972 3 555",
        banks: &["Bank Hapoalim", "Bank Leumi"],
        weight: 12,
    },
    SiteDef {
        name: "Lisbon",
        city: "Lisbon",
        country: "Portugal",
        country_code: "PT",
        nationality: "Portuguese",
        currency: "EUR",
        phone_prefix: "+351 21 555",
        banks: &["Millennium BCP", "Caixa Geral de Depósitos"],
        weight: 10,
    },
    SiteDef {
        name: "Sydney",
        city: "Sydney",
        country: "Australia",
        country_code: "AU",
        nationality: "Australian",
        currency: "AUD",
        phone_prefix: "+61 2 5550",
        banks: &["Commonwealth Bank", "Westpac"],
        weight: 8,
    },
];

pub(crate) const DOMAINS: &[&str] = &[
    "northwind-labs.example",
    "bluefin-analytics.example",
    "cedar-and-oak.example",
    "quokka-systems.example",
];

pub(crate) const STREETS: &[&str] = &[
    "Baker Street",
    "Market Street",
    "Station Road",
    "Rua Augusta",
    "Torstraße",
    "Herzl Street",
    "George Street",
    "Park Avenue",
    "Mill Lane",
    "Kastanienallee",
];

pub(crate) const TERMINATION_REASONS: &[&str] = &[
    "Resignation",
    "End of contract",
    "Relocation",
    "Redundancy",
    "Career change",
    "Retirement",
];

pub(crate) const LEAVE_REASONS: &[&str] = &["Sabbatical", "Medical leave", "Unpaid leave"];

pub(crate) const FAMILY_STATUSES: &[&str] =
    &["Single", "Married", "Domestic partnership", "Divorced"];

pub(crate) const PRONOUNS: &[&str] = &["she/her", "he/him", "they/them"];

pub(crate) const ETHNICITIES: &[&str] = &[
    "Asian",
    "Black or African American",
    "Hispanic or Latino",
    "White",
    "Two or more races",
    "Prefer not to say",
];

pub(crate) const JOB_CATEGORIES: &[&str] = &[
    "Executive/Senior Level Officials and Managers",
    "First/Mid-Level Officials and Managers",
    "Professionals",
    "Technicians",
    "Sales Workers",
    "Administrative Support Workers",
];

pub(crate) const HOBBIES: &[&str] = &[
    "climbing",
    "chess",
    "baking sourdough",
    "cycling",
    "birdwatching",
    "board games",
    "running",
    "photography",
    "gardening",
    "sailing",
    "playing the cello",
    "pottery",
];

pub(crate) const TSHIRT_SIZES: &[&str] = &["XS", "S", "M", "L", "XL", "XXL"];

/// Lowercase ASCII approximation of a name for email local parts.
pub(crate) fn fold_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            'a'..='z' | '0'..='9' => {
                out.push(c);
                continue;
            }
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' | 'ă' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' => "c",
            'ď' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' | 'ễ' | 'ệ' | 'ế' | 'ề' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ı' => "i",
            'ł' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' | 'ơ' => "o",
            'ř' => "r",
            'ś' | 'š' | 'ş' => "s",
            'ß' => "ss",
            'ť' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ű' | 'ů' | 'ư' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            'ả' | 'ạ' | 'ấ' | 'ầ' => "a",
            // Spaces, apostrophes, hyphens and anything unknown are dropped.
            _ => "",
        };
        out.push_str(mapped);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold_ascii("Łukasz"), "lukasz");
        assert_eq!(fold_ascii("O'Brien"), "obrien");
        assert_eq!(fold_ascii("Nguyễn"), "nguyen");
        assert_eq!(fold_ascii("Søren"), "soren");
        assert_eq!(fold_ascii("Müller"), "muller");
        assert_eq!(fold_ascii("Van den Berg"), "vandenberg");
        for n in FIRST_NAMES.iter().chain(SURNAMES) {
            assert!(!fold_ascii(n).is_empty(), "{n}");
        }
        let titles: usize = DEPARTMENTS.iter().map(|d| d.1.len()).sum();
        assert!(titles >= 38, "{titles}");
    }
}

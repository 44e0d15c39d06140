//! Name finding and normalisation: tokens, titles, particles, possessives and
//! a small gender lexicon of first names.

use crate::Span;
use std::collections::HashSet;

/// Grammatical gender of a person, as far as the text tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    /// He.
    Male,
    /// She.
    Female,
    /// Not known.
    Unknown,
}

/// What an honorific says about who can bear it; used to keep apart
/// "Mr. Bennet", "Mrs. Bennet" and "Miss Bennet".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TitleClass {
    /// Mr, Sir, Lord, King ...
    Male,
    /// Mrs (a married woman).
    Married,
    /// Miss (an unmarried woman).
    Unmarried,
    /// Ms, Lady, Queen ... (a woman).
    Female,
    /// Dr, President, Captain ... (anyone).
    Neutral,
}

impl TitleClass {
    /// The gender the title implies.
    pub fn gender(self) -> Gender {
        match self {
            TitleClass::Male => Gender::Male,
            TitleClass::Married | TitleClass::Unmarried | TitleClass::Female => Gender::Female,
            TitleClass::Neutral => Gender::Unknown,
        }
    }

    /// True when one person could bear both titles.
    pub fn compatible(self, other: TitleClass) -> bool {
        use TitleClass::*;
        match (self, other) {
            (Neutral, _) | (_, Neutral) => true,
            (Married, Unmarried) | (Unmarried, Married) => false,
            (a, b) => gender_compatible(a.gender(), b.gender()),
        }
    }
}

/// True unless the genders are known and differ.
pub fn gender_compatible(a: Gender, b: Gender) -> bool {
    a == Gender::Unknown || b == Gender::Unknown || a == b
}

/// Honorifics and ranks with the title class they imply (lower case, no dot).
const TITLES: &[(&str, TitleClass)] = &[
    ("mr", TitleClass::Male),
    ("mister", TitleClass::Male),
    ("sir", TitleClass::Male),
    ("lord", TitleClass::Male),
    ("king", TitleClass::Male),
    ("prince", TitleClass::Male),
    ("duke", TitleClass::Male),
    ("earl", TitleClass::Male),
    ("count", TitleClass::Male),
    ("baron", TitleClass::Male),
    ("father", TitleClass::Male),
    ("brother", TitleClass::Male),
    ("uncle", TitleClass::Male),
    ("monsieur", TitleClass::Male),
    ("herr", TitleClass::Male),
    ("señor", TitleClass::Male),
    ("sheikh", TitleClass::Male),
    ("mrs", TitleClass::Married),
    ("miss", TitleClass::Unmarried),
    ("ms", TitleClass::Female),
    ("madam", TitleClass::Female),
    ("madame", TitleClass::Female),
    ("mme", TitleClass::Female),
    ("lady", TitleClass::Female),
    ("dame", TitleClass::Female),
    ("queen", TitleClass::Female),
    ("princess", TitleClass::Female),
    ("duchess", TitleClass::Female),
    ("countess", TitleClass::Female),
    ("baroness", TitleClass::Female),
    ("sister", TitleClass::Female),
    ("aunt", TitleClass::Female),
    ("mother", TitleClass::Female),
    ("frau", TitleClass::Female),
    ("dr", TitleClass::Neutral),
    ("doctor", TitleClass::Neutral),
    ("prof", TitleClass::Neutral),
    ("professor", TitleClass::Neutral),
    ("president", TitleClass::Neutral),
    ("vice", TitleClass::Neutral),
    ("premier", TitleClass::Neutral),
    ("minister", TitleClass::Neutral),
    ("chancellor", TitleClass::Neutral),
    ("secretary", TitleClass::Neutral),
    ("captain", TitleClass::Neutral),
    ("capt", TitleClass::Neutral),
    ("admiral", TitleClass::Neutral),
    ("adm", TitleClass::Neutral),
    ("colonel", TitleClass::Neutral),
    ("col", TitleClass::Neutral),
    ("general", TitleClass::Neutral),
    ("gen", TitleClass::Neutral),
    ("lieutenant", TitleClass::Neutral),
    ("lt", TitleClass::Neutral),
    ("major", TitleClass::Neutral),
    ("maj", TitleClass::Neutral),
    ("sergeant", TitleClass::Neutral),
    ("sgt", TitleClass::Neutral),
    ("corporal", TitleClass::Neutral),
    ("private", TitleClass::Neutral),
    ("commander", TitleClass::Neutral),
    ("senator", TitleClass::Neutral),
    ("sen", TitleClass::Neutral),
    ("representative", TitleClass::Neutral),
    ("rep", TitleClass::Neutral),
    ("congressman", TitleClass::Male),
    ("congresswoman", TitleClass::Female),
    ("governor", TitleClass::Neutral),
    ("gov", TitleClass::Neutral),
    ("mayor", TitleClass::Neutral),
    ("judge", TitleClass::Neutral),
    ("justice", TitleClass::Neutral),
    ("ambassador", TitleClass::Neutral),
    ("envoy", TitleClass::Neutral),
    ("commissioner", TitleClass::Neutral),
    ("inspector", TitleClass::Neutral),
    ("detective", TitleClass::Neutral),
    ("officer", TitleClass::Neutral),
    ("chief", TitleClass::Neutral),
    ("chairman", TitleClass::Neutral),
    ("chairwoman", TitleClass::Female),
    ("rev", TitleClass::Neutral),
    ("reverend", TitleClass::Neutral),
    ("pope", TitleClass::Male),
    ("cardinal", TitleClass::Male),
    ("bishop", TitleClass::Neutral),
    ("archbishop", TitleClass::Neutral),
    ("rabbi", TitleClass::Neutral),
    ("imam", TitleClass::Male),
    ("coach", TitleClass::Neutral),
    ("speaker", TitleClass::Neutral),
];

/// Honorifics that say nothing about a role (not used as role words).
const HONORIFICS: &[&str] = &[
    "mr", "mister", "mrs", "ms", "miss", "sir", "dr", "madam", "madame", "mme", "monsieur", "herr",
    "frau", "señor", "dame", "lady", "lord",
];

/// Lower-case name particles allowed inside a name ("Ludwig van Beethoven").
const PARTICLES: &[&str] = &[
    "de", "da", "del", "della", "der", "den", "van", "von", "bin", "bint", "ibn", "al", "el", "di",
    "du", "la", "le", "ter", "ten", "dos", "das", "do", "y", "zu", "af",
];

/// Capitalised words that are never (the start of) a name.
const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "him",
    "them",
    "us",
    "me",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "nor",
    "for",
    "if",
    "then",
    "when",
    "while",
    "as",
    "at",
    "in",
    "on",
    "of",
    "to",
    "by",
    "with",
    "from",
    "after",
    "before",
    "since",
    "until",
    "because",
    "although",
    "though",
    "however",
    "meanwhile",
    "also",
    "still",
    "there",
    "here",
    "what",
    "who",
    "whom",
    "whose",
    "which",
    "where",
    "why",
    "how",
    "yes",
    "no",
    "not",
    "oh",
    "ah",
    "well",
    "now",
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "have",
    "has",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "shall",
    "may",
    "might",
    "must",
    "let",
    "all",
    "some",
    "any",
    "many",
    "much",
    "more",
    "most",
    "other",
    "another",
    "such",
    "every",
    "each",
    "both",
    "either",
    "neither",
    "one",
    "two",
    "three",
    "first",
    "last",
    "next",
    "according",
    "asked",
    "said",
    "says",
    "under",
    "over",
    "about",
    "into",
    "during",
    "without",
    "within",
    "among",
    "instead",
    "despite",
    "even",
    "only",
    "just",
    "perhaps",
    "indeed",
    "thus",
    "therefore",
    "besides",
    "whether",
    "dear",
    "good",
    "thank",
    "thanks",
    "please",
    "very",
    "why",
    "nothing",
    "everything",
    "someone",
    "somebody",
    "nobody",
    "everyone",
    "everybody",
    "ok",
    "okay",
    "hello",
    "chapter",
    "part",
    "volume",
    "book",
    "am",
    "pm",
    "tv",
    "later",
    "earlier",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "afterwards",
    "finally",
    "eventually",
    "recently",
    "separately",
    "elsewhere",
    "overall",
    "again",
    "once",
    "often",
    "sometimes",
    "never",
    "always",
    "ever",
    "already",
    "soon",
    "like",
    "unlike",
    "following",
    "amid",
    "against",
    "via",
    "speaking",
    "told",
    "whatever",
    "whoever",
    "anyway",
    "sure",
    "certainly",
    "really",
    "maybe",
    "look",
    "listen",
    "come",
    "go",
    "see",
    "tell",
    "say",
    "sorry",
    "no",
    "nor",
    "upon",
    "towards",
];

/// Month and weekday names, never names on their own.
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "christmas",
    "easter",
];

/// Words that mark a name as an organisation or place rather than a person.
const ORG_WORDS: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "ltd",
    "llc",
    "plc",
    "co",
    "company",
    "group",
    "bank",
    "ministry",
    "department",
    "office",
    "agency",
    "council",
    "committee",
    "commission",
    "party",
    "union",
    "nations",
    "university",
    "college",
    "school",
    "institute",
    "foundation",
    "association",
    "society",
    "times",
    "news",
    "post",
    "journal",
    "press",
    "reuters",
    "television",
    "radio",
    "police",
    "army",
    "navy",
    "force",
    "forces",
    "court",
    "parliament",
    "congress",
    "senate",
    "house",
    "church",
    "club",
    "fc",
    "united",
    "states",
    "kingdom",
    "republic",
    "federation",
    "city",
    "county",
    "street",
    "road",
    "river",
    "island",
    "islands",
    "mount",
    "hospital",
    "motors",
    "airlines",
    "airways",
    "industries",
    "holdings",
    "partners",
    "systems",
    "network",
    "service",
    "services",
    "organisation",
    "organization",
    "authority",
    "board",
    "bureau",
    "government",
    "administration",
    "kremlin",
    "whitehall",
    "pentagon",
    "europe",
    "africa",
    "asia",
    "america",
    "street",
    "square",
    "hall",
    "centre",
    "center",
    // Sports clubs and bodies.
    "villa",
    "rovers",
    "albion",
    "athletic",
    "wanderers",
    "hotspur",
    "rangers",
    "brom",
    "town",
    "league",
    "olympic",
];

/// Common English (and a few frequent international) male first names.
pub const MALE_NAMES: &[&str] = &[
    "aaron",
    "adam",
    "adrian",
    "ahmed",
    "alan",
    "albert",
    "alex",
    "alexander",
    "alexei",
    "alfred",
    "ali",
    "andrew",
    "andrei",
    "andrey",
    "anthony",
    "antonio",
    "arthur",
    "barack",
    "ben",
    "benjamin",
    "bernard",
    "bill",
    "bob",
    "boris",
    "brandon",
    "brian",
    "bruce",
    "carl",
    "carlos",
    "charles",
    "charlie",
    "chris",
    "christopher",
    "colin",
    "craig",
    "daniel",
    "darcy",
    "david",
    "dennis",
    "dmitry",
    "dmitri",
    "donald",
    "douglas",
    "dylan",
    "edward",
    "edmund",
    "elon",
    "emmanuel",
    "eric",
    "ethan",
    "fitzwilliam",
    "francis",
    "frank",
    "fred",
    "frederick",
    "gary",
    "geoffrey",
    "george",
    "gerald",
    "gordon",
    "graham",
    "gregory",
    "harold",
    "harry",
    "henry",
    "howard",
    "hugh",
    "ian",
    "isaac",
    "ivan",
    "jack",
    "jacob",
    "jake",
    "james",
    "jason",
    "jeff",
    "jeffrey",
    "jeremy",
    "jerry",
    "jim",
    "joe",
    "joel",
    "john",
    "johnny",
    "jonathan",
    "jose",
    "joseph",
    "joshua",
    "juan",
    "justin",
    "keir",
    "keith",
    "ken",
    "kenneth",
    "kevin",
    "kyle",
    "larry",
    "lawrence",
    "leo",
    "leonard",
    "lewis",
    "louis",
    "luke",
    "marco",
    "mark",
    "martin",
    "matthew",
    "michael",
    "mike",
    "mohammed",
    "muhammad",
    "nathan",
    "neil",
    "nicholas",
    "nick",
    "nigel",
    "noah",
    "oliver",
    "olaf",
    "oscar",
    "patrick",
    "paul",
    "peter",
    "philip",
    "pierre",
    "ralph",
    "raymond",
    "richard",
    "rishi",
    "robbie",
    "robert",
    "roger",
    "ronald",
    "roy",
    "russell",
    "ryan",
    "samuel",
    "scott",
    "sean",
    "sebastian",
    "sergey",
    "sergei",
    "simon",
    "stephen",
    "steve",
    "steven",
    "stuart",
    "thomas",
    "tim",
    "timothy",
    "tom",
    "tony",
    "victor",
    "vladimir",
    "volodymyr",
    "walter",
    "wayne",
    "william",
    "xi",
    "yuri",
    "emmanuel",
    "angus",
    "rupert",
    "tobias",
    "wilhelm",
    "hans",
    "karl",
    "klaus",
    "friedrich",
    "giuseppe",
    "mario",
    "pedro",
    "miguel",
    "rafael",
    "ahmad",
    "omar",
    "hassan",
    "hussein",
    "ibrahim",
    "abdullah",
    "benjamin",
    "binyamin",
    "recep",
    "narendra",
    "shinzo",
    "fumio",
    "justin",
    "jean",
    "jacques",
    "francois",
    "heathcliff",
    "edgar",
    "hareton",
    "rochester",
    "sherlock",
    "watson",
    "pip",
    "oliver",
    "ebenezer",
    "jay",
    "nick",
    "tom",
    "huck",
    "atticus",
    "holden",
    "gatsby",
    "wickham",
    "bingley",
    "collins",
    "tristram",
    "horatio",
    "ishmael",
    "ahab",
];

/// Common English (and a few frequent international) female first names.
pub const FEMALE_NAMES: &[&str] = &[
    "abigail",
    "ada",
    "alice",
    "alison",
    "amanda",
    "amelia",
    "amy",
    "andrea",
    "angela",
    "ann",
    "anna",
    "anne",
    "annie",
    "barbara",
    "beatrice",
    "betty",
    "beth",
    "bridget",
    "carol",
    "caroline",
    "catherine",
    "charlotte",
    "chloe",
    "christine",
    "claire",
    "clara",
    "diana",
    "donna",
    "dorothy",
    "edith",
    "eleanor",
    "elizabeth",
    "ella",
    "ellen",
    "elinor",
    "emily",
    "emma",
    "esther",
    "eva",
    "eve",
    "fanny",
    "fiona",
    "florence",
    "frances",
    "georgiana",
    "grace",
    "hannah",
    "harriet",
    "heather",
    "helen",
    "hillary",
    "isabel",
    "isabella",
    "jane",
    "janet",
    "jacinda",
    "jennifer",
    "jessica",
    "jill",
    "joan",
    "josephine",
    "joyce",
    "judith",
    "julia",
    "julie",
    "karen",
    "kamala",
    "kate",
    "katherine",
    "kathleen",
    "kitty",
    "laura",
    "lauren",
    "linda",
    "lisa",
    "liz",
    "lizzy",
    "lucy",
    "lydia",
    "margaret",
    "maria",
    "marianne",
    "marie",
    "marina",
    "martha",
    "mary",
    "megan",
    "melania",
    "michelle",
    "nancy",
    "natalie",
    "nicola",
    "nina",
    "olivia",
    "pamela",
    "patricia",
    "penelope",
    "rachel",
    "rebecca",
    "rose",
    "ruth",
    "sally",
    "samantha",
    "sandra",
    "sarah",
    "sophia",
    "sophie",
    "stephanie",
    "susan",
    "teresa",
    "theresa",
    "ursula",
    "victoria",
    "virginia",
    "wendy",
    "yulia",
    "zoe",
    "angelina",
    "christine",
    "giorgia",
    "marine",
    "nicola",
    "liz",
    "kristalina",
    "greta",
    "sanna",
    "ségolène",
    "hermione",
    "jo",
    "meg",
    "amy",
    "scarlett",
    "cathy",
    "catherine",
    "isabella",
    "nelly",
    "estella",
    "dorothea",
    "celia",
    "maggie",
    "tess",
    "daisy",
    "jordan",
    "myrtle",
    "scout",
    "clarissa",
    "mina",
    "lucie",
    "nadia",
    "olga",
    "svetlana",
    "tatiana",
    "irina",
    "natalia",
    "fatima",
    "aisha",
    "leila",
    "priya",
    "indira",
    "benazir",
    "golda",
    "hana",
    "mei",
    "yoko",
];

/// Lower-cases and strips a trailing dot ("Mr." → "mr").
pub fn norm(word: &str) -> String {
    word.trim_end_matches('.').to_lowercase()
}

/// The title class of an honorific or rank word, if it is one.
pub fn title_class(word: &str) -> Option<TitleClass> {
    let w = norm(word);
    TITLES.iter().find(|(t, _)| *t == w).map(|&(_, c)| c)
}

/// True for honorifics like "Mr" that say nothing about a role.
pub fn is_honorific(word: &str) -> bool {
    HONORIFICS.contains(&norm(word).as_str())
}

/// The gender the built-in first-name lexicon gives `first`, if any.
pub fn first_name_gender(first: &str) -> Gender {
    let w = norm(first);
    let male = MALE_NAMES.contains(&w.as_str());
    let female = FEMALE_NAMES.contains(&w.as_str());
    match (male, female) {
        (true, false) => Gender::Male,
        (false, true) => Gender::Female,
        _ => Gender::Unknown,
    }
}

/// True when `word` marks an organisation or place ("Ministry", "Inc").
pub fn is_org_word(word: &str) -> bool {
    ORG_WORDS.contains(&norm(word).as_str())
}

/// Last words of the names of places and buildings ("Ashcombe Hall",
/// "Thornton Lodge", "Baker Street"): such a name is a place, not a person,
/// unless it starts with a first name or a title.
const PLACE_WORDS: &[&str] = &[
    "hall",
    "manor",
    "abbey",
    "castle",
    "park",
    "lodge",
    "cottage",
    "grange",
    "priory",
    "street",
    "lane",
    "road",
    "square",
    "avenue",
    "palace",
    "mansions",
    "villa",
    "inn",
    "church",
    "chapel",
    "cathedral",
    "station",
    "bridge",
    "river",
    "hill",
    "valley",
    "gardens",
    "terrace",
    "crescent",
];

/// True when a run of name words names a place or building: two words or
/// more, the last a place word, the first no known first name.
pub fn is_place_name(words: &[&str]) -> bool {
    match (words.first(), words.last()) {
        (Some(first), Some(last)) if words.len() >= 2 => {
            PLACE_WORDS.contains(&norm(strip_possessive(last)).as_str())
                && first_name_gender(first) == Gender::Unknown
                && title_class(first).is_none()
        }
        _ => false,
    }
}

/// True for capitalised function words that never start a name.
pub fn is_stop_word(word: &str) -> bool {
    let mut w = norm(word);
    if w.contains('\u{2019}') {
        w = w.replace('\u{2019}', "'");
    }
    if STOP.contains(&w.as_str()) {
        return true;
    }
    // Contractions ("I'm Piglet", "It's Lucy", "Don't"): never part of a name.
    match w.split_once('\'') {
        Some((head, "m" | "ll" | "ve" | "d" | "s" | "re")) => {
            STOP.contains(&head) || matches!(head, "let" | "here")
        }
        Some((head, "t")) => head.ends_with('n') && head.len() >= 2,
        _ => false,
    }
}

/// True for month and weekday names.
pub fn is_calendar_word(word: &str) -> bool {
    CALENDAR.contains(&norm(word).as_str())
}

/// Removes a possessive ending: "Lavrov's" → "Lavrov", "Jones'" → "Jones".
pub fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    if word.len() > 2 && (word.ends_with("s'") || word.ends_with("s’")) {
        return word.trim_end_matches(['\'', '’']);
    }
    word
}

/// True when `word` ends in a possessive marker.
pub fn is_possessive(word: &str) -> bool {
    strip_possessive(word).len() != word.len()
}

/// A word of the text with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte span of the word (including an abbreviation dot: "Mr.", "J.").
    pub span: Span,
}

impl Token {
    /// The word's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span.text(text)
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐')
}

/// Splits `text` into words: runs of letters and digits, joined by inner
/// apostrophes and hyphens; a dot is kept after initials and abbreviations.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            if c.is_alphanumeric() {
                j += 1;
            } else if is_joiner(c) && j + 1 < chars.len() && chars[j + 1].1.is_alphanumeric() {
                j += 2;
            } else if is_joiner(c) && matches!(c, '\'' | '’') && j > 0 && chars[j - 1].1 == 's' {
                // Plural possessive "Jones'" keeps its apostrophe.
                let next_is_word = chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
                if !next_is_word {
                    j += 1;
                }
                break;
            } else {
                break;
            }
        }
        let mut end = chars.get(j).map_or(text.len(), |&(b, _)| b);
        let word = &text[start..end];
        if chars.get(j).is_some_and(|&(_, c)| c == '.') && is_abbreviation(word) {
            end += 1;
            j += 1;
        }
        tokens.push(Token {
            span: Span::new(start, end),
        });
        i = j;
    }
    tokens
}

fn is_abbreviation(word: &str) -> bool {
    let mut cs = word.chars();
    let single_upper = matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase());
    single_upper
        || matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "St"
                | "Jr"
                | "Sr"
                | "Prof"
                | "Gen"
                | "Col"
                | "Capt"
                | "Lt"
                | "Sgt"
                | "Rev"
                | "Gov"
                | "Sen"
                | "Rep"
                | "Adm"
                | "Maj"
                | "Mme"
                | "Mt"
        )
}

/// True when `word` starts with an upper-case letter.
pub fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase())
}

/// True for an initial such as "J." or "J".
pub fn is_initial(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    let mut cs = w.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
}

/// One occurrence of a proper name in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMention {
    /// The name with its title, without a possessive ending ("Mr Lavrov").
    pub span: Span,
    /// The name without title ("Lavrov").
    pub name_span: Span,
    /// The strongest title class among the title words, if any.
    pub title: Option<TitleClass>,
    /// Lower-case role words from the title phrase ("foreign", "minister").
    pub roles: Vec<String>,
    /// The name's parts without title, particles or possessive ("Sergey", "Lavrov").
    pub parts: Vec<String>,
    /// True when some word marks an organisation or place.
    pub org: bool,
}

impl NameMention {
    /// The name as written, without title.
    pub fn surface<'t>(&self, text: &'t str) -> &'t str {
        self.name_span.text(text)
    }

    /// The name as written, with title.
    pub fn full_surface<'t>(&self, text: &'t str) -> &'t str {
        self.span.text(text)
    }

    /// First part, lower case.
    pub fn first(&self) -> String {
        self.parts
            .first()
            .map(|p| p.to_lowercase())
            .unwrap_or_default()
    }

    /// Last part, lower case.
    pub fn last(&self) -> String {
        self.parts
            .last()
            .map(|p| p.to_lowercase())
            .unwrap_or_default()
    }

    /// Number of non-initial parts.
    pub fn fullness(&self) -> usize {
        self.parts.iter().filter(|p| !is_initial(p)).count()
    }
}

/// Byte gap between two tokens allows them in one name: spaces and at most one line break.
fn joinable_gap(gap: &str) -> bool {
    !gap.is_empty()
        && gap
            .chars()
            .all(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u{a0}')
        && gap.matches('\n').count() <= 1
}

/// True when the token starts a sentence (only punctuation, quotes or
/// line breaks between it and the previous sentence end).
pub fn sentence_initial(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    for c in before.chars().rev() {
        if c == ' ' || c == '\t' || c == '\u{a0}' {
            continue;
        }
        return matches!(
            c,
            '.' | '!' | '?' | ':' | '\n' | '"' | '“' | '‘' | '\'' | '(' | '—' | '–' | '…' | '['
        );
    }
    true
}

/// `text` with every run of whitespace (line breaks included) as one space
/// and no leading or trailing space: how names are reported and compared.
pub fn squash_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds every proper-name occurrence in `text` (see module docs for the rules).
pub fn find_names(text: &str, tokens: &[Token]) -> Vec<NameMention> {
    let lowercase_words: HashSet<String> = tokens
        .iter()
        .map(|t| t.text(text))
        .filter(|w| w.chars().next().is_some_and(|c| c.is_lowercase()))
        .map(|w| w.to_lowercase())
        .collect();
    let mut names = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let w = tokens[i].text(text);
        if !is_capitalised(w) {
            i += 1;
            continue;
        }
        // Extend a run of capitalised words (particles allowed inside).
        let mut run = vec![i];
        let mut j = i + 1;
        while j < tokens.len() {
            let gap = text
                .get(tokens[j - 1].span.end..tokens[j].span.start)
                .unwrap_or("");
            if !joinable_gap(gap) || is_possessive(tokens[j - 1].text(text)) {
                break;
            }
            let wj = tokens[j].text(text);
            if is_capitalised(wj) {
                run.push(j);
                j += 1;
            } else if PARTICLES.contains(&wj) && j + 1 < tokens.len() {
                // Particle: only when a capitalised word follows directly.
                let gap2 = text
                    .get(tokens[j].span.end..tokens[j + 1].span.start)
                    .unwrap_or("");
                if joinable_gap(gap2) && is_capitalised(tokens[j + 1].text(text)) {
                    run.push(j);
                    run.push(j + 1);
                    j += 2;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        if let Some(name) = build_name(text, tokens, &run, &lowercase_words) {
            names.push(name);
        }
        i = j;
    }
    names
}

fn build_name(
    text: &str,
    tokens: &[Token],
    run: &[usize],
    lowercase_words: &HashSet<String>,
) -> Option<NameMention> {
    let word = |k: usize| tokens[run[k]].text(text);
    let mut lo = 0;
    let hi = run.len();
    // Strip leading function words, calendar words and sentence-initial common words.
    while lo < hi {
        let w = strip_possessive(word(lo));
        let initial = sentence_initial(text, tokens[run[lo]].span.start);
        let lw = w.to_lowercase();
        let common = initial
            && (lowercase_words.contains(&lw)
                || hi - lo >= 2
                    && (lw.ends_with("ly") || lw.ends_with("ing") || lw.ends_with("ed")))
            && title_class(w).is_none()
            && first_name_gender(w) == Gender::Unknown;
        if is_stop_word(w) || is_calendar_word(w) || common {
            lo += 1;
        } else {
            break;
        }
    }
    // Never end on a particle.
    let mut hi = hi;
    while hi > lo && !is_capitalised(word(hi - 1)) {
        hi -= 1;
    }
    if lo >= hi {
        return None;
    }
    let all_caps_words: Vec<&str> = (lo..hi).map(word).collect();
    let org = all_caps_words
        .iter()
        .any(|w| is_org_word(strip_possessive(w)))
        || is_place_name(&all_caps_words)
        || (all_caps_words.len() == 1 && {
            let w = strip_possessive(all_caps_words[0]);
            w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        });
    // Title phrase: everything up to the last title word that still leaves a name.
    let mut name_lo = lo;
    let mut title = None;
    let mut roles = Vec::new();
    if !org {
        let mut last_title = None;
        for k in lo..hi - 1 {
            if title_class(word(k)).is_some() {
                last_title = Some(k);
            } else if last_title.is_some() && !is_capitalised(word(k)) {
                break;
            }
        }
        if let Some(t) = last_title {
            for k in lo..=t {
                let w = word(k);
                if let Some(c) = title_class(w) {
                    title = Some(match title {
                        Some(TitleClass::Neutral) | None => c,
                        Some(prev) => prev,
                    });
                }
                if !is_honorific(w) {
                    roles.push(norm(strip_possessive(w)));
                }
            }
            name_lo = t + 1;
        }
    }
    if name_lo >= hi {
        return None;
    }
    let parts: Vec<String> = (name_lo..hi)
        .map(|k| strip_possessive(word(k)).trim_end_matches('.').to_string())
        .filter(|p| !PARTICLES.contains(&p.as_str()) && !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    // A lone function word that survived ("I") is not a name.
    if parts.len() == 1 && title.is_none() && (is_stop_word(&parts[0]) || parts[0] == "I") {
        return None;
    }
    let last_tok = tokens[run[hi - 1]];
    let last_word = last_tok.text(text);
    let end = last_tok.span.end - (last_word.len() - strip_possessive(last_word).len());
    let start = tokens[run[lo]].span.start;
    let name_start = tokens[run[name_lo]].span.start;
    Some(NameMention {
        span: Span::new(start, end),
        name_span: Span::new(name_start, end),
        title,
        roles,
        parts,
        org,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contractions_never_start_a_name() {
        for w in [
            "I'm",
            "I\u{2019}ll",
            "It's",
            "That's",
            "Let's",
            "Don't",
            "Can't",
        ] {
            assert!(is_stop_word(w), "{w}");
        }
        for w in ["O'Brien", "D'Arcy", "Smith's", "Piglet"] {
            assert!(!is_stop_word(w), "{w}");
        }
        let found = names("I'm Piglet, and Pooh is here.");
        assert!(found.iter().any(|n| n == "Piglet"), "{found:?}");
        assert!(!found.iter().any(|n| n.contains("I'm")), "{found:?}");
    }

    fn names(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        find_names(text, &toks)
            .iter()
            .map(|n| n.full_surface(text).to_string())
            .collect()
    }

    #[test]
    fn finds_titles_particles_possessives() {
        let t = "On Monday, Foreign Minister Sergey Lavrov's aide met Ludwig van Beethoven and Mr. J. Smith. The talks ended.";
        assert_eq!(
            names(t),
            vec![
                "Foreign Minister Sergey Lavrov",
                "Ludwig van Beethoven",
                "Mr. J. Smith"
            ]
        );
        let toks = tokenize(t);
        let n = find_names(t, &toks);
        assert_eq!(n[0].parts, vec!["Sergey", "Lavrov"]);
        assert_eq!(n[0].roles, vec!["foreign", "minister"]);
        assert_eq!(n[2].title, Some(TitleClass::Male));
    }

    #[test]
    fn possessive_splits_run() {
        assert_eq!(
            names("Russia's Sergey Lavrov spoke."),
            vec!["Russia", "Sergey Lavrov"]
        );
    }

    #[test]
    fn title_classes() {
        assert!(!TitleClass::Male.compatible(TitleClass::Married));
        assert!(!TitleClass::Married.compatible(TitleClass::Unmarried));
        assert!(TitleClass::Neutral.compatible(TitleClass::Female));
        assert_eq!(first_name_gender("Angela"), Gender::Female);
        assert_eq!(strip_possessive("Jones'"), "Jones");
    }
}

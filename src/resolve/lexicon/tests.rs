//! Tests of the embedded word lists: every list parses, no list repeats an
//! entry, and no entry is one book's character.

use super::*;
use std::collections::BTreeSet;
use std::path::Path;

/// Every entry of every list, as the code compares it: (file, line, word).
/// Pair lists contribute their keys.
fn all_entries() -> Vec<(&'static str, Vec<(usize, &'static str)>)> {
    let mut out = Vec::new();
    for list in WordList::ALL {
        let (words, _) = parse_words(list.source(), list.case());
        out.push((list.source().0, words));
    }
    out.push((TITLES.0, keys(parse_pairs(TITLES, parse_title_class).0)));
    out.push((PRONOUNS.0, keys(parse_pairs(PRONOUNS, parse_pronoun).0)));
    out.push((
        ROLE_SYNONYMS.0,
        keys(parse_pairs(ROLE_SYNONYMS, parse_role_words).0),
    ));
    out
}

/// The (line, word) keys of a pair list.
fn keys<V>(pairs: Vec<(usize, &'static str, V)>) -> Vec<(usize, &'static str)> {
    pairs.into_iter().map(|(l, w, _)| (l, w)).collect()
}

/// Entries that repeat an earlier one: "word (lines a, b)".
fn duplicates(entries: &[(usize, &str)]) -> Vec<String> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut dups = Vec::new();
    for &(line, word) in entries {
        match first.get(word) {
            Some(&l) => dups.push(format!("{word} (lines {l}, {line})")),
            None => {
                first.insert(word, line);
            }
        }
    }
    dups
}

#[test]
fn every_list_parses() {
    let (_, errors) = Lexicon::parse_embedded();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        errors.is_empty(),
        "malformed list lines:\n{}",
        shown.join("\n")
    );
}

#[test]
fn malformed_lines_are_reported() {
    let text = "# header\nok\nTwo words\nUpper\nmr.\n\nfine # comment\n";
    let (words, errors) = parse_words(("t.txt", text), Case::Lower);
    assert_eq!(words, vec![(2, "ok"), (7, "fine")]);
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![3, 4, 5]);
    let (words, errors) = parse_words(("t.txt", "Mr\nMt\n"), Case::AsWritten);
    assert_eq!((words.len(), errors.len()), (2, 0));
    let (pairs, errors) = parse_pairs(
        ("t.tsv", "mr\tmale\nmrs married\nms\tnobody\n"),
        parse_title_class,
    );
    assert_eq!(pairs, vec![(1, "mr", TitleClass::Male)]);
    assert_eq!(
        errors.iter().map(|e| e.line).collect::<Vec<_>>(),
        vec![2, 3]
    );
}

#[test]
fn list_order_matches_declaration() {
    for (i, list) in WordList::ALL.iter().enumerate() {
        assert_eq!(*list as usize, i, "{list:?}");
    }
    let files: BTreeSet<&str> = WordList::ALL.iter().map(|l| l.source().0).collect();
    assert_eq!(files.len(), WordList::ALL.len(), "two lists share a file");
}

#[test]
fn no_list_has_a_duplicate_entry() {
    assert_eq!(
        duplicates(&[(1, "a"), (2, "b"), (3, "a")]),
        vec!["a (lines 1, 3)"]
    );
    let mut found = Vec::new();
    for (file, entries) in all_entries() {
        found.extend(
            duplicates(&entries)
                .into_iter()
                .map(|d| format!("{file}: {d}")),
        );
    }
    assert!(found.is_empty(), "duplicate entries:\n{}", found.join("\n"));
}

#[test]
fn no_first_name_has_both_genders() {
    let lex = lexicon();
    let (male, _) = parse_words(WordList::MaleFirstNames.source(), Case::Lower);
    let both: Vec<&str> = male
        .iter()
        .map(|&(_, w)| w)
        .filter(|w| lex.contains(WordList::FemaleFirstNames, w))
        .collect();
    assert!(
        both.is_empty(),
        "in both first-name lists (gender would be unknown): {both:?}"
    );
}

#[test]
fn lookups() {
    let lex = lexicon();
    assert_eq!(lex.title_class("mrs"), Some(TitleClass::Married));
    assert_eq!(lex.title_class("Mrs"), None);
    assert_eq!(lex.pronoun("hers"), Some(Pronoun::Female));
    assert!(lex.role_synonyms("diplomat").contains(&"foreign"));
    assert!(lex.role_synonyms("table").is_empty());
    assert!(lex.contains(WordList::Abbreviations, "Mr"));
    assert!(!lex.contains(WordList::Abbreviations, "mr"));
    assert!(lex.contains(WordList::StopWords, "however"));
    assert!(!lex.contains(WordList::MaleFirstNames, "heathcliff"));
    let mut spokes: Vec<&str> = lex.words(WordList::SpokespersonNouns).collect();
    spokes.sort_unstable();
    assert_eq!(spokes, ["spokesman", "spokesperson", "spokeswoman"]);
}

/// Characters of single well-known books that once were in the name lists
/// (or that a quick fix for one novel would add): none may come back.
const BOOK_CHARACTERS: &[&str] = &[
    "ahab",
    "atticus",
    "bingley",
    "collins",
    "darcy",
    "eeyore",
    "estella",
    "fitzwilliam",
    "gatsby",
    "hareton",
    "hatter",
    "heathcliff",
    "hermione",
    "holden",
    "horatio",
    "huck",
    "ishmael",
    "piglet",
    "pip",
    "pooh",
    "rochester",
    "scout",
    "sherlock",
    "tigger",
    "tristram",
    "watson",
    "wickham",
];

#[test]
fn no_entry_is_a_known_book_character() {
    let lex = lexicon();
    let found: Vec<String> = WordList::ALL
        .iter()
        .flat_map(|&list| {
            BOOK_CHARACTERS
                .iter()
                .filter(move |w| lex.contains(list, w))
                .map(move |w| format!("{w} in {}", list.source().0))
        })
        .collect();
    assert!(
        found.is_empty(),
        "book characters in the lexicon: {found:?}"
    );
}

/// Lists of title, honorific and particle vocabulary: character names
/// contain these words ("Frau Liesecke", "Mr. Das") by design.
fn title_vocabulary(list: WordList) -> bool {
    matches!(
        list,
        WordList::Honorifics
            | WordList::NameParticles
            | WordList::FirstNameTitles
            | WordList::PostnominalTitles
            | WordList::Abbreviations
    )
}

/// Ordinary first names that PDNC uses for a character of one novel and
/// that neither the other novels nor the news sample happen to contain
/// (reviewed by hand: common names, not invented ones).
const REVIEWED_ORDINARY: &[&str] = &[
    "celia",
    "chloe",
    "dorothea",
    "elinor",
    "isaac",
    "kitty",
    "noah",
    "penelope",
    "teresa",
    // From the US census first-name lists (each given to at least 0.02% of
    // people of its gender), which also name one PDNC character each.
    "adele",
    "andres",
    "angelo",
    "betsy",
    "brenda",
    "carrie",
    "evelyn",
    "hattie",
    "henrietta",
    "hubert",
    "irma",
    "josie",
    "mabel",
    "marian",
    "marjorie",
    "minnie",
    "priscilla",
    "rachael",
    "rosa",
];

/// Lower-case words of `text`.
fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// One novel: the words of its characters' names and of its text.
struct Novel {
    name: String,
    character_words: HashSet<String>,
    text_words: HashSet<String>,
}

/// Entries that name a character of one novel and are no ordinary word:
/// a word of some character's name that occurs in no other novel's text and
/// not in `other_text` (a general sample), unless reviewed as ordinary.
fn one_book_names<'a>(
    entries: impl IntoIterator<Item = &'a str>,
    novels: &[Novel],
    other_text: &HashSet<String>,
) -> Vec<String> {
    let mut found = Vec::new();
    for entry in entries {
        let own: Vec<&Novel> = novels
            .iter()
            .filter(|n| n.character_words.contains(entry))
            .collect();
        if own.is_empty() || REVIEWED_ORDINARY.contains(&entry) || other_text.contains(entry) {
            continue;
        }
        let elsewhere = novels
            .iter()
            .any(|n| !n.character_words.contains(entry) && n.text_words.contains(entry));
        if !elsewhere {
            let books: Vec<&str> = own.iter().map(|n| n.name.as_str()).collect();
            found.push(format!("{entry} ({})", books.join(", ")));
        }
    }
    found
}

#[test]
fn one_book_names_are_flagged() {
    let novel = |name: &str, chars: &[&str], text: &str| Novel {
        name: name.to_string(),
        character_words: chars.iter().map(|s| s.to_string()).collect(),
        text_words: words(text),
    };
    let novels = [
        novel(
            "Pooh",
            &["piglet", "christopher", "robin"],
            "Piglet, John and Christopher Robin",
        ),
        novel("Other", &["john"], "John saw a robin. Christopher came."),
    ];
    let flagged = one_book_names(
        ["piglet", "christopher", "robin", "john"],
        &novels,
        &HashSet::new(),
    );
    assert_eq!(flagged, vec!["piglet (Pooh)"]);
}

/// Reads PDNC's novels and characters; `None` when the corpus is absent.
fn read_pdnc(root: &Path) -> Option<Vec<Novel>> {
    let mut novels = Vec::new();
    for entry in std::fs::read_dir(root).ok()?.flatten() {
        let dir = entry.path();
        let (Ok(chars), Ok(text)) = (
            crate::corpus::pdnc::character_names(&dir.join("character_info.csv")),
            std::fs::read_to_string(dir.join("novel_text.txt")),
        ) else {
            continue;
        };
        novels.push(Novel {
            name: entry.file_name().to_string_lossy().into_owned(),
            character_words: chars.iter().flatten().flat_map(|n| words(n)).collect(),
            text_words: words(&text),
        });
    }
    (!novels.is_empty()).then_some(novels)
}

/// Words of every news article under `root` (category folders of `.txt`).
fn read_news_words(root: &Path) -> HashSet<String> {
    let mut all = HashSet::new();
    let Ok(categories) = std::fs::read_dir(root) else {
        return all;
    };
    for category in categories.flatten() {
        let Ok(files) = std::fs::read_dir(category.path()) else {
            continue;
        };
        for file in files.flatten() {
            if let Ok(text) = std::fs::read_to_string(file.path()) {
                all.extend(words(&text));
            }
        }
    }
    all
}

#[test]
fn no_entry_is_one_pdnc_novels_character() {
    let data = crate::corpus::data_dir();
    let Some(novels) = read_pdnc(&data.join("pdnc").join("data")) else {
        eprintln!(
            "skipped: no PDNC character lists under {} (set WHOSAID_DATA to the shared data)",
            data.display()
        );
        return;
    };
    let news = read_news_words(&data.join("news").join("raw"));
    let mut found = Vec::new();
    for list in WordList::ALL.into_iter().filter(|&l| !title_vocabulary(l)) {
        let (entries, _) = parse_words(list.source(), list.case());
        for name in one_book_names(entries.iter().map(|&(_, w)| w), &novels, &news) {
            found.push(format!("{}: {name}", list.source().0));
        }
    }
    assert!(
        found.is_empty(),
        "entries that name one novel's character:\n{}",
        found.join("\n")
    );
}

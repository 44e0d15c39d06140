//! Clustering name mentions into entities by name structure.
//!
//! Full names ("Sergey Lavrov") found entities first; titled surnames
//! ("Mr Lavrov") join a full name with the same surname and a compatible
//! gender, and bare names ("Lavrov", "Sergey") join the nearest entity whose
//! first or last name they match.

use super::lexicon::{lexicon, WordList};
use super::names::{
    first_name_gender, gender_compatible, title_class, Gender, NameMention, TitleClass,
};
use super::register::Register;
use super::{Pass, Passes};
use crate::Span;
use std::collections::BTreeSet;

/// What sort of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    /// Known by a proper name.
    Named,
    /// Known only by a description ("a spokesman", "officials").
    Description,
    /// The first-person narrator or speaker ("I").
    Narrator,
}

/// Whether a named entity looks like a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Animacy {
    /// Has a title, a known first name or a gendered pronoun.
    Person,
    /// Has an organisation or place word, or is an acronym.
    Organisation,
    /// Cannot tell.
    Unknown,
}

/// One mention of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityMention {
    /// Where it is.
    pub span: Span,
    /// True when it lies inside quoted words.
    pub in_quote: bool,
    /// True when it is the subject of a speech verb (or a tagger speaker mention).
    pub subject: bool,
}

/// Where a gender vote comes from, the strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenderEvidence {
    /// A title written with a name ("Mrs.", "Lady", "Sir").
    Title,
    /// A first name in the lexicon's lists.
    FirstName,
    /// A pronoun written after it: after its speech ("Lavrov said ... he
    /// said"), or in a sentence where it is the only name ("Newland took
    /// his hat").
    Pronoun,
}

/// An entity's gender votes, (male, female) by [`GenderEvidence`]. The
/// text's own titles outrank the lists' first names ("Lady Brett Ashley"
/// is a woman whatever "Brett" usually is), which outrank pronouns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GenderVotes {
    /// From titles.
    pub title: (u32, u32),
    /// From first names.
    pub first_name: (u32, u32),
    /// From pronouns.
    pub pronoun: (u32, u32),
}

/// A person, organisation or described source.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Canonical name.
    pub name: String,
    /// Named, described or narrator.
    pub kind: EntityKind,
    /// Person, organisation or unknown.
    pub animacy: Animacy,
    /// Title classes seen on its mentions.
    pub titles: Vec<TitleClass>,
    /// Gender votes by where they come from.
    pub gender_votes: GenderVotes,
    /// True when the description is plural ("officials").
    pub plural: bool,
    /// Lower-case first name of its fullest name.
    pub first: String,
    /// Lower-case last name of its fullest name.
    pub last: String,
    /// Lower-case role words seen with it ("minister", "russia").
    pub roles: BTreeSet<String>,
    /// All its mentions, in no particular order.
    pub mentions: Vec<EntityMention>,
    fullness: usize,
    titled_name: bool,
    husbands_name: bool,
}

impl Entity {
    /// A new entity with no mentions.
    pub fn new(name: String, kind: EntityKind) -> Self {
        Entity {
            name,
            kind,
            animacy: Animacy::Unknown,
            titles: Vec::new(),
            gender_votes: GenderVotes::default(),
            plural: false,
            first: String::new(),
            last: String::new(),
            roles: BTreeSet::new(),
            mentions: Vec::new(),
            fullness: 0,
            titled_name: false,
            husbands_name: false,
        }
    }

    /// Best guess at the entity's gender: what its titles say, failing
    /// that its first names, failing that the pronouns written after it.
    pub fn gender(&self) -> Gender {
        let v = &self.gender_votes;
        [v.title, v.first_name, v.pronoun]
            .into_iter()
            .find(|&votes| votes != (0, 0))
            .map_or(Gender::Unknown, |(m, f)| {
                if m > f {
                    Gender::Male
                } else if f > m {
                    Gender::Female
                } else {
                    Gender::Unknown
                }
            })
    }

    /// Records a gender vote.
    pub fn vote(&mut self, gender: Gender, evidence: GenderEvidence) {
        let v = &mut self.gender_votes;
        let votes = match evidence {
            GenderEvidence::Title => &mut v.title,
            GenderEvidence::FirstName => &mut v.first_name,
            GenderEvidence::Pronoun => &mut v.pronoun,
        };
        match gender {
            Gender::Male => votes.0 += 1,
            Gender::Female => votes.1 += 1,
            Gender::Unknown => {}
        }
    }

    /// True when a mention titled `title` could refer to this entity.
    pub(crate) fn accepts_title(&self, title: TitleClass) -> bool {
        self.titles.iter().all(|t| t.compatible(title))
            && gender_compatible(self.strong_gender(), title.gender())
    }

    /// The gender its titles, or failing them its first names, agree on.
    fn strong_gender(&self) -> Gender {
        let v = &self.gender_votes;
        let strong = if v.title != (0, 0) {
            v.title
        } else {
            v.first_name
        };
        match strong {
            (m, 0) if m > 0 => Gender::Male,
            (0, f) if f > 0 => Gender::Female,
            _ => Gender::Unknown,
        }
    }

    /// Known by a husband's full name ("Mrs. John Dashwood": "Mrs." before a
    /// first name that is not a woman's), so where family titles hold, its
    /// first name is his and a bare "John" is not her.
    fn first_is_husbands(&self) -> bool {
        self.titles.contains(&TitleClass::Married)
            && first_name_gender(&self.first) != Gender::Female
    }

    /// Names it by a titled form as written ("Mrs. Newland Archer"), which
    /// later names of the same fullness do not replace.
    fn keep_titled_name(&mut self, surface: &str) {
        self.name = surface.to_string();
        self.titled_name = true;
    }

    /// Start of the earliest mention, if any.
    pub(crate) fn first_position(&self) -> Option<usize> {
        self.mentions.iter().map(|m| m.span.start).min()
    }

    fn add_name(&mut self, text: &str, name: &NameMention, mention: EntityMention) {
        self.mentions.push(mention);
        self.husbands_name |= name.husbands_name;
        if let Some(t) = name.title {
            if !self.titles.contains(&t) {
                self.titles.push(t);
            }
            self.vote(t.gender(), GenderEvidence::Title);
            if t != TitleClass::Neutral || self.animacy == Animacy::Unknown {
                self.animacy = Animacy::Person;
            }
        }
        self.roles.extend(name.roles.iter().cloned());
        let fullness = name.fullness();
        if fullness >= 2 || name.parts.len() == 1 && name.title.is_none() && self.fullness == 0 {
            // A first name votes once per mention of a full name or bare name.
            let g = first_name_gender(&name.parts[0]);
            if g != Gender::Unknown {
                self.vote(g, GenderEvidence::FirstName);
                self.animacy = Animacy::Person;
            }
        }
        if name.org {
            self.animacy = Animacy::Organisation;
        } else if fullness >= 2 && self.animacy == Animacy::Unknown {
            self.animacy = Animacy::Person;
        }
        // Canonical name: the fullest untitled name; otherwise the first titled form.
        let better = if fullness >= 2 {
            fullness > self.fullness || self.titled_name
        } else if self.name.is_empty() {
            true
        } else {
            self.fullness < 2 && name.title.is_some() && !self.titled_name
        };
        if better {
            if fullness >= 2 || name.title.is_none() {
                self.name = name.surface(text).to_string();
                self.titled_name = false;
            } else {
                self.name = name.full_surface(text).to_string();
                self.titled_name = true;
            }
            self.fullness = self.fullness.max(fullness);
            self.first = name.first();
            self.last = name.last();
        }
    }
}

/// Clusters name mentions into entities. `in_quote` and `subject` tell, per
/// name, whether it lies inside quoted words and whether it is a speech-verb
/// subject. Returns the entities and each name's entity index.
pub fn cluster(
    text: &str,
    names: &[NameMention],
    in_quote: &[bool],
    subject: &[bool],
    register: Register,
    passes: Passes,
) -> (Vec<Entity>, Vec<usize>) {
    let mut entities: Vec<Entity> = Vec::new();
    let mut assign: Vec<Option<usize>> = vec![None; names.len()];
    let mention = |i: usize| EntityMention {
        span: names[i].span,
        in_quote: in_quote.get(i).copied().unwrap_or(false),
        subject: subject.get(i).copied().unwrap_or(false),
    };
    let compatible = |e: &Entity, n: &NameMention| match n.title {
        Some(t) => e.accepts_title(t),
        None => true,
    } && !(e.animacy == Animacy::Organisation && n.title.is_some())
        && !(n.org && e.animacy == Animacy::Person);

    // Pass 1: full names, longest first.
    let mut full: Vec<usize> = (0..names.len())
        .filter(|&i| names[i].fullness() >= 2)
        .collect();
    full.sort_by_key(|&i| (std::cmp::Reverse(names[i].fullness()), names[i].span.start));
    let family = passes.has(Pass::FamilyTitles) && !register.titled_surname_joins_full_name();
    for i in full {
        let n = &names[i];
        // In fiction "Mrs. John Dashwood" is John Dashwood's wife: "Mrs."
        // before a first name that is not a woman's makes another person.
        let wife = |e: &Entity| {
            !family
                || first_name_gender(&n.parts[0]) == Gender::Female
                || (n.title == Some(TitleClass::Married)) == e.titles.contains(&TitleClass::Married)
        };
        let found = entities.iter().position(|e| {
            e.kind == EntityKind::Named
                && e.first == n.first()
                && e.last == n.last()
                && compatible(e, n)
                && wife(e)
        });
        let id = found.unwrap_or_else(|| {
            entities.push(Entity::new(String::new(), EntityKind::Named));
            entities.len() - 1
        });
        entities[id].add_name(text, n, mention(i));
        if family && entities[id].first_is_husbands() {
            // Her name without its title is her husband's.
            entities[id].keep_titled_name(n.full_surface(text));
        }
        assign[i] = Some(id);
    }
    let full_count = entities.len();

    // Pass 2: titled single names ("Mr Lavrov", "Sir Elton").
    let mut titled: Vec<usize> = (0..names.len())
        .filter(|&i| names[i].fullness() < 2 && names[i].title.is_some())
        .collect();
    titled.sort_by_key(|&i| names[i].span.start);
    for i in titled {
        let n = &names[i];
        let title = n.title.unwrap_or(TitleClass::Neutral);
        let part = n.last();
        let first_name_title = n
            .full_surface(text)
            .split_whitespace()
            .next()
            .map(super::names::norm)
            .is_some_and(|w| lexicon().contains(WordList::FirstNameTitles, &w));
        // An entity already known under this exact title and name.
        let exact = (full_count..entities.len()).find(|&e| {
            entities[e].last == part
                && entities[e].titles.contains(&title)
                && compatible(&entities[e], n)
        });
        let id = exact.or_else(|| {
            let cands: Vec<usize> = (0..full_count)
                .filter(|&e| {
                    let ent = &entities[e];
                    // A family shares its surname: in fiction "Mrs. Varley" is
                    // not the "Clara Varley" of the text unless it writes her
                    // "Mrs. Clara Varley".
                    // Nor is "Mrs. Musgrove" the "Mrs. Charles Musgrove" the
                    // text tells apart by her husband's name.
                    let joins = !family
                        || title != TitleClass::Married
                        || ent.titles.contains(&title) && !ent.first_is_husbands();
                    (ent.last == part || first_name_title && ent.first == part)
                        && compatible(ent, n)
                        && joins
                })
                .collect();
            (cands.len() == 1).then(|| cands[0])
        });
        let id = id.unwrap_or_else(|| {
            entities.push(Entity::new(String::new(), EntityKind::Named));
            entities.len() - 1
        });
        entities[id].add_name(text, n, mention(i));
        assign[i] = Some(id);
    }

    // Pass 3: bare single names ("Lavrov", "Elizabeth"), in text order.
    let bare: Vec<usize> = (0..names.len()).filter(|&i| assign[i].is_none()).collect();
    for i in bare {
        let n = &names[i];
        let part = n.last();
        let cands: Vec<usize> = (0..entities.len())
            .filter(|&e| {
                let ent = &entities[e];
                // A first name written alone is that name's bearer, whatever
                // the lists say of the name (not the wife its bearer names:
                // "Mrs. Newland Archer"); a surname alone ("Henry") is not a
                // person of the other gender ("Mrs. Henry"), nor the wife
                // a title after it names by it ("Hamidullah Begum"); a rank alone
                // ("the General") is not a titled person whose name is that
                // rank ("Madame General", the title she hopes to marry).
                let by_first =
                    ent.fullness >= 2 && ent.first == part && !(family && ent.first_is_husbands());
                let rank_of_titled = title_class(&part).is_some() && !ent.titles.is_empty();
                let by_last = ent.last == part
                    && gender_compatible(ent.gender(), first_name_gender(&part))
                    && !rank_of_titled
                    && !(family && ent.husbands_name);
                ent.kind == EntityKind::Named && (by_first || by_last) && compatible(ent, n)
            })
            .collect();
        let id = match cands.len() {
            0 => ranked_one(&entities, n),
            1 => Some(cands[0]),
            _ => {
                // A name seen once ("the terraces of the Lilas Brett ordered")
                // does not take over a name in steady use: keep the
                // candidates with at least a quarter of the top mention count.
                let top = cands.iter().map(|&e| entities[e].mentions.len()).max();
                let frequent: Vec<usize> = cands
                    .iter()
                    .copied()
                    .filter(|&e| entities[e].mentions.len() * 4 >= top.unwrap_or(0))
                    .collect();
                nearest(&entities, &frequent, n.span.start)
            }
        };
        let id = id.unwrap_or_else(|| {
            entities.push(Entity::new(String::new(), EntityKind::Named));
            entities.len() - 1
        });
        entities[id].add_name(text, n, mention(i));
        assign[i] = Some(id);
    }
    let assign = assign.into_iter().map(|a| a.unwrap_or(0)).collect();
    (entities, assign)
}

/// A rank written alone ("the Colonel", "the Duchess") is the one person the
/// text names with that rank ("Colonel Saunders", "the Duchess of
/// Monmouth"), when there is exactly one.
fn ranked_one(entities: &[Entity], n: &NameMention) -> Option<usize> {
    let rank = n.last();
    if n.parts.len() != 1 || n.title.is_some() || title_class(&rank).is_none() {
        return None;
    }
    let mut ranked = (0..entities.len())
        .filter(|&e| entities[e].kind == EntityKind::Named && entities[e].roles.contains(&rank));
    match (ranked.next(), ranked.next()) {
        (Some(e), None) => Some(e),
        _ => None,
    }
}

/// The candidate with the nearest mention before `pos` (or, failing that, after it).
fn nearest(entities: &[Entity], cands: &[usize], pos: usize) -> Option<usize> {
    let before = cands
        .iter()
        .filter_map(|&e| {
            let p = entities[e]
                .mentions
                .iter()
                .map(|m| m.span.start)
                .filter(|&s| s < pos)
                .max()?;
            Some((p, e))
        })
        .max();
    if let Some((_, e)) = before {
        return Some(e);
    }
    cands
        .iter()
        .filter_map(|&e| Some((entities[e].first_position()?, e)))
        .min()
        .map(|(_, e)| e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::names::{find_names, tokenize};

    fn clusters(text: &str) -> Vec<(String, usize)> {
        clusters_in(text, Register::News, Passes::default())
    }

    /// The names of `text`, its entities and each name's entity (no name
    /// inside a quotation or a speech-verb subject).
    fn clustered(
        text: &str,
        register: Register,
        passes: Passes,
    ) -> (Vec<NameMention>, Vec<Entity>, Vec<usize>) {
        let names = find_names(text, &tokenize(text));
        let flags = vec![false; names.len()];
        let (ents, assign) = cluster(text, &names, &flags, &flags, register, passes);
        (names, ents, assign)
    }

    /// The name of the entity each mention written `name` joined, in text order.
    fn entity_names_of<'e>(
        text: &str,
        names: &[NameMention],
        ents: &'e [Entity],
        assign: &[usize],
        name: &str,
    ) -> Vec<&'e str> {
        names
            .iter()
            .zip(assign)
            .filter(|(n, _)| n.span.text(text) == name)
            .map(|(_, &e)| ents[e].name.as_str())
            .collect()
    }

    fn clusters_in(text: &str, register: Register, passes: Passes) -> Vec<(String, usize)> {
        let (_, ents, _) = clustered(text, register, passes);
        ents.iter()
            .map(|e| (e.name.clone(), e.mentions.len()))
            .collect()
    }

    /// The entity each name of `text` joins, by the entity's first mention's surface.
    fn joined(text: &str, register: Register, passes: Passes) -> Vec<(String, String)> {
        let (names, ents, assign) = clustered(text, register, passes);
        let first = |e: usize| {
            let m = ents[e].mentions.iter().map(|m| m.span).min().unwrap();
            text[m.start..m.end].to_string()
        };
        names
            .iter()
            .zip(assign)
            .map(|(n, e)| (text[n.span.start..n.span.end].to_string(), first(e)))
            .collect()
    }

    #[test]
    fn in_fiction_mrs_before_a_mans_name_is_his_wife() {
        let t = "Manson Mingott came in. Mrs. Manson Mingott followed him.";
        let fiction = joined(t, Register::Fiction, Passes::default());
        assert_eq!(
            fiction,
            [
                ("Manson Mingott".to_string(), "Manson Mingott".to_string()),
                (
                    "Mrs. Manson Mingott".to_string(),
                    "Mrs. Manson Mingott".to_string()
                )
            ]
        );
        // (A first name known as a man's already keeps "Mrs." away; this is for the others.)
        // With a woman's first name it is one person; news keeps its titles as second references.
        let t = "Clara Mingott came in. Mrs. Clara Mingott sat down.";
        let one = joined(t, Register::Fiction, Passes::default());
        assert!(one.iter().all(|(_, e)| e == "Clara Mingott"), "{one:?}");
        let news = joined(
            "Manson Mingott came in. Mrs. Manson Mingott followed him.",
            Register::News,
            Passes::default(),
        );
        let off = joined(
            "Manson Mingott came in. Mrs. Manson Mingott followed him.",
            Register::Fiction,
            Passes::default().without(Pass::FamilyTitles),
        );
        assert!(off.iter().all(|(_, e)| e == "Manson Mingott"), "{off:?}");
        assert!(news.iter().all(|(_, e)| e == "Manson Mingott"), "{news:?}");
    }

    /// A first name written alone is its bearer's, not the wife's who
    /// carries it as "Mrs. Newland Archer" (fiction).
    #[test]
    fn a_bare_first_name_is_not_the_wife_it_names() {
        let t = "Newland Archer came in. Mrs. Newland Archer rose. Newland sat down by Mrs. Newland Archer. Newland smiled.";
        let fiction = joined(t, Register::Fiction, Passes::default());
        let of = |name: &str| {
            fiction
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, e)| e.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(of("Newland"), ["Newland Archer", "Newland Archer"]);
        assert_eq!(
            of("Mrs. Newland Archer"),
            ["Mrs. Newland Archer", "Mrs. Newland Archer"]
        );
    }

    /// In fiction "Mrs. Musgrove" is the senior lady, not the "Mrs. Charles
    /// Musgrove" the text tells apart by her husband's name; and that wife is
    /// named with her title, not by her husband's name.
    #[test]
    fn mrs_surname_is_not_the_wife_named_by_her_husband() {
        let t = "Charles Musgrove came in. Mrs. Charles Musgrove was ill. Mrs. Musgrove smiled at Mrs. Charles Musgrove.";
        let (names, ents, assign) = clustered(t, Register::Fiction, Passes::default());
        let of = |name: &str| entity_names_of(t, &names, &ents, &assign, name);
        assert_eq!(of("Charles Musgrove"), ["Charles Musgrove"]);
        assert_eq!(
            of("Mrs. Charles Musgrove"),
            ["Mrs. Charles Musgrove", "Mrs. Charles Musgrove"]
        );
        assert_eq!(of("Mrs. Musgrove"), ["Mrs. Musgrove"]);
        // News keeps titles as second references: she is the one Mrs. Musgrove.
        let (_, news, assign) = clustered(t, Register::News, Passes::default());
        assert_eq!(news.len(), 2, "{news:?}");
        assert_eq!(assign[1], assign[2]);
    }

    /// "Hamidullah Begum" is Hamidullah's wife: a married woman's title
    /// after a name makes the name her husband's, and the name written alone
    /// is him. Titles after a man's name are his ("Ali Pasha").
    #[test]
    fn a_wife_titled_after_her_husbands_name_is_not_him() {
        let t = "Hamidullah Begum was an aunt of Aziz. Hamidullah came in. \
                 Hamidullah Begum's servant bowed, and Hamidullah smiled. Ali Pasha rode by; Ali waved.";
        let (names, ents, assign) = clustered(t, Register::Fiction, Passes::default());
        let of = |name: &str| entity_names_of(t, &names, &ents, &assign, name);
        assert_eq!(
            of("Hamidullah Begum"),
            ["Hamidullah Begum", "Hamidullah Begum"]
        );
        assert_eq!(of("Hamidullah"), ["Hamidullah", "Hamidullah"]);
        let begum = &ents[assign[0]];
        assert_eq!(begum.gender(), Gender::Female);
        let pasha = names.iter().position(|n| n.span.text(t) == "Ali Pasha");
        let ali = names.iter().position(|n| n.span.text(t) == "Ali");
        let (pasha, ali) = (pasha.unwrap(), ali.unwrap());
        assert_eq!(assign[pasha], assign[ali], "{ents:?}");
        assert_eq!(ents[assign[ali]].gender(), Gender::Male);
    }

    /// "The Colonel" is Colonel Saunders when he is the one colonel the text
    /// names; with two colonels it is neither.
    #[test]
    fn a_rank_alone_is_the_one_person_of_that_rank() {
        let t = "Colonel Saunders came in with Mr. Oakley. The Colonel sat down.";
        let (names, ents, assign) = clustered(t, Register::Fiction, Passes::default());
        let of = |name: &str| {
            names
                .iter()
                .position(|n| n.span.text(t) == name)
                .map(|i| ents[assign[i]].name.as_str())
        };
        assert_eq!(of("Colonel"), Some("Colonel Saunders"));
        let t = "Colonel Saunders came in with Colonel Ducroix. The Colonel sat down.";
        let (names, ents, assign) = clustered(t, Register::Fiction, Passes::default());
        let colonel = names
            .iter()
            .position(|n| n.span.text(t) == "Colonel")
            .unwrap();
        assert_eq!(ents[assign[colonel]].name, "Colonel", "{ents:?}");
    }

    /// "The General" is not "Madame General": a rank written alone joins no
    /// titled person whose name is that rank, but it is one person itself.
    #[test]
    fn a_rank_alone_is_not_a_titled_person_of_that_name() {
        let t = "The General came in. Blanche wished to be Madame General. The General sighed, and the General left.";
        let fiction = joined(t, Register::Fiction, Passes::default());
        let generals: Vec<&str> = fiction
            .iter()
            .filter(|(n, _)| n == "General")
            .map(|(_, e)| e.as_str())
            .collect();
        assert_eq!(generals, ["General", "General", "General"], "{fiction:?}");
        let madame = fiction.iter().find(|(n, _)| n == "Madame General");
        assert_eq!(madame.map(|(_, e)| e.as_str()), Some("Madame General"));
    }

    /// A title in the text outranks what the name lists say of a first
    /// name: "Lady Brett Ashley" is a woman though the census lists "Brett"
    /// as a man's name, and a bare "Brett" is her.
    #[test]
    fn a_title_outranks_the_first_name_lists() {
        assert_eq!(first_name_gender("brett"), Gender::Male);
        let t = "Lady Brett Ashley came in. Brett Ashley sat down. Brett laughed. Mike looked at Brett.";
        let (_, ents, _) = clustered(t, Register::Fiction, Passes::default());
        let brett: Vec<&Entity> = ents.iter().filter(|e| e.first == "brett").collect();
        assert_eq!(brett.len(), 1, "{ents:?}");
        assert_eq!(brett[0].mentions.len(), 4);
        assert_eq!(brett[0].gender(), Gender::Female);
        // A surname alone is still not a person of the other gender.
        let t = "Mrs. Henry came in. Henry sat down.";
        let j = joined(t, Register::Fiction, Passes::default());
        assert_eq!(j[1].1, "Henry", "{j:?}");
    }

    #[test]
    fn merges_name_variants() {
        let t = "Sergey Lavrov arrived. Mr Lavrov spoke. Later Lavrov left. Sergey smiled.";
        assert_eq!(clusters(t), vec![("Sergey Lavrov".to_string(), 4)]);
    }

    #[test]
    fn keeps_bennets_apart() {
        let t = "Mr. Bennet sat. Mrs. Bennet talked. Miss Bennet read. Elizabeth Bennet laughed. Jane Bennet smiled. Elizabeth left.";
        let c = clusters(t);
        let names: Vec<&str> = c.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"Mr. Bennet"));
        assert!(names.contains(&"Mrs. Bennet"));
        assert!(names.contains(&"Miss Bennet"));
        assert!(c.contains(&("Elizabeth Bennet".to_string(), 2)));
        assert!(c.contains(&("Jane Bennet".to_string(), 1)));
    }

    #[test]
    fn a_one_off_full_name_does_not_take_over() {
        let mut t = String::from("Brett Ashley came in. ");
        for _ in 0..8 {
            t.push_str("Brett laughed. ");
        }
        t.push_str("On the terrace of the Lilas Brett ordered a drink. Brett smiled.");
        let c = clusters(&t);
        assert!(c.contains(&("Brett Ashley".to_string(), 10)), "{c:?}");
        assert!(c.contains(&("Lilas Brett".to_string(), 1)), "{c:?}");
    }

    #[test]
    fn titled_only_keeps_title() {
        assert_eq!(
            clusters("Mr Lavrov spoke. Lavrov left."),
            vec![("Mr Lavrov".to_string(), 2)]
        );
    }
}

//! Every text, code and range of every instrument, as the app shows it
//! (`Catalogue::load`), against ../shared/docs/clinical-reference.md.
//!
//! The expected values are parsed from the reference document itself (its
//! numbered lists, the table in §2, the "Options" and "Response scale"
//! sentences, the LOINC lines), not copied into this file, so the document is
//! the oracle: a changed word on either side fails, naming the instrument and
//! the item. Texts are compared exactly after normalising whitespace only.

use screening::{Catalogue, Instrument, InstrumentId};
use std::path::PathBuf;

// ---------------------------------------------------------------------------
// Reading the reference document
// ---------------------------------------------------------------------------

/// The reference document, which CI always has beside the clone.
fn reference() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/docs/clinical-reference.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the clinical reference at {}: {e}. These tests pin the instruments \
             against it; it lives in ../shared/docs/clinical-reference.md beside the clone",
            path.display()
        )
    })
}

/// Collapses every run of whitespace (line breaks included) to one space.
fn norm(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The body of section `number` ("## 3. PHQ-9 ..." up to the next "## ").
fn section(doc: &str, number: u8) -> String {
    let heading = format!("## {number}. ");
    let mut lines = doc.lines().skip_while(|l| !l.starts_with(&heading));
    assert!(
        lines.next().is_some(),
        "clinical-reference.md has no section \"{heading}\""
    );
    lines
        .take_while(|l| !l.starts_with("## "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first word of section `number`'s heading ("PHQ-9" in "## 3. PHQ-9 (depression)").
fn heading_name(doc: &str, number: u8) -> String {
    let heading = format!("## {number}. ");
    doc.lines()
        .find_map(|l| l.strip_prefix(&heading))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("clinical-reference.md has no section \"{heading}\""))
        .to_owned()
}

/// What follows the first `label` in `text`.
fn after<'a>(text: &'a str, label: &str) -> &'a str {
    let (_, rest) = text
        .split_once(label)
        .unwrap_or_else(|| panic!("clinical-reference.md: expected {label:?} in:\n{text}"));
    rest
}

/// What follows `label`, up to the first full stop (none of the labels, codes or
/// ranges parsed with it contains one), whitespace normalised.
fn clause_after(text: &str, label: &str) -> String {
    let rest = after(text, label);
    norm(rest.split('.').next().unwrap_or(rest))
}

/// The first double-quoted text after `label`, and what follows its closing quote.
fn quoted_after<'a>(text: &'a str, label: &str) -> (String, &'a str) {
    let rest = after(after(text, label), "\"");
    let (quoted, rest) = rest
        .split_once('"')
        .unwrap_or_else(|| panic!("clinical-reference.md: unclosed quote after {label:?}"));
    (norm(quoted), rest)
}

/// The markdown numbered list of `text` ("1. ...", "2. ..."), wrapped lines joined.
fn numbered_list(text: &str) -> Vec<(u8, String)> {
    let mut items: Vec<(u8, String)> = Vec::new();
    let mut in_item = false;
    for line in text.lines() {
        let numbered = line
            .split_once(". ")
            .and_then(|(n, rest)| Some((n.trim().parse::<u8>().ok()?, rest)));
        match numbered {
            Some((n, rest)) if !line.starts_with(' ') => {
                items.push((n, rest.to_owned()));
                in_item = true;
            }
            _ if line.trim().is_empty() => in_item = false,
            _ if in_item => {
                let last = items.last_mut().expect("in an item");
                last.1.push(' ');
                last.1.push_str(line);
            }
            _ => {}
        }
    }
    items.into_iter().map(|(n, t)| (n, norm(&t))).collect()
}

/// "a-b" as a pair of numbers.
fn range(text: &str) -> (u16, u16) {
    text.trim()
        .split_once('-')
        .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
        .unwrap_or_else(|| panic!("clinical-reference.md: {text:?} is not a range a-b"))
}

/// "label (score)" as its label and score.
fn label_and_number(text: &str) -> (String, u8) {
    text.trim()
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once(" ("))
        .and_then(|(label, n)| Some((norm(label), n.parse().ok()?)))
        .unwrap_or_else(|| panic!("clinical-reference.md: {text:?} is not \"label (number)\""))
}

/// The leading number of `text` ("10" in "10 | ..." or in "10 of 12)").
fn leading_number(text: &str) -> u16 {
    let digits: String = text
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("clinical-reference.md: expected a number at {text:?}"))
}

/// The rows of the first markdown table in `text`, header row first, separator dropped.
fn table(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(str::trim)
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter(|l| !l.contains("---"))
        .map(|l| l.trim_matches('|').split('|').map(norm).collect())
        .collect()
}

/// A section's "LOINC:" line as (key, value) pairs: ("panel", "44249-1"), ("items", "...").
fn loinc_line(text: &str) -> Vec<(String, String)> {
    clause_after(text, "LOINC:")
        .split("; ")
        .map(|part| {
            let (key, value) = part.split_once(' ').unwrap_or((part, ""));
            (key.to_owned(), value.to_owned())
        })
        .collect()
}

fn loinc_value<'a>(codes: &'a [(String, String)], key: &str) -> &'a str {
    codes
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("clinical-reference.md: the LOINC line gives no {key:?}"))
}

fn loinc_list(codes: &[(String, String)], key: &str) -> Vec<String> {
    loinc_value(codes, key)
        .split(", ")
        .map(str::to_owned)
        .collect()
}

/// The "Severity:" sentence as (from, to, severity as payloads name it).
fn severity_bands(text: &str) -> Vec<(u16, u16, String)> {
    clause_after(text, "Severity:")
        .split(", ")
        .map(|band| {
            let (r, name) = band.split_once(' ').expect("a band is \"a-b name\"");
            let (from, to) = range(r);
            (from, to, name.replace(' ', "_"))
        })
        .collect()
}

/// A questionnaire's name, stem, items and options, from its section.
struct Questionnaire {
    name: String,
    stem: String,
    items: Vec<(u8, String)>,
    /// Label and score.
    options: Vec<(String, u8)>,
}

/// PHQ-9, from §3.
fn phq9_reference(doc: &str) -> Questionnaire {
    let text = section(doc, 3);
    Questionnaire {
        name: heading_name(doc, 3),
        stem: quoted_after(&text, "Stem:").0,
        items: numbered_list(&text),
        options: clause_after(&text, "Options for every item:")
            .split(", ")
            .map(label_and_number)
            .collect(),
    }
}

/// GAD-7, from §4, whose options are "Same four options, scored 0-3" as PHQ-9's.
fn gad7_reference(doc: &str) -> Questionnaire {
    let text = section(doc, 4);
    let options = phq9_reference(doc).options;
    let (low, high) = range(&clause_after(&text, "Same four options, scored"));
    assert!(
        options.len() == 4
            && options.first().map(|o| u16::from(o.1)) == Some(low)
            && options.last().map(|o| u16::from(o.1)) == Some(high),
        "clinical-reference.md §4 says GAD-7 has the same four options as PHQ-9, scored {low}-{high}"
    );
    Questionnaire {
        name: heading_name(doc, 4),
        stem: quoted_after(&text, "Stem:").0,
        items: numbered_list(&text),
        options,
    }
}

/// The condition screens' shared parts, from §2.
struct ConditionScale {
    /// "over the past month"
    time_frame: String,
    /// "how much of a problem is this for you?"
    question: String,
    /// Label and score.
    options: Vec<(String, u8)>,
}

fn condition_scale(doc: &str) -> ConditionScale {
    let text = norm(&section(doc, 2));
    let rest = after(after(&text, "Response scale"), "asked ");
    let (time_frame, rest) = rest
        .split_once(", \"")
        .expect("§2: the response scale is asked <time frame>, \"<question>\"");
    let (question, rest) = rest.split_once('"').expect("§2: the question is quoted");
    let options = clause_after(rest, ":")
        .split(", ")
        .map(|option| {
            let (score, label) = option
                .split_once(' ')
                .expect("a scale point is \"n label\"");
            let score = score
                .parse()
                .unwrap_or_else(|_| panic!("§2: {option:?} does not start with its score"));
            (label.to_owned(), score)
        })
        .collect();
    ConditionScale {
        time_frame: time_frame.to_owned(),
        question: question.to_owned(),
        options,
    }
}

/// The §2 table's item texts for the condition whose name begins with `id`
/// ("diabetes (the Diabetes Distress Scale, DDS2)", "COPD", "cardiac").
fn condition_items(doc: &str, id: InstrumentId) -> Vec<(u8, String)> {
    let rows = table(&section(doc, 2));
    let header = rows.first().expect("§2 has its table");
    let row = rows
        .iter()
        .skip(1)
        .find(|row| {
            row.first()
                .and_then(|c| c.split_whitespace().next())
                .is_some_and(|w| w.eq_ignore_ascii_case(id.as_str()))
        })
        .unwrap_or_else(|| panic!("clinical-reference.md §2's table has no row for {id}"));
    header
        .iter()
        .zip(row)
        .filter_map(|(column, cell)| {
            let n = column.strip_prefix("item ")?.parse().ok()?;
            Some((n, cell.clone()))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Comparing
// ---------------------------------------------------------------------------

/// The comparisons made for one instrument, and the ones that failed.
struct Pins {
    instrument: String,
    section: &'static str,
    pinned: usize,
    problems: Vec<String>,
}

impl Pins {
    fn new(instrument: impl ToString, section: &'static str) -> Self {
        Pins {
            instrument: instrument.to_string(),
            section,
            pinned: 0,
            problems: Vec::new(),
        }
    }

    /// `shown` (what the app shows) must equal `reference`, whitespace normalised.
    fn text(&mut self, what: &str, shown: &str, reference: &str) {
        self.pinned += 1;
        if norm(shown) != norm(reference) {
            self.problems.push(format!(
                "{} {what}: the app shows {:?} but clinical-reference.md {} says {:?}",
                self.instrument,
                norm(shown),
                self.section,
                norm(reference)
            ));
        }
    }

    /// Any other value: a score, a code, a range.
    fn value<T: PartialEq + std::fmt::Debug>(&mut self, what: &str, shown: T, reference: T) {
        self.pinned += 1;
        if shown != reference {
            self.problems.push(format!(
                "{} {what}: the app has {shown:?} but clinical-reference.md {} says {reference:?}",
                self.instrument, self.section
            ));
        }
    }

    /// Items in order: numbers and texts, and as many as the reference lists.
    fn items(&mut self, shown: &Instrument, reference: &[(u8, String)]) {
        self.value("item count", shown.items.len(), reference.len());
        for (item, (n, text)) in shown.items.iter().zip(reference) {
            self.value(&format!("item {} number", item.number), item.number, *n);
            self.text(&format!("item {n} text"), &item.text, text);
        }
    }

    /// Options in order: labels and scores.
    fn options(&mut self, shown: &Instrument, reference: &[(String, u8)]) {
        self.value("option count", shown.options.len(), reference.len());
        for (option, (label, score)) in shown.options.iter().zip(reference) {
            self.text(
                &format!("option scored {score} label"),
                &option.label,
                label,
            );
            self.value(&format!("option {label:?} score"), option.score, *score);
        }
    }

    /// Fails listing every mismatch; otherwise reports how much was pinned.
    fn finish(self) {
        assert!(
            self.problems.is_empty(),
            "{} differs from the clinical reference:\n  {}",
            self.instrument,
            self.problems.join("\n  ")
        );
        println!("{}: {} values pinned", self.instrument, self.pinned);
    }
}

fn catalogue() -> Catalogue {
    Catalogue::load().expect("the shipped instruments load")
}

/// Name, stem, items and options of a questionnaire.
fn pin_questionnaire(pins: &mut Pins, shown: &Instrument, reference: &Questionnaire) {
    pins.text("name", &shown.name, &reference.name);
    pins.text("stem", &shown.stem, &reference.stem);
    pins.items(shown, &reference.items);
    pins.options(shown, &reference.options);
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

#[test]
fn phq9_texts_are_the_reference_texts() {
    let doc = reference();
    let catalogue = catalogue();
    let phq9 = catalogue.get(InstrumentId::Phq9);
    let mut pins = Pins::new(InstrumentId::Phq9, "§3");
    pin_questionnaire(&mut pins, phq9, &phq9_reference(&doc));

    // The functional question is shown from the instrument (the app's
    // screens/functional.rs shows `functional_question` as legend and options).
    let text = section(&doc, 3);
    let (question, rest) = quoted_after(&text, "Functional question");
    let options: Vec<String> = norm(rest.split('.').next().unwrap_or(rest))
        .split(" / ")
        .map(str::to_owned)
        .collect();
    match &phq9.functional_question {
        None => pins.value("functional question", "missing", "present"),
        Some(shown) => {
            pins.text("functional question text", &shown.text, &question);
            pins.value(
                "functional question option count",
                shown.options.len(),
                options.len(),
            );
            for (i, (shown, reference)) in shown.options.iter().zip(&options).enumerate() {
                pins.text(&format!("functional question option {i}"), shown, reference);
            }
        }
    }

    // The copyright notice names the developers and the grant (§3 gives them,
    // not the notice's wording): "(Drs Spitzer, Williams, Kroenke and colleagues,
    // educational grant from Pfizer)".
    let credit = after(&text, "copyright notice (");
    let credit = credit.split(')').next().unwrap_or(credit);
    let copyright = phq9.copyright.clone().unwrap_or_default();
    for name in credit
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.starts_with(char::is_uppercase))
    {
        pins.value(
            &format!("copyright notice names {name}"),
            copyright.contains(name),
            true,
        );
    }
    pins.finish();
}

#[test]
fn gad7_texts_are_the_reference_texts() {
    let doc = reference();
    let catalogue = catalogue();
    let mut pins = Pins::new(InstrumentId::Gad7, "§4");
    pin_questionnaire(
        &mut pins,
        catalogue.get(InstrumentId::Gad7),
        &gad7_reference(&doc),
    );
    pins.finish();
}

#[test]
fn condition_screen_texts_are_the_reference_texts() {
    let doc = reference();
    let catalogue = catalogue();
    let scale = condition_scale(&doc);
    // The stem carries the time frame and the question: "Over the past month,
    // how much of a problem is this for you?".
    let mut time_frame = scale.time_frame.clone();
    if let Some(first) = time_frame.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    let stem = format!("{time_frame}, {}", scale.question);
    for id in InstrumentId::ALL
        .into_iter()
        .filter(|i| i.is_condition_screen())
    {
        let shown = catalogue.get(id);
        let mut pins = Pins::new(id, "§2");
        pins.text("stem", &shown.stem, &stem);
        pins.items(shown, &condition_items(&doc, id));
        pins.options(shown, &scale.options);
        pins.finish();
    }
}

#[test]
fn phq2_and_gad2_ask_exactly_their_parents_first_items() {
    let doc = reference();
    let catalogue = catalogue();
    // "Optional short pre-screens ...: PHQ-2 (items 1-2) and GAD-2 (items 1-2)".
    let pre_screens = norm(&section(&doc, 5));
    for (short, parent_id, parent_reference) in [
        (InstrumentId::Phq2, InstrumentId::Phq9, phq9_reference(&doc)),
        (InstrumentId::Gad2, InstrumentId::Gad7, gad7_reference(&doc)),
    ] {
        let shown = catalogue.get(short);
        let mut pins = Pins::new(short, "§5");
        let listed = after(&pre_screens, &format!("{} (items ", shown.name));
        let (first, last) = range(listed.split(')').next().unwrap_or(listed));
        let expected: Vec<(u8, String)> = parent_reference
            .items
            .iter()
            .filter(|(n, _)| (first..=last).contains(&u16::from(*n)))
            .cloned()
            .collect();
        pins.value(
            "items listed by the reference",
            expected.len(),
            usize::from(last - first + 1),
        );
        pins.items(shown, &expected);
        pins.text("stem", &shown.stem, &parent_reference.stem);
        pins.options(shown, &parent_reference.options);
        // And exactly the parent's items as the app has them, codes included.
        let parent = catalogue.get(parent_id);
        for item in &shown.items {
            let number = u16::from(item.number) + first - 1;
            let parent_item = parent.items.iter().find(|i| u16::from(i.number) == number);
            pins.value(
                &format!("item {} as {parent_id} item {number}", item.number),
                Some((&item.text, &item.loinc)),
                parent_item.map(|p| (&p.text, &p.loinc)),
            );
        }
        pins.value(
            &format!("options (labels, scores, codes) as {parent_id}'s"),
            &shown.options,
            &parent.options,
        );
        pins.finish();
    }
}

#[test]
fn loinc_codes_are_the_reference_codes() {
    let doc = reference();
    let catalogue = catalogue();
    let phq9_codes = loinc_line(&section(&doc, 3));
    let answers: Vec<(String, u8)> = loinc_list(&phq9_codes, "answers")
        .iter()
        .map(|a| label_and_number(a))
        .collect();
    for (id, number, cited) in [(InstrumentId::Phq9, 3, "§3"), (InstrumentId::Gad7, 4, "§4")] {
        let codes = loinc_line(&section(&doc, number));
        let shown = catalogue.get(id);
        let mut pins = Pins::new(id, cited);
        let panel = shown.loinc.as_ref();
        pins.value(
            "panel code",
            panel.map(|p| p.panel.as_str()),
            Some(loinc_value(&codes, "panel")),
        );
        pins.value(
            "total code",
            panel.map(|p| p.total.as_str()),
            Some(loinc_value(&codes, "total")),
        );
        let items = loinc_list(&codes, "items");
        pins.value("item code count", shown.items.len(), items.len());
        for (item, code) in shown.items.iter().zip(&items) {
            pins.value(
                &format!("item {} code", item.number),
                item.loinc.as_deref(),
                Some(code.as_str()),
            );
        }
        // §3 lists the answer codes; GAD-7 has "the same four options" (§4).
        for option in &shown.options {
            let code = answers.iter().find(|(_, s)| *s == option.score);
            pins.value(
                &format!("option scored {} answer code", option.score),
                option.loinc.as_deref(),
                code.map(|(c, _)| c.as_str()),
            );
        }
        if id == InstrumentId::Phq9 {
            pins.value(
                "functional question code",
                shown
                    .functional_question
                    .as_ref()
                    .and_then(|q| q.loinc.as_deref()),
                Some(loinc_value(&codes, "difficulty")),
            );
        }
        pins.finish();
    }
    // The reference gives no codes for the condition screens or for the short
    // forms' panels: a code there would be one nobody has checked.
    for id in InstrumentId::ALL.into_iter().filter(|&i| {
        i.is_condition_screen() || matches!(i, InstrumentId::Phq2 | InstrumentId::Gad2)
    }) {
        let shown = catalogue.get(id);
        let mut pins = Pins::new(id, "§2-5");
        if shown.id.is_condition_screen() {
            for item in &shown.items {
                pins.value(
                    &format!("item {} code", item.number),
                    item.loinc.as_deref(),
                    None,
                );
            }
            for option in &shown.options {
                pins.value(
                    &format!("option scored {} answer code", option.score),
                    option.loinc.as_deref(),
                    None,
                );
            }
        }
        pins.value("panel codes", shown.loinc.as_ref(), None);
        pins.finish();
    }
}

#[test]
fn severity_bands_score_ranges_and_cutoffs_are_the_reference_values() {
    let doc = reference();
    let catalogue = catalogue();
    let cutoffs = table(&section(&doc, 5));
    for (id, number, cited) in [(InstrumentId::Phq9, 3, "§3"), (InstrumentId::Gad7, 4, "§4")] {
        let text = section(&doc, number);
        let shown = catalogue.get(id);
        let mut pins = Pins::new(id, cited);
        pins.value(
            "total range",
            (shown.min_total().value(), shown.max_total().value()),
            range(&clause_after(&text, "Total ")),
        );
        let bands: Vec<(u16, u16, String)> = shown
            .bands
            .iter()
            .map(|b| (b.from.value(), b.to.value(), b.severity.name().to_owned()))
            .collect();
        pins.value("severity bands", bands, severity_bands(&text));
        // §5: "| PHQ-9 | total >= 10 | >= 9 |", the core service default.
        let row = cutoffs
            .iter()
            .find(|row| row.first() == Some(&shown.name))
            .unwrap_or_else(|| panic!("clinical-reference.md §5 has no cut-off for {id}"));
        pins.value(
            "default cut-off",
            shown.default_cutoff.value(),
            leading_number(after(&row[1], ">=")),
        );
        pins.finish();
    }
    // §2: "total >= 6 of 12" for each condition; no severity bands.
    let sec2 = norm(&section(&doc, 2));
    let cut = after(&sec2, "(total >= ");
    let (cutoff, of) = (leading_number(cut), leading_number(after(cut, " of ")));
    let scale = condition_scale(&doc);
    let lowest = scale.options.iter().map(|o| u16::from(o.1)).min();
    for id in InstrumentId::ALL
        .into_iter()
        .filter(|i| i.is_condition_screen())
    {
        let shown = catalogue.get(id);
        let mut pins = Pins::new(id, "§2");
        pins.value(
            "total range",
            (Some(shown.min_total().value()), shown.max_total().value()),
            (lowest.map(|l| l * shown.items.len() as u16), of),
        );
        pins.value("severity bands", shown.bands.len(), 0);
        pins.value("default cut-off", shown.default_cutoff.value(), cutoff);
        pins.finish();
    }
    // §5: "PHQ-2 (items 1-2) and GAD-2 (items 1-2), cut-off >= 3 each"; no bands.
    let sec5 = norm(&section(&doc, 5));
    let cutoff = leading_number(after(after(&sec5, "GAD-2 (items"), "cut-off >= "));
    for id in [InstrumentId::Phq2, InstrumentId::Gad2] {
        let shown = catalogue.get(id);
        let mut pins = Pins::new(id, "§5");
        pins.value("severity bands", shown.bands.len(), 0);
        pins.value("default cut-off", shown.default_cutoff.value(), cutoff);
        pins.finish();
    }
}

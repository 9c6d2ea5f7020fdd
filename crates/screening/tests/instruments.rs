//! Every instrument file loads and passes its checks; broken files are refused
//! with an error naming the file and the problem.

use screening::catalogue::INSTRUMENT_FILES;
use screening::{Catalogue, Instrument, InstrumentId};

#[test]
fn every_shipped_instrument_file_loads_and_passes_its_checks() {
    for (file, json) in INSTRUMENT_FILES {
        let instrument = Instrument::from_json(file, json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            format!("{}.json", instrument.id),
            file,
            "a file is named after its instrument"
        );
        assert!(!instrument.version.is_empty());
        assert!(
            instrument.source.contains("clinical-reference.md"),
            "{file} cites its source"
        );
    }
    let catalogue = Catalogue::load().unwrap();
    for id in InstrumentId::ALL {
        assert_eq!(catalogue.get(id).id, id);
    }
}

#[test]
fn phq9_and_gad7_carry_the_loinc_codes_of_the_reference() {
    // clinical-reference.md §3-4 (several public codebases get these wrong).
    let catalogue = Catalogue::load().unwrap();
    let codes = |id| {
        let instrument = catalogue.get(id);
        let panel = instrument.loinc.clone().unwrap();
        let items: Vec<String> = instrument
            .items
            .iter()
            .map(|i| i.loinc.clone().unwrap())
            .collect();
        (panel.panel, panel.total, items)
    };
    assert_eq!(
        codes(InstrumentId::Phq9),
        (
            "44249-1".into(),
            "44261-6".into(),
            [
                "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5",
                "44253-3", "44260-8"
            ]
            .map(String::from)
            .to_vec()
        )
    );
    assert_eq!(
        codes(InstrumentId::Gad7),
        (
            "69737-5".into(),
            "70274-6".into(),
            [
                "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"
            ]
            .map(String::from)
            .to_vec()
        )
    );
    let phq9 = catalogue.get(InstrumentId::Phq9);
    let answer_codes: Vec<_> = phq9
        .options
        .iter()
        .map(|o| (o.score, o.loinc.clone().unwrap()))
        .collect();
    assert_eq!(
        answer_codes,
        vec![
            (0, "LA6568-5".into()),
            (1, "LA6569-3".into()),
            (2, "LA6570-1".into()),
            (3, "LA6571-9".into())
        ]
    );
    assert_eq!(
        phq9.functional_question.as_ref().unwrap().loinc.as_deref(),
        Some("69722-7")
    );
}

/// clinical-reference.md §2: the DDS2 cut-off is validated for diabetes;
/// the programme gives none for COPD and cardiac, which borrow it. The
/// nurse's result page says so for those two only.
#[test]
fn only_the_copd_and_cardiac_screens_borrow_a_cutoff_not_validated_for_them() {
    let catalogue = Catalogue::load().unwrap();
    for id in InstrumentId::ALL {
        let borrowed = matches!(id, InstrumentId::Copd | InstrumentId::Cardiac);
        assert_eq!(catalogue.get(id).cutoff_validated, !borrowed, "{id}");
    }
}

#[test]
fn item_wording_is_exactly_the_reference_wording() {
    let catalogue = Catalogue::load().unwrap();
    let text = |id: InstrumentId, n: usize| catalogue.get(id).items[n - 1].text.clone();
    assert_eq!(
        text(InstrumentId::Phq9, 9),
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    );
    assert_eq!(
        text(InstrumentId::Gad7, 7),
        "Feeling afraid, as if something awful might happen"
    );
    assert_eq!(
        text(InstrumentId::Diabetes, 1),
        "Feeling overwhelmed by the demands of living with diabetes"
    );
    assert_eq!(
        text(InstrumentId::Copd, 2),
        "Feeling breathless and worried or panicked that I can't breathe or may be having a flare up"
    );
    assert_eq!(
        text(InstrumentId::Cardiac, 2),
        "Feeling that stress or low mood may further affect my heart or health"
    );
    let diabetes = catalogue.get(InstrumentId::Diabetes);
    let labels: Vec<_> = diabetes
        .options
        .iter()
        .map(|o| (o.score, o.label.as_str()))
        .collect();
    assert_eq!(
        labels,
        vec![
            (1, "Not a problem"),
            (2, "A slight problem"),
            (3, "A moderate problem"),
            (4, "Somewhat serious problem"),
            (5, "A serious problem"),
            (6, "A very serious problem")
        ]
    );
}

/// The PHQ-9 file with one textual change, loaded under its own name.
fn broken_phq9(from: &str, to: &str) -> String {
    let json = INSTRUMENT_FILES[0].1;
    assert!(json.contains(from), "the change must apply: {from}");
    let broken = json.replacen(from, to, 1);
    Instrument::from_json("phq9.json", &broken)
        .unwrap_err()
        .to_string()
}

#[test]
fn a_gap_between_bands_is_refused_naming_the_file() {
    let error = broken_phq9(r#""from": 5, "to": 9"#, r#""from": 6, "to": 9"#);
    assert!(error.starts_with("instrument file phq9.json:"), "{error}");
    assert!(error.contains("contiguous"), "{error}");
}

#[test]
fn bands_that_stop_short_of_the_highest_total_are_refused() {
    let error = broken_phq9(r#""from": 20, "to": 27"#, r#""from": 20, "to": 26"#);
    assert!(error.contains("highest total 27"), "{error}");
}

#[test]
fn bands_that_do_not_start_at_zero_are_refused() {
    let error = broken_phq9(r#""from": 0, "to": 4"#, r#""from": 1, "to": 4"#);
    assert!(error.contains("lowest total 0"), "{error}");
}

#[test]
fn a_risk_rule_on_an_item_that_does_not_exist_is_refused() {
    let error = broken_phq9(
        r#"{ "item": 9, "at_least": 1"#,
        r#"{ "item": 10, "at_least": 1"#,
    );
    assert!(error.contains("item 10, which does not exist"), "{error}");
}

#[test]
fn a_risk_rule_that_fires_on_the_lowest_answer_is_refused() {
    let error = broken_phq9(
        r#"{ "item": 9, "at_least": 1"#,
        r#"{ "item": 9, "at_least": 0"#,
    );
    assert!(error.contains("risk rule on item 9"), "{error}");
}

#[test]
fn items_out_of_order_are_refused() {
    let error = broken_phq9(r#"{ "number": 3,"#, r#"{ "number": 4,"#);
    assert!(error.contains("numbered"), "{error}");
}

#[test]
fn a_default_cutoff_outside_the_possible_totals_is_refused() {
    let error = broken_phq9(r#""default_cutoff": 10"#, r#""default_cutoff": 28"#);
    assert!(error.contains("outside the possible totals"), "{error}");
}

#[test]
fn option_scores_out_of_order_are_refused() {
    let error = broken_phq9(
        r#""label": "Several days", "score": 1"#,
        r#""label": "Several days", "score": 0"#,
    );
    assert!(error.contains("increasing"), "{error}");
}

#[test]
fn a_misspelt_field_is_refused_rather_than_ignored() {
    let error = broken_phq9(r#""risk_rules""#, r#""risk_rule""#);
    assert!(error.contains("risk_rule"), "{error}");
}

#[test]
fn a_short_form_naming_missing_items_is_refused() {
    let error = broken_phq9(r#""items": [1, 2]"#, r#""items": [1, 12]"#);
    assert!(error.contains("PHQ-2"), "{error}");
}

#[test]
fn a_catalogue_missing_an_instrument_is_refused() {
    let error = Catalogue::from_files(&INSTRUMENT_FILES[..4])
        .unwrap_err()
        .to_string();
    assert!(error.contains("cardiac"), "{error}");
}

#[test]
fn an_instrument_defined_twice_is_refused() {
    let mut files = INSTRUMENT_FILES.to_vec();
    files.push(("again.json", INSTRUMENT_FILES[0].1));
    let error = Catalogue::from_files(&files).unwrap_err().to_string();
    assert!(
        error.contains("again.json") && error.contains("twice"),
        "{error}"
    );
}

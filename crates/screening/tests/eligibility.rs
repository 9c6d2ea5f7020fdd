//! Who may use the service: age first, then area (clinical-reference.md §7).

use screening::Eligibility;
use screening::config::{EligibilityRules, MinimumAge, Practice};
use screening::fields::{CalendarDate, DateOfBirth};
use screening::web_address::WebAddress;

fn rules(years: u16, months: u8) -> EligibilityRules {
    EligibilityRules {
        minimum_age: MinimumAge { years, months },
        practices: vec![Practice {
            name: "Riverside Medical Centre".into(),
            ods: "F83004".into(),
        }],
        out_of_area_url: WebAddress::parse("https://www.nhs.uk/service-search").unwrap(),
    }
}

fn age_of(day: &str, month: &str, year: &str) -> screening::fields::Age {
    let today = CalendarDate::new(2026, 11, 23).unwrap();
    DateOfBirth::parse(day, month, year, today)
        .unwrap()
        .age_on(today)
}

#[test]
fn an_adult_registered_with_a_listed_practice_is_eligible() {
    let rules = rules(18, 0);
    assert!(
        matches!(rules.check(age_of("23", "11", "2008"), "F83004"), Eligibility::Eligible(p) if p.ods == "F83004")
    );
    assert!(matches!(
        rules.check(age_of("1", "1", "1950"), " f83004 "),
        Eligibility::Eligible(_)
    ));
}

#[test]
fn the_day_before_the_18th_birthday_is_too_young() {
    assert_eq!(
        rules(18, 0).check(age_of("24", "11", "2008"), "F83004"),
        Eligibility::TooYoung
    );
}

#[test]
fn a_service_accepting_17_years_9_months_accepts_exactly_from_then() {
    let rules = rules(17, 9);
    assert!(matches!(
        rules.check(age_of("23", "2", "2009"), "F83004"),
        Eligibility::Eligible(_)
    ));
    assert_eq!(
        rules.check(age_of("24", "2", "2009"), "F83004"),
        Eligibility::TooYoung
    );
}

#[test]
fn a_practice_outside_the_area_is_signposted_not_accepted() {
    assert_eq!(
        rules(18, 0).check(age_of("1", "1", "1980"), "Y99999"),
        Eligibility::OutOfArea
    );
}

#[test]
fn age_is_checked_before_area() {
    assert_eq!(
        rules(18, 0).check(age_of("1", "1", "2015"), "Y99999"),
        Eligibility::TooYoung
    );
}

//! Colour contrast as WCAG 2.2 defines it: a service's colours are refused
//! when links or button text would be hard to read. A logo must be an image on
//! the widget's own site, with text for people who cannot see it.

use proptest::prelude::*;
use screening::branding::{
    Branding, Colour, Logo, MINIMUM_TEXT_CONTRAST, PAGE_BACKGROUND, WHITE, check_contrast, linear,
};

fn colour(text: &str) -> Colour {
    Colour::parse(text).unwrap_or_else(|| panic!("{text} parses"))
}

#[test]
fn contrast_matches_published_values() {
    // The first four are WebAIM's published values; the NHS colours were worked by hand.
    let cases = [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),
        ("#777777", "#ffffff", 4.48),
        ("#005eb8", "#ffffff", 6.38),
        ("#007f3b", "#ffffff", 5.12),
    ];
    for (a, b, expected) in cases {
        let ratio = colour(a).contrast_with(colour(b));
        assert!(
            (ratio - expected).abs() < 0.01,
            "{a} on {b}: {ratio}, expected {expected}"
        );
    }
}

#[test]
fn the_boundary_is_four_and_a_half_to_one() {
    assert!(check_contrast(colour("#767676"), WHITE, "test").is_ok());
    let problem = check_contrast(colour("#777777"), WHITE, "test").unwrap_err();
    assert_eq!(
        problem,
        "#777777 has a contrast of 4.47:1 with #ffffff (test); WCAG AA needs at least 4.5:1"
    );
}

#[test]
fn the_nhs_defaults_pass_where_they_are_used() {
    let nhs = Branding::default();
    assert!(check_contrast(nhs.link, PAGE_BACKGROUND, "links").is_ok());
    assert!(check_contrast(nhs.button, WHITE, "buttons").is_ok());
}

#[test]
fn only_six_digit_hex_colours_are_read() {
    assert_eq!(colour("#AbCdEf").to_string(), "#abcdef");
    for bad in [
        "", "#", "005eb8", "#05e", "#005eb", "#005eb80", "#00 5eb8", "#gggggg", "blue", "#+05eb8",
    ] {
        assert_eq!(Colour::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn a_logo_on_the_widgets_own_site_is_accepted() {
    for src in [
        "public/logo.svg",
        "/brand/Logo.PNG",
        "logo.webp",
        "img/logo.jpg",
        "img/logo.jpeg",
        "logo.gif",
        "logo.svg?v=2",
    ] {
        let logo = Logo::parse(src, "  Anytown Talking Therapies ")
            .unwrap_or_else(|e| panic!("{src}: {e:?}"));
        assert_eq!(logo.src, src);
        assert_eq!(logo.alt, "Anytown Talking Therapies", "alt is trimmed");
    }
}

#[test]
fn a_logo_from_anywhere_else_is_refused() {
    for src in [
        "https://cdn.example.com/logo.svg",
        "http://127.0.0.1/logo.svg",
        "//cdn.example.com/logo.svg",
        "data:image/svg+xml,<svg/>.svg",
        "javascript:alert(1)//.svg",
        "HTTPS://cdn.example.com/logo.png",
    ] {
        let (part, problem) = Logo::parse(src, "Anytown").unwrap_err();
        assert_eq!(part, "src", "{src}");
        assert!(problem.contains("own site"), "{src}: {problem}");
    }
}

#[test]
fn a_logo_must_be_an_image_file_with_a_plain_path() {
    for src in [
        "",
        "public/logo",
        "public/logo.html",
        "logo.svg.js",
        "public/my logo.svg",
        "public\\logo.svg",
        "logo.js?x=.svg",
    ] {
        let (part, _) = Logo::parse(src, "Anytown").unwrap_err();
        assert_eq!(part, "src", "{src:?}");
    }
}

#[test]
fn a_logo_needs_text_for_people_who_cannot_see_it() {
    assert_eq!(Logo::parse("logo.svg", "   ").unwrap_err().0, "alt");
    assert!(Logo::parse("logo.svg", &"a".repeat(150)).is_ok());
    assert_eq!(
        Logo::parse("logo.svg", &"a".repeat(151)).unwrap_err().0,
        "alt"
    );
}

proptest! {
    #[test]
    fn contrast_is_symmetric_and_between_1_and_21(a in any::<[u8; 3]>(), b in any::<[u8; 3]>()) {
        let a = Colour::rgb(a[0], a[1], a[2]);
        let b = Colour::rgb(b[0], b[1], b[2]);
        let ratio = a.contrast_with(b);
        prop_assert!((1.0..=21.0 + 1e-9).contains(&ratio));
        prop_assert!((ratio - b.contrast_with(a)).abs() < 1e-12);
    }

    #[test]
    fn colours_round_trip_through_text(rgb in any::<[u8; 3]>()) {
        let c = Colour::rgb(rgb[0], rgb[1], rgb[2]);
        prop_assert_eq!(Colour::parse(&c.to_string()), Some(c));
    }
}

/// WCAG's linear light, with `powf`: the reference.
fn reference_linear(channel: u8) -> f64 {
    let c = f64::from(channel) / 255.0;
    if c <= 0.040_45 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// Every channel value's linear light is WCAG's formula with `powf`, to
/// within rounding (a few dozen units in the last place).
#[test]
fn linear_light_matches_the_wcag_formula_for_every_channel() {
    for channel in 0..=255u8 {
        let expected = reference_linear(channel);
        let error = (linear(channel) - expected).abs();
        assert!(
            error <= 64.0 * f64::EPSILON * expected,
            "{channel}: {} vs {expected}",
            linear(channel)
        );
    }
}

/// And so every one of the 16.7 million colours passes or fails the 4.5:1
/// check against white and the page background exactly as with `powf`
/// (`Colour::luminance` is this weighted sum of `linear`).
#[test]
fn every_colour_gets_the_same_contrast_decision_as_with_powf() {
    let ours: Vec<f64> = (0..=255u8).map(linear).collect();
    let reference: Vec<f64> = (0..=255u8).map(reference_linear).collect();
    let passes = |table: &[f64], [r, g, b]: [u8; 3], back: [u8; 3]| {
        let luminance = |[r, g, b]: [u8; 3]| {
            0.2126 * table[usize::from(r)]
                + 0.7152 * table[usize::from(g)]
                + 0.0722 * table[usize::from(b)]
        };
        let (front, back) = (luminance([r, g, b]), luminance(back));
        (front.max(back) + 0.05) / (front.min(back) + 0.05) >= MINIMUM_TEXT_CONTRAST
    };
    // WHITE and PAGE_BACKGROUND.
    for back in [[0xff, 0xff, 0xff], [0xf0, 0xf4, 0xf5]] {
        for rgb in 0..(1u32 << 24) {
            let [_, r, g, b] = rgb.to_be_bytes();
            assert_eq!(
                passes(&ours, [r, g, b], back),
                passes(&reference, [r, g, b], back),
                "#{rgb:06x} on {back:?}"
            );
        }
    }
}

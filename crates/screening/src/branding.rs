//! A service's colours, checked for WCAG 2.2 AA contrast before they are used
//! (a colour that would make links or buttons hard to read is refused), and
//! its logo, which must be an image on the widget's own site.

use std::fmt;

/// An sRGB colour written `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    red: u8,
    green: u8,
    blue: u8,
}

/// White: button text, and the question cards links sit on.
pub const WHITE: Colour = Colour::rgb(0xff, 0xff, 0xff);
/// The page background (#f0f4f5): darker than white, so links are checked against it.
pub const PAGE_BACKGROUND: Colour = Colour::rgb(0xf0, 0xf4, 0xf5);
/// WCAG 2.2 success criterion 1.4.3: normal-size text needs 4.5:1.
pub const MINIMUM_TEXT_CONTRAST: f64 = 4.5;

impl Colour {
    pub const fn rgb(red: u8, green: u8, blue: u8) -> Colour {
        Colour { red, green, blue }
    }

    /// Reads `#rrggbb` (either case). Shorthand and named colours are refused
    /// so that what the admin wrote is exactly what is checked.
    pub fn parse(text: &str) -> Option<Colour> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Colour::rgb(channel(0)?, channel(2)?, channel(4)?))
    }

    /// WCAG relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        0.2126 * linear(self.red) + 0.7152 * linear(self.green) + 0.0722 * linear(self.blue)
    }

    /// WCAG contrast ratio, 1 to 21, whichever colour is lighter.
    pub fn contrast_with(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// An sRGB channel as linear light (WCAG 2's relative luminance).
pub fn linear(channel: u8) -> f64 {
    let c = f64::from(channel) / 255.0;
    if c <= 0.040_45 {
        c / 12.92
    } else {
        power_2_4((c + 0.055) / 1.055)
    }
}

/// `x` to the power 2.4, for `x` in (0, 1], as the twelfth power of its fifth
/// root found by Newton's method. `f64::powf` would bring libm's `pow` into
/// the wasm (about 0.8 KB brotli) for this one use; a test checks every
/// channel value against it.
fn power_2_4(x: f64) -> f64 {
    // The fifth root of x in (0, 1] is in (0, 1]: from 1, Newton's steps fall
    // monotonically to it. Here x > 0.07, and seven steps reach it to within
    // rounding; twelve leave a margin.
    let mut root = 1.0_f64;
    for _ in 0..12 {
        root -= (root - x / (root * root * root * root)) / 5.0;
    }
    let cube = root * root * root;
    let sixth = cube * cube;
    sixth * sixth
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.red, self.green, self.blue)
    }
}

/// The service's colours, each readable where it is used, and its logo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branding {
    /// Links and the back link, on white cards and the page background.
    pub link: Colour,
    /// Buttons, with white text on them.
    pub button: Colour,
    /// Shown above every page of the journey; none unless configured.
    pub logo: Option<Logo>,
}

impl Default for Branding {
    /// NHS blue links and NHS green buttons (clinical-reference.md §10).
    fn default() -> Self {
        Branding {
            link: Colour::rgb(0x00, 0x5e, 0xb8),
            button: Colour::rgb(0x00, 0x7f, 0x3b),
            logo: None,
        }
    }
}

/// Checks that `colour`, used for text on `background` (or under text of
/// that colour), reaches [`MINIMUM_TEXT_CONTRAST`]; says why not otherwise.
pub fn check_contrast(colour: Colour, background: Colour, role: &str) -> Result<(), String> {
    let ratio = colour.contrast_with(background);
    if ratio >= MINIMUM_TEXT_CONTRAST {
        return Ok(());
    }
    // Hundredths by hand: float formatting would add kilobytes to the wasm.
    let hundredths = (ratio * 100.0).floor() as u32;
    Err(format!(
        "{colour} has a contrast of {}.{:02}:1 with {background} ({role}); WCAG AA needs at least 4.5:1",
        hundredths / 100,
        hundredths % 100
    ))
}

/// The service's logo: an image file on the widget's own site, and the text
/// a screen reader says for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// A path on the widget's own site, such as `public/logo.svg`.
    pub src: String,
    /// What the logo says, for people who cannot see it.
    pub alt: String,
}

/// Which part of a logo's configuration is wrong: `src` or `alt`.
pub type LogoProblem = (&'static str, String);

const IMAGE_EXTENSIONS: [&str; 6] = [".svg", ".png", ".webp", ".jpg", ".jpeg", ".gif"];
const MAXIMUM_ALT_CHARACTERS: usize = 150;

impl Logo {
    /// Accepts only a path on the widget's own site: an image from anywhere
    /// else would tell that site who opened the referral form (and the page's
    /// Content-Security-Policy allows images from its own site only).
    pub fn parse(src: &str, alt: &str) -> Result<Logo, LogoProblem> {
        let path = crate::text::until_any(src, b"?#");
        if src.is_empty() || src.chars().any(|c| c.is_whitespace() || c == '\\') {
            return Err(("src", format!("\"{src}\" is not a path to an image file")));
        }
        // A colon would start a scheme (https:, data:, javascript:) and a
        // leading // another host: either leaves the widget's own site.
        if crate::text::has_any(path, b":") || src.starts_with("//") {
            return Err((
                "src",
                format!(
                    "\"{src}\" is not on the widget's own site; put the logo beside the widget and give its path, such as public/logo.svg"
                ),
            ));
        }
        let lower = path.to_ascii_lowercase();
        if !IMAGE_EXTENSIONS.iter().any(|ext| lower.ends_with(ext)) {
            return Err((
                "src",
                format!("\"{src}\" is not an image file (.svg, .png, .webp, .jpg or .gif)"),
            ));
        }
        let alt = alt.trim();
        if alt.is_empty() {
            return Err((
                "alt",
                "is empty; give the text the logo shows, such as the service's name".to_owned(),
            ));
        }
        if alt.chars().count() > MAXIMUM_ALT_CHARACTERS {
            return Err((
                "alt",
                format!(
                    "is longer than {MAXIMUM_ALT_CHARACTERS} characters; give the text the logo shows"
                ),
            ));
        }
        Ok(Logo {
            src: src.to_owned(),
            alt: alt.to_owned(),
        })
    }
}

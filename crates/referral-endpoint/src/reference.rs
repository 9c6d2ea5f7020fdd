//! Human references such as `TH-7K3Q-9D`: short enough to read over the
//! phone, from an alphabet with no look-alike characters.

/// Crockford's base32 alphabet: digits and capitals without I, L, O and U, so
/// nobody has to ask whether it was "0" or "O", "1" or "I" or "L".
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Every reference starts with this, so staff can tell one at a glance.
pub const PREFIX: &str = "TH-";

/// Draws a fresh random reference: `TH-` + 4 characters + `-` + 2 characters,
/// 32^6 (about 10^9) possibilities. Uniqueness is decided by the database; on
/// a collision the caller draws again.
pub fn random() -> String {
    let mut bytes = [0u8; 6];
    // The operating system's generator: references must not be guessable from
    // each other, since a reference is quoted to confirm a person's referral.
    getrandom::fill(&mut bytes).expect("the operating system's random number generator");
    // 256 is a multiple of 32, so taking the low five bits keeps every
    // character equally likely.
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
        .collect();
    let first: String = chars[..4].iter().collect();
    let second: String = chars[4..].iter().collect();
    format!("{PREFIX}{first}-{second}")
}

/// Whether `text` has the shape [`random`] makes.
pub fn is_reference(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(PREFIX) else {
        return false;
    };
    let bytes = rest.as_bytes();
    bytes.len() == 7
        && bytes[4] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || ALPHABET.contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_have_the_documented_shape() {
        for _ in 0..1000 {
            let reference = random();
            assert!(is_reference(&reference), "{reference}");
            assert!(!reference[3..].contains(['I', 'L', 'O', 'U']));
        }
    }

    #[test]
    fn other_shapes_are_not_references() {
        for text in [
            "TH-7K3Q-9D0",
            "TH-7K3Q9D",
            "XX-7K3Q-9D",
            "TH-7KIQ-9D",
            "TH-7k3q-9d",
        ] {
            assert!(!is_reference(text), "{text}");
        }
        assert!(is_reference("TH-7K3Q-9D"));
    }

    #[test]
    fn draws_differ() {
        let drawn: std::collections::BTreeSet<String> = (0..200).map(|_| random()).collect();
        // 200 draws from 10^9: a repeat here means the generator is broken.
        assert_eq!(drawn.len(), 200);
    }
}

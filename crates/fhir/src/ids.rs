//! Each entry's `urn:uuid`, made from the referral's id and the entry's role,
//! so exporting the same referral twice gives the same Bundle, and a FHIR
//! server's conditional create recognises the second as the first.

use uuid::Uuid;

/// The namespace of every name-based UUID here: itself name-based, from our
/// canonical base, so nobody else's v5 UUIDs collide with ours.
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, crate::systems::BASE.as_bytes())
}

/// The `urn:uuid:` of the entry playing `role` (such as `patient` or
/// `response/phq9`) in the Bundle of referral `referral_id`.
pub fn entry_urn(referral_id: &str, role: &str) -> String {
    let name = format!("{referral_id}/{role}");
    format!(
        "urn:uuid:{}",
        Uuid::new_v5(&namespace(), name.as_bytes()).hyphenated()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_referral_and_role_give_the_same_urn() {
        assert_eq!(entry_urn("a", "patient"), entry_urn("a", "patient"));
        assert!(entry_urn("a", "patient").starts_with("urn:uuid:"));
    }

    #[test]
    fn another_referral_or_role_gives_another_urn() {
        assert_ne!(entry_urn("a", "patient"), entry_urn("b", "patient"));
        assert_ne!(entry_urn("a", "patient"), entry_urn("a", "flag"));
    }
}

//! Checks a receiver makes on a payload's details against the service's
//! configuration. The browser enforces the same rules while the person types;
//! a receiver checks them again because anything can POST to an endpoint.

use crate::config::ServiceConfig;
use crate::payload::{Channel, Clinician, PayloadMismatch, ReferralPayload};

impl ReferralPayload {
    /// Checks what [`ReferralPayload::verify`] does not: that the person's GP
    /// practice (and, for an embed, the hosting practice) is one the service
    /// covers, that a clinic referral names its clinician, that the person consented to contact, and that there is a way
    /// to contact them (clinical-reference.md §7-8).
    ///
    /// Problems name the field and the rule, never the value sent, so they may
    /// be logged or returned as they are.
    pub fn check_details(&self, config: &ServiceConfig) -> Result<(), Vec<PayloadMismatch>> {
        let mut problems = Vec::new();
        let mut mismatch = |field: &str, problem: &str| {
            problems.push(PayloadMismatch {
                field: field.to_owned(),
                problem: problem.to_owned(),
            });
        };
        let person = &self.person;
        if config
            .eligibility
            .practice(&person.gp_practice.ods)
            .is_none()
        {
            mismatch(
                "person.gp_practice.ods",
                "is not one of the GP practices this service covers",
            );
        }
        if let Channel::Embed { practice_ods } = &self.channel
            && config.eligibility.practice(practice_ods).is_none()
        {
            mismatch(
                "channel.practice_ods",
                "is not one of the GP practices this service covers",
            );
        }
        if let Channel::Clinic { clinician } = &self.channel
            && let Err(errors) = Clinician::parse(&clinician.name, &clinician.role, &clinician.team)
        {
            for (field, _) in errors {
                let field = field.name().trim_start_matches("clinician_");
                mismatch(
                    &format!("channel.clinician.{field}"),
                    "the referring clinician's name, role and team are required (§8)",
                );
            }
        }
        if !person.consents.contact {
            mismatch(
                "person.consents.contact",
                "consent to contact is required: the service cannot take a referral without it",
            );
        }
        if person.contact.phone.is_none() && person.contact.email.is_none() {
            mismatch(
                "person.contact",
                "a phone number or an email address is required",
            );
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

//! The payload written as JSON by hand, exactly as serde_json writes it
//! (tests/payload_json.rs compares the two byte for byte).
//!
//! Why by hand: serde's serializer, instantiated for every payload type, costs
//! the browser about 3 KB brotli; straight calls on one
//! writer cost a fraction of that. The endpoint still reads payloads with
//! serde, so the derives stay.

use super::{Channel, ReferralPayload};
use crate::json::Writer;
use crate::scoring::RiskIndicator;

impl ReferralPayload {
    /// The payload as compact JSON, as POSTed to the service's endpoint.
    pub fn to_json(&self) -> String {
        let mut w = Writer::default();
        w.begin_object();
        text(&mut w, "schema", &self.schema);
        number(&mut w, "schema_version", u64::from(self.schema_version));
        text(&mut w, "referral_id", &self.referral_id);
        text(&mut w, "config_version", &self.config_version);
        w.key("channel");
        self.write_channel(&mut w);
        w.key("person");
        self.write_person(&mut w);
        w.key("screening");
        self.write_screening(&mut w);
        w.end_object();
        w.finish()
    }

    fn write_channel(&self, w: &mut Writer) {
        w.begin_object();
        match &self.channel {
            Channel::SelfReferral => text(w, "kind", "self"),
            Channel::Clinic { clinician } => {
                text(w, "kind", "clinic");
                w.key("clinician");
                w.begin_object();
                text(w, "name", &clinician.name);
                text(w, "role", &clinician.role);
                text(w, "team", &clinician.team);
                w.end_object();
            }
            Channel::Embed { practice_ods } => {
                text(w, "kind", "embed");
                text(w, "practice_ods", practice_ods);
            }
        }
        w.end_object();
    }

    fn write_person(&self, w: &mut Writer) {
        let person = &self.person;
        let contact = &person.contact;
        w.begin_object();
        text(w, "first_name", person.first_name.as_str());
        text(w, "last_name", person.last_name.as_str());
        optional_text(
            w,
            "preferred_name",
            person.preferred_name.as_ref().map(|n| n.as_str()),
        );
        text(w, "date_of_birth", &person.date_of_birth.to_string());
        w.key("gp_practice");
        w.begin_object();
        text(w, "name", &person.gp_practice.name);
        text(w, "ods", &person.gp_practice.ods);
        w.end_object();
        optional_text(w, "postcode", person.postcode.as_ref().map(|p| p.as_str()));
        w.key("contact");
        w.begin_object();
        optional_text(w, "phone", contact.phone.as_ref().map(|p| p.as_e164()));
        optional_text(w, "email", contact.email.as_ref().map(|e| e.as_str()));
        optional_flag(w, "safe_to_leave_message", contact.safe_to_leave_message);
        optional_flag(w, "safe_to_text", contact.safe_to_text);
        w.end_object();
        optional_text(
            w,
            "nhs_number",
            person.nhs_number.as_ref().map(|n| n.as_digits()),
        );
        optional_text(w, "gender", person.gender.map(|g| g.name()));
        optional_text(w, "ethnicity", person.ethnicity.map(|e| e.code()));
        optional_text(
            w,
            "interpreter_language",
            person.interpreter_language.as_deref(),
        );
        optional_text(
            w,
            "best_time_to_call",
            person.best_time_to_call.map(|b| b.name()),
        );
        optional_text(w, "anything_else", person.anything_else.as_deref());
        w.key("consents");
        w.begin_object();
        flag(w, "contact", person.consents.contact);
        flag(w, "inform_gp", person.consents.inform_gp);
        w.end_object();
        w.end_object();
    }

    fn write_screening(&self, w: &mut Writer) {
        let screening = &self.screening;
        w.begin_object();
        w.key("results");
        w.begin_list();
        for result in &screening.results {
            w.begin_object();
            text(w, "instrument", result.instrument.as_str());
            text(w, "instrument_version", &result.instrument_version);
            w.key("answers");
            w.begin_list();
            for answer in &result.answers {
                w.number(u64::from(*answer));
            }
            w.end_list();
            number(w, "total", u64::from(result.total.value()));
            optional_text(w, "severity", result.severity.map(|s| s.name()));
            w.key("caseness");
            w.begin_object();
            number(w, "cutoff", u64::from(result.caseness.cutoff.value()));
            flag(w, "met", result.caseness.met);
            w.end_object();
            risk(w, &result.risk);
            w.end_object();
        }
        w.end_list();
        w.key("outcome");
        w.begin_object();
        w.key("cutoffs_met");
        w.begin_list();
        for id in &screening.outcome.cutoffs_met {
            w.string(id.as_str());
        }
        w.end_list();
        risk(w, &screening.outcome.risk);
        text(w, "recommendation", screening.outcome.recommendation.name());
        w.end_object();
        flag(w, "risk_flag", screening.risk_flag);
        optional_text(w, "risk_reason", screening.risk_reason.map(|r| r.name()));
        optional_number(w, "phq9_item9", screening.phq9_item9);
        optional_number(w, "phq9_item9_highest", screening.phq9_item9_highest);
        optional_number(w, "functional_difficulty", screening.functional_difficulty);
        w.end_object();
    }
}

/// The member `risk`: a list of risk indicators.
fn risk(w: &mut Writer, indicators: &[RiskIndicator]) {
    w.key("risk");
    w.begin_list();
    for indicator in indicators {
        w.begin_object();
        text(w, "flag", indicator.flag.name());
        number(w, "item", u64::from(indicator.item));
        number(w, "answer", u64::from(indicator.answer));
        w.end_object();
    }
    w.end_list();
}

fn text(w: &mut Writer, name: &str, value: &str) {
    w.key(name);
    w.string(value);
}

fn optional_text(w: &mut Writer, name: &str, value: Option<&str>) {
    w.key(name);
    match value {
        Some(value) => w.string(value),
        None => w.null(),
    }
}

fn number(w: &mut Writer, name: &str, value: u64) {
    w.key(name);
    w.number(value);
}

fn optional_number(w: &mut Writer, name: &str, value: Option<u8>) {
    w.key(name);
    match value {
        Some(value) => w.number(u64::from(value)),
        None => w.null(),
    }
}

fn flag(w: &mut Writer, name: &str, value: bool) {
    w.key(name);
    w.bool(value);
}

fn optional_flag(w: &mut Writer, name: &str, value: Option<bool>) {
    w.key(name);
    match value {
        Some(value) => w.bool(value),
        None => w.null(),
    }
}

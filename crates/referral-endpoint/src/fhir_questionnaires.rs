//! `GET /fhir/Questionnaire/{id}`: each instrument as a FHIR Questionnaire,
//! so the canonical URLs a referral's QuestionnaireResponses name can be
//! read from the service that sent them. The same text as the committed
//! `fhir/Questionnaire/{id}.json` (both come from `fhir::questionnaires`).

use crate::config::catalogue;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::LazyLock;

/// Where the Questionnaires are served; `{id}` is the instrument's id.
pub const QUESTIONNAIRE_PATH: &str = "/fhir/Questionnaire/{id}";

/// FHIR's JSON media type (R4 http.html#mime-type).
pub const FHIR_JSON: &str = "application/fhir+json";

/// Every Questionnaire's id and text, made once: they change only with the binary.
static QUESTIONNAIRES: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    fhir::questionnaires(&catalogue())
        .into_iter()
        .map(|(id, q)| (id.as_str(), fhir::questionnaire::to_file_text(&q)))
        .collect()
});

/// The Questionnaire `id`, or 404 for any other id.
pub async fn questionnaire(Path(id): Path<String>) -> Response {
    match QUESTIONNAIRES.iter().find(|(known, _)| *known == id) {
        Some((_, text)) => (
            [(header::CONTENT_TYPE, HeaderValue::from_static(FHIR_JSON))],
            text.clone(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such Questionnaire\n").into_response(),
    }
}

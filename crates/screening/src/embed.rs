//! Embedding on a GP practice's website: which website origins may show the
//! widget as which practice, and the one check the widget makes before it
//! attributes a referral to the practice whose page it is on.
//!
//! A practice is named by its host page, which the service does not control,
//! so the widget believes the name only from an origin the service listed for
//! that practice (`eligibility.practices[i].embed_origins`).

use crate::config::{Origin, Practice, ServiceConfig};

/// Why the widget will not act for the practice a host page named. Shown in
/// the frame for the practice's web administrator; nothing can be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmbedRefusal {
    /// The ODS code is not one of the service's practices. `ods` is the code
    /// as sent if it looks like one, so a host page cannot write its own text
    /// into the service's page.
    #[error("{ods} is not one of the GP practices this service covers")]
    NotListed { ods: String },
    /// The practice is listed, but not with this website's origin.
    #[error("{ods} has not asked the service to allow the form on {origin}")]
    OriginNotAllowed { ods: String, origin: String },
}

/// What a refusal may show of a code sent by a host page: the code if it
/// could be one, else a description.
fn shown_code(ods: &str) -> String {
    let ods = ods.trim();
    if (1..=10).contains(&ods.len()) && ods.bytes().all(|b| b.is_ascii_alphanumeric()) {
        ods.to_ascii_uppercase()
    } else {
        "The code given".to_owned()
    }
}

impl ServiceConfig {
    /// The practice a page on `origin` may embed the widget as, if `ods` is
    /// one of the service's practices and `origin` is listed for it.
    /// `origin` is compared exactly, as the browser reports it.
    pub fn embedding_practice(&self, ods: &str, origin: &str) -> Result<&Practice, EmbedRefusal> {
        let practice = self
            .eligibility
            .practice(ods)
            .ok_or_else(|| EmbedRefusal::NotListed {
                ods: shown_code(ods),
            })?;
        if self.embed_origins.allows(&practice.ods, origin) {
            Ok(practice)
        } else {
            Err(EmbedRefusal::OriginNotAllowed {
                ods: practice.ods.clone(),
                origin: Origin::parse(origin)
                    .map_or_else(|_| "this website".to_owned(), |o| o.to_string()),
            })
        }
    }
}

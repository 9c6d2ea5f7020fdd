//! Closed answer sets of the referral form. Labels live in the UI's locale file.

use serde::{Deserialize, Serialize};

/// Gender, as the person describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
    NonBinary,
    Other,
    PreferNotToSay,
}

impl Gender {
    pub const ALL: [Gender; 5] = [
        Gender::Female,
        Gender::Male,
        Gender::NonBinary,
        Gender::Other,
        Gender::PreferNotToSay,
    ];

    /// As payloads write it.
    pub fn name(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::NonBinary => "non_binary",
            Gender::Other => "other",
            Gender::PreferNotToSay => "prefer_not_to_say",
        }
    }
}

/// When the person would like to be called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BestTimeToCall {
    Morning,
    Afternoon,
    Evening,
    AnyTime,
}

impl BestTimeToCall {
    pub const ALL: [BestTimeToCall; 4] = [
        BestTimeToCall::Morning,
        BestTimeToCall::Afternoon,
        BestTimeToCall::Evening,
        BestTimeToCall::AnyTime,
    ];

    /// As payloads write it.
    pub fn name(self) -> &'static str {
        match self {
            BestTimeToCall::Morning => "morning",
            BestTimeToCall::Afternoon => "afternoon",
            BestTimeToCall::Evening => "evening",
            BestTimeToCall::AnyTime => "any_time",
        }
    }
}

/// NHS data dictionary "Ethnic Category" codes (A-S, and Z for not stated),
/// as reported to NHS Talking Therapies' national dataset (clinical-reference.md §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub enum EthnicCategory {
    A,
    B,
    C,
    D,
    E,
    F,
    G,
    H,
    J,
    K,
    L,
    M,
    N,
    P,
    R,
    S,
    Z,
}

impl EthnicCategory {
    pub const ALL: [EthnicCategory; 17] = {
        use EthnicCategory::*;
        [A, B, C, D, E, F, G, H, J, K, L, M, N, P, R, S, Z]
    };

    /// The one-letter data dictionary code.
    pub fn code(self) -> &'static str {
        const CODES: [&str; 17] = [
            "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "Z",
        ];
        CODES[self as usize]
    }
}

//! The consent screen: given what is already granted and the ConsentMode in force, what the user
//! (or the tenant's policy) does with a request for scopes, and what is recorded.

use std::collections::BTreeSet;

use super::super::model::{ConsentMode, ConsentRefusal};
use super::super::state::{APP_NAME, CLIENT_ID, TenantState};
use super::errors::AadError;

#[derive(Debug)]
pub(in super::super) enum Outcome {
    /// Sign-in completes; the scopes the client now holds for Graph (additive, E-SC).
    Granted(BTreeSet<String>),
    /// A code is issued, but redeeming it fails with AADSTS65001 (ConsentRequiredAtToken).
    GrantedButNotRecorded,
    Refused(AadError),
}

/// How the sign-in page was asked to behave (`prompt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in super::super) enum Prompt {
    Default,
    /// `prompt=consent`: show the consent screen even when everything is granted.
    Consent,
    /// `prompt=none`: no UI at all.
    None,
}

pub(in super::super) fn consent_required_error() -> AadError {
    AadError::new(
        "invalid_grant",
        65001,
        format!("The user or administrator has not consented to use the application with ID '{CLIENT_ID}' named '{APP_NAME}'. Send an interactive authorization request for this user and resource."),
    )
    .suberror("consent_required")
}

/// The consent policy's refusal, as Microsoft words it ("Unexpected error when performing
/// consent to an application"), with the OAuth `error` of the place it is answered at:
/// `access_denied` on a redirect (the authorization code flow page's error response),
/// `invalid_grant` from the token endpoint.
pub(in super::super) fn refusal_error(refusal: ConsentRefusal, error: &'static str) -> AadError {
    match refusal {
        ConsentRefusal::UserConsentDisabled => AadError::new(
            error,
            90093,
            format!(
                "An administrator of {TENANT_NAME} has set a policy that prevents you from granting {APP_NAME} the permissions it's requesting. Contact an administrator of {TENANT_NAME}, who can grant permissions to this app on your behalf."
            ),
        ),
        ConsentRefusal::RiskyApp => AadError::new(
            error,
            900941,
            "Administrator consent is required. App is considered risky. (AdminConsentRequiredDueToRiskyApp)",
        ),
    }
}

/// The refusal every token request gets under [`ConsentMode::RefusedAtToken`].
pub(in super::super) fn token_refusal(state: &TenantState) -> Option<AadError> {
    match state.consent_mode {
        ConsentMode::RefusedAtToken(r) => Some(refusal_error(r, "invalid_grant")),
        _ => None,
    }
}

/// The tenant's display name in consent messages.
const TENANT_NAME: &str = "Contoso";

/// Runs the consent step for `user_id` asking for `requested` Graph scopes.
pub(in super::super) fn decide(
    state: &mut TenantState,
    user_id: &str,
    requested: &BTreeSet<String>,
    prompt: Prompt,
) -> Outcome {
    let already = state.granted_scopes(user_id, CLIENT_ID);
    let missing: BTreeSet<String> = requested.difference(&already).cloned().collect();
    if missing.is_empty() && prompt != Prompt::Consent {
        return Outcome::Granted(already);
    }
    if prompt == Prompt::None {
        return Outcome::Refused(AadError::new(
            "consent_required",
            65001,
            format!(
                "The user or administrator has not consented to use the application with ID '{CLIENT_ID}' named '{APP_NAME}'. Send an interactive authorization request for this user and resource."
            ),
        ));
    }
    let ticked: BTreeSet<String> = match &state.consent_mode {
        // The screen passes; the token endpoint refuses (see `token_refusal`).
        ConsentMode::Approve | ConsentMode::RefusedAtToken(_) => requested.clone(),
        ConsentMode::Refused(r) => return Outcome::Refused(refusal_error(*r, "access_denied")),
        ConsentMode::PartialGrant { granted } => requested
            .iter()
            .filter(|r| granted.iter().any(|g| g.eq_ignore_ascii_case(r)))
            .cloned()
            .collect(),
        ConsentMode::AdminApprovalRequired => {
            return Outcome::Refused(AadError::new(
                "access_denied",
                90094,
                "The grant requires admin permission.",
            ));
        }
        ConsentMode::AdminApprovalWorkflow => {
            return Outcome::Refused(AadError::new(
                "access_denied",
                90095,
                format!(
                    "Admin consent is required for the permissions requested by the application '{APP_NAME}'. An admin consent request may be sent to the admin."
                ),
            ));
        }
        ConsentMode::UserCancels => {
            return Outcome::Refused(
                AadError::new(
                    "access_denied",
                    65004,
                    "User declined to consent to access the app.",
                )
                .subcode("cancel"),
            );
        }
        ConsentMode::ConsentRequiredAtToken => return Outcome::GrantedButNotRecorded,
    };
    let record = state
        .user_grants
        .entry((user_id.to_string(), CLIENT_ID.to_string()))
        .or_default();
    record.extend(ticked);
    Outcome::Granted(state.granted_scopes(user_id, CLIENT_ID))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(s: &[&str]) -> BTreeSet<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    fn granted(o: Outcome) -> BTreeSet<String> {
        match o {
            Outcome::Granted(g) => g,
            other => panic!("expected a grant, got {other:?}"),
        }
    }

    #[test]
    fn partial_grant_keeps_only_ticked_scopes() {
        let mut st = TenantState::for_test();
        st.consent_mode = ConsentMode::PartialGrant {
            granted: vec!["user.read".into(), "Calendars.ReadWrite".into()],
        };
        let g = granted(decide(
            &mut st,
            "u1",
            &set(&["User.Read", "Calendars.ReadWrite", "Mail.Send"]),
            Prompt::Default,
        ));
        assert_eq!(g, set(&["Calendars.ReadWrite", "User.Read"]));
    }

    #[test]
    fn consent_is_additive_and_not_asked_again() {
        let mut st = TenantState::for_test();
        granted(decide(&mut st, "u1", &set(&["User.Read"]), Prompt::Default));
        st.consent_mode = ConsentMode::UserCancels;
        // Nothing new requested: no consent screen, so the cancel mode never shows.
        assert_eq!(
            granted(decide(&mut st, "u1", &set(&["User.Read"]), Prompt::Default)),
            set(&["User.Read"])
        );
        assert!(matches!(
            decide(&mut st, "u1", &set(&["User.Read"]), Prompt::Consent),
            Outcome::Refused(e) if e.code == 65004
        ));
    }

    #[test]
    fn admin_grant_lifts_admin_approval() {
        let mut st = TenantState::for_test();
        st.consent_mode = ConsentMode::AdminApprovalRequired;
        let want = set(&["Mail.Send", "User.Read"]);
        assert!(matches!(
            decide(&mut st, "u1", &want, Prompt::Default),
            Outcome::Refused(e) if e.code == 90094 && e.error == "access_denied"
        ));
        st.admin_grant = want.clone();
        assert_eq!(granted(decide(&mut st, "u1", &want, Prompt::Default)), want);
    }

    #[test]
    fn policy_refusals_carry_the_codes_of_the_consent_troubleshooting_page() {
        let mut st = TenantState::for_test();
        let want = set(&["User.Read"]);
        st.consent_mode = ConsentMode::Refused(ConsentRefusal::UserConsentDisabled);
        assert!(matches!(
            decide(&mut st, "u1", &want, Prompt::Default),
            Outcome::Refused(e) if e.code == 90093 && e.error == "access_denied"
        ));
        st.consent_mode = ConsentMode::Refused(ConsentRefusal::RiskyApp);
        assert!(matches!(
            decide(&mut st, "u1", &want, Prompt::Default),
            Outcome::Refused(e) if e.code == 900941 && e.text.contains("AdminConsentRequiredDueToRiskyApp")
        ));
        st.consent_mode = ConsentMode::RefusedAtToken(ConsentRefusal::RiskyApp);
        granted(decide(&mut st, "u1", &want, Prompt::Default));
        let at_token = token_refusal(&st).unwrap();
        assert_eq!((at_token.error, at_token.code), ("invalid_grant", 900941));
    }

    #[test]
    fn prompt_none_refuses_when_consent_is_needed() {
        let mut st = TenantState::for_test();
        assert!(matches!(
            decide(&mut st, "u1", &set(&["User.Read"]), Prompt::None),
            Outcome::Refused(e) if e.error == "consent_required"
        ));
    }
}

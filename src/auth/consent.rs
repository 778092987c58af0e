//! Turning the identity platform's refusals into what the user should do: admin approval
//! (AADSTS65001, 90093, 90094, 90095, 900941, `consent_required`), a cancelled sign-in, an
//! expired grant, a misregistered app. Every refusal shows its correlation and trace ids. Also
//! builds the tenant-wide admin-consent link (protocol.md §1.12–1.13).

use url::Url;

use crate::auth::flow::{Endpoints, MicrosoftError, TokenError};
use crate::error::AppError;
use crate::hints;
use crate::store::config::ProfileName;

/// The Entra codes that mean "an administrator must approve this app": 65001 (no consent yet),
/// 90094 and 90095 (admin consent required, with or without the approval workflow), from
/// "Microsoft Entra authentication and authorization error codes"; 90093 (an administrator
/// turned user consent off, or the permissions are not the user's to grant) and 900941 (the
/// app is considered risky, only an administrator may consent), from "Unexpected error when
/// performing consent to an application".
const ADMIN_APPROVAL_CODES: [u64; 5] = [65001, 90093, 90094, 90095, 900941];
/// The codes that mean the grant is gone and an interactive sign-in is needed.
const REAUTH_CODES: [u64; 8] = [70008, 700082, 700084, 50173, 70043, 50076, 50079, 50089];

/// Whether a refusal means the organisation requires admin approval.
pub fn needs_admin_approval(error: &MicrosoftError) -> bool {
    // AADSTS65004 is a refusal by whoever saw the consent screen, even under
    // `consent_required` (the admin consent page's error response).
    if error.aadsts_codes().contains(&65004) {
        return false;
    }
    error.error == "consent_required"
        || error.suberror.as_deref() == Some("consent_required")
        || error
            .aadsts_codes()
            .iter()
            .any(|c| ADMIN_APPROVAL_CODES.contains(c))
}

/// The admin-consent URL for IT (never `common`: admin consent needs a tenant).
pub fn admin_consent_url(
    endpoints: &Endpoints,
    client_id: &str,
    graph_scopes: &[String],
    redirect_uri: &str,
    state: Option<&str>,
) -> Url {
    let mut url = endpoints.admin_consent.clone();
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("client_id", client_id)
            .append_pair("scope", &graph_scopes.join(" "))
            .append_pair("redirect_uri", redirect_uri);
        if let Some(state) = state {
            q.append_pair("state", state);
        }
    }
    url
}

/// The tenant segment to use for admin consent: the given tenant, except `common`
/// (refused by Microsoft), which becomes `organizations`.
pub fn admin_consent_tenant(tenant: &str) -> &str {
    if tenant.eq_ignore_ascii_case("common") || tenant.eq_ignore_ascii_case("consumers") {
        "organizations"
    } else {
        tenant
    }
}

/// What to tell the user when an administrator must approve the app.
pub fn admin_approval_error(
    error: &MicrosoftError,
    client_id: &str,
    tenant: &str,
    profile: &ProfileName,
) -> AppError {
    let code = error
        .aadsts_codes()
        .into_iter()
        .find(|c| ADMIN_APPROVAL_CODES.contains(c))
        .map(|c| format!(" (AADSTS{c})"))
        .unwrap_or_default();
    let codes = error.aadsts_codes();
    let first = if codes.contains(&900941) {
        "Microsoft considers rally-m365 risky for your organisation, so only an administrator can approve it"
    } else if codes.contains(&90093) {
        "your organisation does not let users grant these permissions (an administrator turned user consent off), so an administrator must approve rally-m365"
    } else if codes.contains(&90095) {
        "your organisation requires an administrator to approve rally-m365; a request for approval can be sent from the sign-in page"
    } else {
        "your organisation requires an administrator to approve rally-m365 before you can connect"
    };
    AppError::permission(format!("{first}{code}; nothing was stored")).with_hint(format!(
        "ask IT to approve the app for the whole organisation (app id {client_id}, permissions Mail.Send and \
Calendars.ReadWrite, delegated): an admin runs `rally-m365 admin-consent --tenant {}` and accepts with \
\"Consent on behalf of your organization\"; then run `{}` again",
        admin_consent_tenant(tenant),
        hints::command(profile, "connect")
    ))
}

/// Maps a refusal of a sign-in (code redemption, device code, or a redirect error) to an error.
pub fn sign_in_error(
    error: TokenError,
    client_id: &str,
    tenant: &str,
    profile: &ProfileName,
) -> AppError {
    let ids = support_ids(&error);
    with_support_ids(sign_in_advice(error, client_id, tenant, profile), ids)
}

/// The correlation and trace ids of a refusal, logged (-v) with its codes.
fn support_ids(error: &TokenError) -> Option<String> {
    match error {
        TokenError::Refused(e) => {
            tracing::info!(
                "refused by the identity platform: {} (error_codes {:?}, suberror {}; {})",
                crate::redact::one_line(&e.error, 80),
                e.aadsts_codes(),
                crate::redact::one_line(e.suberror.as_deref().unwrap_or("none"), 80),
                e.support_ids().as_deref().unwrap_or("no correlation id")
            );
            e.support_ids()
        }
        _ => None,
    }
}

/// The ids go at the end of the message, as Graph errors carry their request-id: what
/// Microsoft support and IT ask for, and what the hints that say "quote the ids" point at.
fn with_support_ids(error: AppError, ids: Option<String>) -> AppError {
    match ids {
        Some(ids) => {
            let message = format!("{} ({ids})", error.message());
            error.with_message(message)
        }
        None => error,
    }
}

fn sign_in_advice(
    error: TokenError,
    client_id: &str,
    tenant: &str,
    profile: &ProfileName,
) -> AppError {
    let error = match error {
        TokenError::Refused(e) => e,
        TokenError::Network(text) => {
            return AppError::unavailable(format!(
                "cannot reach the Microsoft identity platform: {text}"
            ))
            .with_hint(hints::network_identity());
        }
        TokenError::Protocol(text) => {
            return AppError::unexpected(format!(
                "the identity platform answered unexpectedly: {text}"
            ));
        }
        e @ TokenError::Unreadable(..) => {
            return AppError::unexpected(format!("{e}; nothing was stored"));
        }
        e @ TokenError::ServerFailure { .. } => {
            return AppError::unavailable(e.to_string()).with_hint(hints::try_again_later());
        }
        // Microsoft's `expired_token`: the code's own lifetime ran out (our `--timeout` is
        // reported by the caller, in its own words).
        TokenError::Expired => {
            return AppError::sign_in_incomplete(
                "the sign-in code expired before the sign-in finished",
            )
            .with_hint(hints::device_code_expired(profile));
        }
    };
    if needs_admin_approval(&error) {
        return admin_approval_error(&error, client_id, tenant, profile);
    }
    let codes = error.aadsts_codes();
    let has = |c: u64| codes.contains(&c);
    match error.error.as_str() {
        // Before `access_denied`: a redirect brings a Conditional Access block under that name.
        _ if has(53003) => AppError::permission(format!(
            "a Conditional Access policy of your organisation blocked the sign-in: {}",
            error.summary()
        ))
        .with_hint(hints::ask_it_about_refusal(error.support_ids().is_some())),
        "access_denied" | "authorization_declined" => AppError::sign_in_incomplete(format!(
            "the sign-in was cancelled or consent was declined ({})",
            error.summary()
        ))
        .with_hint(hints::accept_permissions(profile)),
        "invalid_client" if has(7000218) => AppError::unexpected(format!(
            "the app registration is not a public client ({})",
            error.summary()
        )),
        "unauthorized_client" | "invalid_client" if has(700016) => AppError::usage(format!(
            "the application id {client_id} is not known in tenant `{tenant}` ({})",
            error.summary()
        )),
        "temporarily_unavailable" | "server_error" => AppError::unavailable(format!(
            "the identity platform is unavailable: {}",
            error.summary()
        )),
        "invalid_request" if has(90038) => AppError::usage(format!(
            "this tenant belongs to another Microsoft cloud: {}",
            error.summary()
        )),
        "invalid_grant" | "interaction_required" | "login_required" => {
            AppError::sign_in_incomplete(format!(
                "the sign-in did not complete: {}",
                error.summary()
            ))
            .with_hint(format!(
                "run `{}` again",
                hints::command(profile, "connect")
            ))
        }
        _ => AppError::unexpected(format!("the sign-in failed: {error}")),
    }
}

/// Maps a refusal of a refresh: a dead grant means "connect again" (exit 3).
pub fn refresh_error(error: TokenError, profile: &ProfileName) -> AppError {
    let ids = support_ids(&error);
    with_support_ids(refresh_advice(error, profile), ids)
}

fn refresh_advice(error: TokenError, profile: &ProfileName) -> AppError {
    let reconnect = hints::reconnect(profile);
    match error {
        TokenError::Refused(e) => {
            let codes = e.aadsts_codes();
            if needs_admin_approval(&e) {
                AppError::permission(format!(
                    "your organisation now requires an administrator to approve rally-m365: {}",
                    e.summary()
                ))
                .with_hint(format!(
                    "{}; then {reconnect}",
                    hints::ask_it_for_admin_consent(profile)
                ))
            } else if matches!(
                e.error.as_str(),
                "invalid_grant" | "interaction_required" | "login_required"
            ) || codes.iter().any(|c| REAUTH_CODES.contains(c))
            {
                AppError::not_connected(format!(
                    "the sign-in of profile `{profile}` expired or was revoked ({})",
                    e.summary()
                ))
                .with_hint(reconnect)
            } else if matches!(e.error.as_str(), "temporarily_unavailable" | "server_error") {
                AppError::unavailable(format!(
                    "the identity platform is unavailable: {}",
                    e.summary()
                ))
            } else {
                AppError::unexpected(format!("refreshing the sign-in failed: {e}"))
            }
        }
        TokenError::Network(text) => AppError::unavailable(format!(
            "cannot reach the Microsoft identity platform: {text}"
        )),
        TokenError::Protocol(text) => {
            AppError::unexpected(format!("refreshing the sign-in failed: {text}"))
        }
        e @ TokenError::Unreadable(..) => {
            AppError::unexpected(format!("refreshing the sign-in failed: {e}"))
        }
        e @ TokenError::ServerFailure { .. } => {
            AppError::unavailable(e.to_string()).with_hint(hints::try_again_later())
        }
        TokenError::Expired => AppError::not_connected("the sign-in expired").with_hint(reconnect),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(error: &str, desc: &str, codes: &[u64]) -> MicrosoftError {
        MicrosoftError {
            error: error.into(),
            error_description: Some(desc.into()),
            error_codes: codes.to_vec(),
            ..Default::default()
        }
    }

    #[test]
    fn admin_approval_is_recognised_by_code_and_by_error() {
        assert!(needs_admin_approval(&err(
            "access_denied",
            "AADSTS90094: Admin consent is required.",
            &[]
        )));
        assert!(needs_admin_approval(&err(
            "access_denied",
            "AADSTS90095: Admin consent is required.",
            &[]
        )));
        assert!(needs_admin_approval(&err(
            "invalid_grant",
            "AADSTS65001: not consented",
            &[65001]
        )));
        assert!(needs_admin_approval(&err("consent_required", "", &[])));
        assert!(!needs_admin_approval(&err(
            "access_denied",
            "AADSTS65004: User declined to consent",
            &[]
        )));
    }

    #[test]
    fn user_consent_turned_off_and_a_risky_app_are_admin_approval_wherever_they_arrive() {
        let profile = ProfileName::parse("default").unwrap();
        let ids = "Trace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: 8478d534-5b2c-4325-8c2c-51395c342c89\r\nTimestamp: 2026-01-09 02:02:12Z";
        let cases = [
            // An error redirect: only the text carries the code.
            err(
                "access_denied",
                &format!(
                    "AADSTS90093: An administrator of Contoso has set a policy that prevents you from granting Rally UXR the permissions it's requesting.\r\n{ids}"
                ),
                &[],
            ),
            // A token answer: `error_codes` alone names it.
            err(
                "invalid_grant",
                "Administrator consent is required.",
                &[900941],
            ),
            // A device-code poll.
            err("authorization_declined", "declined", &[90093]),
        ];
        for case in cases {
            let e = sign_in_error(
                TokenError::Refused(Box::new(case.clone())),
                "1c7e3be3-dd7d-4f67-88ca-c9ea85f16092",
                "contoso.example",
                &profile,
            );
            assert_eq!(e.exit().code(), 4, "{case:?}: {e:?}");
            assert!(
                e.hint()
                    .unwrap()
                    .contains("rally-m365 admin-consent --tenant contoso.example"),
                "{e:?}"
            );
            let refresh = refresh_error(TokenError::Refused(Box::new(case.clone())), &profile);
            assert_eq!(refresh.exit().code(), 4, "{refresh:?}");
            assert!(refresh.hint().unwrap().contains("rally-m365 admin-consent"));
        }
        let risky = sign_in_error(
            TokenError::Refused(Box::new(err("invalid_grant", "x", &[900941]))),
            "x",
            "organizations",
            &profile,
        );
        assert!(risky.message().contains("risky"), "{risky:?}");
    }

    #[test]
    fn every_refusal_carries_its_correlation_and_trace_ids() {
        let profile = ProfileName::parse("default").unwrap();
        let mut refused = err("invalid_grant", "AADSTS70008: expired", &[70008]);
        refused.correlation_id = Some("aaaa0000-bb11-2222-33cc-444444dddddd".into());
        refused.trace_id = Some("0000aaaa-11bb-cccc-dd33-eeeeee333333".into());
        let e = refresh_error(TokenError::Refused(Box::new(refused.clone())), &profile);
        assert_eq!(e.exit().code(), 3);
        assert!(
            e.message().ends_with(
                "(correlation id aaaa0000-bb11-2222-33cc-444444dddddd, trace id 0000aaaa-11bb-cccc-dd33-eeeeee333333)"
            ),
            "{e:?}"
        );
        refused.error_codes = vec![53003];
        refused.error = "access_denied".into();
        let e = sign_in_error(TokenError::Refused(Box::new(refused)), "x", "t", &profile);
        assert!(e.message().contains("correlation id aaaa0000"), "{e:?}");
        assert!(e.hint().unwrap().contains("correlation id"), "{e:?}");
        let no_ids = sign_in_error(
            TokenError::Refused(Box::new(err("access_denied", "AADSTS53003: blocked", &[]))),
            "x",
            "t",
            &profile,
        );
        assert!(!no_ids.message().contains("correlation"), "{no_ids:?}");
        assert!(
            no_ids.hint().unwrap().contains("no correlation id"),
            "{no_ids:?}"
        );
    }

    #[test]
    fn admin_approval_exits_4_and_names_the_command_for_it() {
        let e = sign_in_error(
            TokenError::Refused(Box::new(err(
                "access_denied",
                "AADSTS90094: Admin consent is required.",
                &[],
            ))),
            "1c7e3be3-dd7d-4f67-88ca-c9ea85f16092",
            "contoso.example",
            &ProfileName::parse("default").unwrap(),
        );
        assert_eq!(e.exit().code(), 4);
        assert!(
            e.hint()
                .unwrap()
                .contains("rally-m365 admin-consent --tenant contoso.example")
        );
        assert!(
            e.hint()
                .unwrap()
                .contains("Consent on behalf of your organization")
        );
    }

    #[test]
    fn declined_consent_is_an_incomplete_sign_in() {
        let e = sign_in_error(
            TokenError::Refused(Box::new(err(
                "access_denied",
                "AADSTS65004: User declined to consent",
                &[],
            ))),
            "x",
            "organizations",
            &ProfileName::parse("default").unwrap(),
        );
        assert_eq!(e.exit().code(), 3);
    }

    #[test]
    fn a_dead_refresh_token_means_connect_again() {
        let e = refresh_error(
            TokenError::Refused(Box::new(err(
                "invalid_grant",
                "AADSTS70008: expired",
                &[70008],
            ))),
            &ProfileName::parse("work").unwrap(),
        );
        assert_eq!(e.exit().code(), 3);
        assert!(e.hint().unwrap().contains("--profile work connect"));
    }

    #[test]
    fn admin_consent_never_uses_common() {
        assert_eq!(admin_consent_tenant("common"), "organizations");
        assert_eq!(admin_consent_tenant("contoso.example"), "contoso.example");
    }
}

//! The permissions rally-m365 asks for (the product's own table) and how what Microsoft granted
//! compares with what is required.

use schemars::JsonSchema;
use serde::Serialize;

use crate::cloud::{self, Cloud};

pub struct Permission {
    /// The Microsoft permission (Graph delegated scope).
    pub microsoft: &'static str,
    /// What it is, in the product's words.
    pub name: &'static str,
    pub description: &'static str,
    pub reason: &'static str,
}

pub const MAIL_SEND: &str = "Mail.Send";
pub const CALENDARS_READ_WRITE: &str = "Calendars.ReadWrite";
pub const USER_READ: &str = "User.Read";
pub const OFFLINE_ACCESS: &str = "offline_access";

/// The product's permission table, plus the two a CLI needs to sign in and stay signed in.
pub const PERMISSIONS: [Permission; 4] = [
    Permission {
        microsoft: MAIL_SEND,
        name: "Email Sending",
        description: "Send messages only. No read or modify privileges on your email.",
        reason: "To send emails on your behalf to your research participants.",
    },
    Permission {
        microsoft: CALENDARS_READ_WRITE,
        name: "Calendar",
        description: "Read and modify calendars and events.",
        reason: "To detect your availability and schedule interviews with your participants.",
    },
    Permission {
        microsoft: USER_READ,
        name: "Profile",
        description: "Sign you in and read your basic profile.",
        reason: "To show who is connected and find your own calendar.",
    },
    Permission {
        microsoft: OFFLINE_ACCESS,
        name: "Stay signed in",
        description: "Keep the access you granted (a refresh token).",
        reason: "So commands and scripts work without signing in every hour.",
    },
];

/// Whether a permission is required in this mode (calendar-only asks no Mail.Send).
pub fn is_required(microsoft: &str, calendar_only: bool) -> bool {
    !(calendar_only && microsoft == MAIL_SEND)
}

/// The scopes sent to `/authorize` (and the device-code endpoint), cloud-qualified where needed.
pub fn requested_scopes(cloud: Cloud, calendar_only: bool) -> Vec<String> {
    let mut scopes: Vec<String> = ["openid", "profile", "email", OFFLINE_ACCESS]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for p in [USER_READ, CALENDARS_READ_WRITE, MAIL_SEND] {
        if is_required(p, calendar_only) {
            scopes.push(cloud.graph_scope(p));
        }
    }
    scopes
}

/// The Graph scopes to ask for when refreshing (a subset of the original request).
pub fn refresh_scopes(cloud: Cloud, granted: &[String]) -> Vec<String> {
    let mut scopes: Vec<String> = granted
        .iter()
        .filter(|s| !matches!(s.as_str(), "openid" | "profile" | "email" | OFFLINE_ACCESS))
        .map(|s| cloud.graph_scope(cloud::bare_scope(s)))
        .collect();
    scopes.push(OFFLINE_ACCESS.to_owned());
    scopes
}

/// Scopes as granted, normalised: split on spaces, Graph host stripped, each of our own
/// permissions in its documented spelling, duplicates dropped. Microsoft's `scope` answers vary:
/// plain names (`Mail.Send`, the device code flow page's example), resource-qualified ones
/// (`https://graph.microsoft.com/Mail.Send`), lower case (`mail.read` in the authorization code
/// flow page's examples), even percent-encoded (`https%3A%2F%2Fgraph.microsoft.com%2Fmail.read`,
/// the same page's token response), in any order.
pub fn normalise_granted(scope_field: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in scope_field.iter().flat_map(|s| s.split_whitespace()) {
        let decoded = if s.contains('%') {
            percent_decoded(s)
        } else {
            s.to_owned()
        };
        let bare = granted_name(&decoded);
        let name = PERMISSIONS
            .iter()
            .map(|p| p.microsoft)
            .chain(["openid", "profile", "email"])
            .find(|known| known.eq_ignore_ascii_case(bare))
            .map_or_else(|| bare.to_owned(), str::to_owned);
        if !name.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
            out.push(name);
        }
    }
    out
}

/// `https://graph.microsoft.com/Mail.Send` (any case of the scheme) → `Mail.Send`.
fn granted_name(scope: &str) -> &str {
    let qualified = scope
        .get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"));
    match scope.rfind('/') {
        Some(i) if qualified => &scope[i + 1..],
        _ => cloud::bare_scope(scope),
    }
}

fn percent_decoded(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_owned())
}

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct PermissionRow {
    /// Microsoft's name of the permission (scope).
    pub permission: &'static str,
    /// Whether the sign-in holds it.
    pub granted: bool,
    /// Whether rally-m365 needs it in this mode.
    pub required: bool,
    #[serde(skip)]
    pub name: &'static str,
    #[serde(skip)]
    pub description: &'static str,
    #[serde(skip)]
    pub reason: &'static str,
}

/// One row per permission. `offline_access` never appears in Microsoft's `scope` answer; a
/// refresh token is the sign that it was granted.
pub fn compare(
    granted: &[String],
    has_refresh_token: bool,
    calendar_only: bool,
) -> Vec<PermissionRow> {
    PERMISSIONS
        .iter()
        .map(|p| PermissionRow {
            permission: p.microsoft,
            granted: if p.microsoft == OFFLINE_ACCESS {
                has_refresh_token
            } else {
                granted.iter().any(|g| g.eq_ignore_ascii_case(p.microsoft))
            },
            required: is_required(p.microsoft, calendar_only),
            name: p.name,
            description: p.description,
            reason: p.reason,
        })
        .collect()
}

/// Required permissions that were not granted.
pub fn missing(rows: &[PermissionRow]) -> Vec<&'static str> {
    rows.iter()
        .filter(|r| r.required && !r.granted)
        .map(|r| r.permission)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_only_does_not_ask_for_mail_send() {
        let scopes = requested_scopes(Cloud::Global, true);
        assert!(!scopes.iter().any(|s| s == MAIL_SEND));
        assert!(scopes.iter().any(|s| s == CALENDARS_READ_WRITE));
        assert!(
            requested_scopes(Cloud::Global, false)
                .iter()
                .any(|s| s == MAIL_SEND)
        );
    }

    #[test]
    fn national_cloud_scopes_are_qualified_but_oidc_ones_are_not() {
        let scopes = requested_scopes(Cloud::UsGov, false);
        assert!(scopes.contains(&"https://graph.microsoft.us/Mail.Send".to_owned()));
        assert!(scopes.contains(&"offline_access".to_owned()));
    }

    #[test]
    fn granted_scopes_compare_case_insensitively_and_without_host() {
        let granted = normalise_granted(&[
            "https://graph.microsoft.com/mail.send".into(),
            "Calendars.ReadWrite User.Read openid".into(),
        ]);
        let rows = compare(&granted, true, false);
        assert!(missing(&rows).is_empty(), "{rows:?}");
    }

    #[test]
    fn every_documented_form_of_a_granted_scope_is_understood() {
        // From the authorization code flow page (percent-encoded, lower case), the device code
        // flow page (plain), and qualified in another order and case.
        let granted = normalise_granted(&[
            "https%3A%2F%2Fgraph.microsoft.com%2Fmail.send".into(),
            "HTTPS://GRAPH.MICROSOFT.COM/calendars.readwrite user.read OpenID profile".into(),
            "https://graph.microsoft.com/Calendars.ReadWrite".into(),
        ]);
        assert_eq!(
            granted,
            [
                "Mail.Send",
                "Calendars.ReadWrite",
                "User.Read",
                "openid",
                "profile"
            ]
        );
        let rows = compare(&granted, true, false);
        assert!(missing(&rows).is_empty(), "{rows:?}");
    }

    #[test]
    fn a_partial_grant_reports_what_is_missing() {
        let rows = compare(
            &["User.Read".into(), "Calendars.ReadWrite".into()],
            true,
            false,
        );
        assert_eq!(missing(&rows), vec![MAIL_SEND]);
        let rows = compare(
            &["User.Read".into(), "Calendars.ReadWrite".into()],
            true,
            true,
        );
        assert!(missing(&rows).is_empty());
    }

    #[test]
    fn no_refresh_token_means_offline_access_missing() {
        let rows = compare(
            &[
                "User.Read".into(),
                "Calendars.ReadWrite".into(),
                "Mail.Send".into(),
            ],
            false,
            false,
        );
        assert_eq!(missing(&rows), vec![OFFLINE_ACCESS]);
    }
}

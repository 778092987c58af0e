//! The `scope` parameter: OIDC scopes, Graph permissions unqualified or qualified with a Graph
//! resource, `/.default`, and the `scope` string of a token response.

use std::collections::BTreeSet;

use super::super::state::{APP_NAME, GLOBAL_GRAPH, GRAPH_APP_ID, Grant};
use super::errors::AadError;

/// Delegated permissions configured on the app registration (what `/.default` means).
pub(in super::super) const APP_PERMISSIONS: [&str; 3] =
    ["User.Read", "Calendars.ReadWrite", "Mail.Send"];

/// Graph delegated permissions the sandbox knows, in Microsoft's spelling.
const KNOWN_GRAPH_SCOPES: &[&str] = &[
    "User.Read",
    "User.ReadWrite",
    "User.ReadBasic.All",
    "User.Read.All",
    "Calendars.Read",
    "Calendars.ReadWrite",
    "Calendars.Read.Shared",
    "Calendars.ReadWrite.Shared",
    "Mail.Send",
    "Mail.Read",
    "Mail.ReadWrite",
    "MailboxSettings.Read",
    "MailboxSettings.ReadWrite",
    "People.Read",
    "Contacts.Read",
    "OnlineMeetings.ReadWrite",
];

fn invalid_scope(scope: &str) -> AadError {
    AadError::new(
        "invalid_scope",
        70011,
        format!(
            "The provided value for the input parameter 'scope' isn't valid. The scope '{scope}' isn't valid."
        ),
    )
}

/// The canonical spelling of a known Graph permission (case-insensitive match).
pub(in super::super) fn canonical(name: &str) -> Option<&'static str> {
    KNOWN_GRAPH_SCOPES
        .iter()
        .copied()
        .find(|k| k.eq_ignore_ascii_case(name))
}

/// Parses a space-separated scope list. Unqualified Graph scopes mean `https://graph.microsoft.com`
/// (E-SC); qualified ones must name that host or `graph_resource`; one resource per request.
pub(in super::super) fn parse(raw: &str, graph_resource: &str) -> Result<Grant, AadError> {
    let mut grant = Grant::default();
    let mut audience: Option<String> = None;
    let mut dot_default = false;
    let mut named = false;
    for token in raw.split_whitespace() {
        match token.to_ascii_lowercase().as_str() {
            "openid" => grant.openid = true,
            "profile" => grant.profile = true,
            "email" => grant.email = true,
            "offline_access" => grant.offline_access = true,
            _ => {
                let (resource, name) = split_resource(token);
                let resource = match resource {
                    None => GLOBAL_GRAPH.to_string(),
                    Some(r) => {
                        let r = r.trim_end_matches('/').to_ascii_lowercase();
                        if r != GLOBAL_GRAPH && r != graph_resource {
                            return Err(invalid_scope(token));
                        }
                        r
                    }
                };
                if audience.as_ref().is_some_and(|a| *a != resource) {
                    return Err(AadError::new(
                        "invalid_scope",
                        70011,
                        format!(
                            "The provided value for the input parameter 'scope' isn't valid because it contains more than one resource: '{raw}'."
                        ),
                    ));
                }
                audience = Some(resource);
                if name == ".default" {
                    dot_default = true;
                    grant
                        .scopes
                        .extend(APP_PERMISSIONS.iter().map(|s| s.to_string()));
                } else {
                    named = true;
                    let canon = canonical(name).ok_or_else(|| {
                        AadError::new(
                            "invalid_client",
                            650053,
                            format!("The application '{APP_NAME}' asked for scope '{name}' that doesn't exist on the resource '{GRAPH_APP_ID}'. Contact the app vendor."),
                        )
                    })?;
                    grant.scopes.insert(canon.to_string());
                }
            }
        }
    }
    if dot_default && named {
        return Err(AadError::new(
            "invalid_scope",
            70011,
            format!(
                "The provided value for the input parameter 'scope' isn't valid. '.default' can't be combined with other scopes of the same resource: '{raw}'."
            ),
        ));
    }
    if raw.split_whitespace().next().is_none() {
        return Err(AadError::missing("scope"));
    }
    grant.audience = audience.unwrap_or_else(|| GLOBAL_GRAPH.to_string());
    Ok(grant)
}

/// `https://host/Name` → (Some("https://host"), "Name"); `Name` → (None, "Name").
fn split_resource(token: &str) -> (Option<&str>, &str) {
    match token.find("://") {
        Some(i) => match token[i + 3..].rfind('/') {
            Some(j) => (Some(&token[..i + 3 + j]), &token[i + 3 + j + 1..]),
            None => (Some(token), ""),
        },
        None => (None, token),
    }
}

/// The token response's `scope`: granted Graph permissions, then `profile openid email` as
/// requested; never `offline_access` (protocol.md §1.9).
pub(in super::super) fn response_scope(scopes: &BTreeSet<String>, oidc: &Grant) -> String {
    let mut parts: Vec<&str> = scopes.iter().map(String::as_str).collect();
    if oidc.profile {
        parts.push("profile");
    }
    if oidc.openid {
        parts.push("openid");
    }
    if oidc.email {
        parts.push("email");
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const G: &str = "https://graph.microsoft.com";

    #[test]
    fn unqualified_and_qualified_graph_scopes_are_the_same_permission() {
        let g = parse(
            "openid profile offline_access user.read https://graph.microsoft.com/Mail.Send HTTPS://GRAPH.MICROSOFT.COM/calendars.readwrite",
            G,
        )
        .unwrap();
        assert_eq!(g.audience, G);
        let s: Vec<&str> = g.scopes.iter().map(String::as_str).collect();
        assert_eq!(s, ["Calendars.ReadWrite", "Mail.Send", "User.Read"]);
        assert!(g.openid && g.profile && g.offline_access && !g.email);
    }

    #[test]
    fn another_resource_is_invalid_scope() {
        let err = parse("https://outlook.office.com/Mail.Send", G).unwrap_err();
        assert_eq!((err.error, err.code), ("invalid_scope", 70011));
    }

    #[test]
    fn unknown_permission_is_650053() {
        assert_eq!(parse("Foo.Bar", G).unwrap_err().code, 650053);
    }

    #[test]
    fn national_cloud_resource_sets_the_audience() {
        let us = "https://graph.microsoft.us";
        assert_eq!(
            parse("https://graph.microsoft.us/User.Read", us)
                .unwrap()
                .audience,
            us
        );
        // Unqualified still means the global Graph, whose tokens this Graph refuses.
        assert_eq!(parse("User.Read", us).unwrap().audience, G);
        assert_eq!(
            parse("User.Read https://graph.microsoft.us/Mail.Send", us)
                .unwrap_err()
                .code,
            70011
        );
    }

    #[test]
    fn dot_default_expands_and_cannot_be_mixed() {
        let g = parse("https://graph.microsoft.com/.default offline_access", G).unwrap();
        assert_eq!(g.scopes.len(), APP_PERMISSIONS.len());
        assert_eq!(parse(".default User.Read", G).unwrap_err().code, 70011);
    }

    #[test]
    fn empty_scope_is_missing() {
        assert_eq!(parse("   ", G).unwrap_err().code, 900144);
    }

    #[test]
    fn response_scope_never_has_offline_access() {
        let g = parse("openid profile email offline_access User.Read Mail.Send", G).unwrap();
        assert_eq!(
            response_scope(&g.scopes, &g),
            "Mail.Send User.Read profile openid email"
        );
    }
}

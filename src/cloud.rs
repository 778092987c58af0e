//! Microsoft clouds: where to sign in, where Graph lives, and how scopes are named there
//! (protocol.md §1.1: outside the global cloud, scopes carry the cloud's Graph host).

use std::fmt;
use std::str::FromStr;

use url::Url;

use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cloud {
    Global,
    UsGov,
    UsGovDod,
    China,
}

impl Cloud {
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::UsGov, Cloud::UsGovDod, Cloud::China];

    pub fn name(self) -> &'static str {
        match self {
            Cloud::Global => "global",
            Cloud::UsGov => "usgov",
            Cloud::UsGovDod => "usgov-dod",
            Cloud::China => "china",
        }
    }

    /// The login host of the identity platform in this cloud.
    pub fn authority_host(self) -> &'static str {
        match self {
            Cloud::Global => "https://login.microsoftonline.com",
            Cloud::UsGov | Cloud::UsGovDod => "https://login.microsoftonline.us",
            Cloud::China => "https://login.partner.microsoftonline.cn",
        }
    }

    /// The Graph root (without `/v1.0`).
    pub fn graph_root(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGov => "https://graph.microsoft.us",
            Cloud::UsGovDod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The Graph scope as sent to this cloud: bare in the global cloud, qualified elsewhere,
    /// because an unqualified scope means graph.microsoft.com and its token is refused by a
    /// national Graph ("Invalid audience").
    pub fn graph_scope(self, permission: &str) -> String {
        match self {
            Cloud::Global => permission.to_owned(),
            other => format!("{}/{}", other.graph_root(), permission),
        }
    }

    /// Where users and admins manage app consent in this cloud.
    pub fn my_apps_url(self) -> &'static str {
        match self {
            Cloud::Global => "https://myapps.microsoft.com",
            Cloud::UsGov | Cloud::UsGovDod => "https://myapps.microsoft.us",
            Cloud::China => "https://myapps.portal.azure.cn",
        }
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Cloud {
    type Err = AppError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Cloud::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                AppError::usage(format!(
                    "unknown cloud `{s}`: expected one of global, usgov, usgov-dod, china"
                ))
            })
    }
}

/// Strips a Graph host prefix from a scope as a token response may return it
/// (`https://graph.microsoft.com/Mail.Send` → `Mail.Send`).
pub fn bare_scope(scope: &str) -> &str {
    match scope.rfind('/') {
        Some(i) if scope.starts_with("https://") => &scope[i + 1..],
        _ => scope,
    }
}

/// Checks a URL override (`RALLY_M365_AUTHORITY_HOST`, `RALLY_M365_GRAPH_URL`): https anywhere,
/// plain http only for loopback hosts (the sandbox, tests), so a typo cannot send tokens in clear.
pub fn checked_base_url(name: &str, value: &str) -> Result<Url, AppError> {
    let url = Url::parse(value.trim())
        .map_err(|e| AppError::usage(format!("{name}: `{value}` is not a URL ({e})")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback_host(&url) => {}
        "http" => {
            return Err(AppError::usage(format!(
                "{name}: plain http is accepted only for loopback hosts (127.0.0.1, localhost, [::1]), not `{}`",
                url.host_str().unwrap_or("")
            )));
        }
        other => {
            return Err(AppError::usage(format!(
                "{name}: scheme `{other}` is not supported, use https"
            )));
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(AppError::usage(format!(
            "{name}: `{value}` must not have a query or fragment"
        )));
    }
    Ok(url)
}

fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Joins a base URL (possibly with a path, e.g. a sandbox mounted under a prefix) and a path.
pub fn join(base: &Url, path: &str) -> String {
    format!(
        "{}/{}",
        base.as_str().trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_clouds_qualify_scopes_with_their_graph_host() {
        assert_eq!(Cloud::Global.graph_scope("Mail.Send"), "Mail.Send");
        assert_eq!(
            Cloud::UsGov.graph_scope("Mail.Send"),
            "https://graph.microsoft.us/Mail.Send"
        );
        assert_eq!(
            Cloud::China.graph_scope("User.Read"),
            "https://microsoftgraph.chinacloudapi.cn/User.Read"
        );
    }

    #[test]
    fn http_override_is_refused_for_non_loopback_hosts() {
        assert!(checked_base_url("X", "http://127.0.0.1:8080").is_ok());
        assert!(checked_base_url("X", "http://localhost:8080").is_ok());
        assert!(checked_base_url("X", "http://[::1]:8080").is_ok());
        assert!(checked_base_url("X", "https://login.example.com").is_ok());
        assert!(checked_base_url("X", "http://login.example.com").is_err());
        assert!(checked_base_url("X", "http://10.0.0.1").is_err());
        assert!(checked_base_url("X", "ftp://127.0.0.1").is_err());
    }

    #[test]
    fn bare_scope_strips_the_graph_host() {
        assert_eq!(
            bare_scope("https://graph.microsoft.us/Mail.Send"),
            "Mail.Send"
        );
        assert_eq!(bare_scope("Mail.Send"), "Mail.Send");
    }
}

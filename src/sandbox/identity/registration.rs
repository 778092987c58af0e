//! What the directory knows: which `{tenant}` path segments name the sandbox tenant, which
//! client ids are registered, and whether a redirect URI matches the app's registration.

use url::Url;

use super::super::state::{APP_NAME, CLIENT_ID, TENANT_DOMAIN, TENANT_ID};
use super::errors::AadError;
use super::params::Params;

/// Parses a browser request and checks its client id and redirect URI: until both are known
/// good, errors stay on Microsoft's page and are never redirected (RFC 6749 §4.1.2.1).
pub(in super::super) fn parse_browser_request(raw: &str) -> Result<Params, AadError> {
    let p = Params::parse(raw)?;
    check_client(p.require("client_id")?)?;
    check_redirect_uri(p.require("redirect_uri")?)?;
    Ok(p)
}

/// Accepts `organizations`, `common`, the tenant GUID and its domain (E-ACF §1.2).
pub(in super::super) fn check_tenant(segment: &str) -> Result<(), AadError> {
    let s = segment.to_ascii_lowercase();
    if s == "organizations" || s == "common" || s == TENANT_ID || s == TENANT_DOMAIN {
        return Ok(());
    }
    if s == "consumers" {
        return Err(AadError::new(
            "invalid_request",
            9002332,
            format!(
                "Application '{CLIENT_ID}'({APP_NAME}) is configured for use by Azure Active Directory users only. Please do not use the /consumers endpoint to serve this request."
            ),
        ));
    }
    Err(AadError::new(
        "invalid_request",
        90002,
        format!(
            "Tenant '{segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant."
        ),
    ))
}

/// AADSTS700016 unless `client_id` is the registered app.
pub(in super::super) fn check_client(client_id: &str) -> Result<(), AadError> {
    if client_id.eq_ignore_ascii_case(CLIENT_ID) {
        return Ok(());
    }
    Err(AadError::new(
        "unauthorized_client",
        700016,
        format!(
            "Application with identifier '{client_id}' was not found in the directory '{TENANT_DOMAIN}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."
        ),
    ))
}

/// AADSTS50011 unless `uri` matches the registered `http://localhost`: the port is ignored
/// (RFC 8252), the path is compared case-sensitively, no path equals `/`; `127.0.0.1` and
/// `[::1]` are other URIs (not registered).
pub(in super::super) fn check_redirect_uri(uri: &str) -> Result<(), AadError> {
    let matches = Url::parse(uri).is_ok_and(|u| {
        u.scheme() == "http"
            && u.host_str() == Some("localhost")
            && u.username().is_empty()
            && u.password().is_none()
            && u.path() == "/"
            && u.query().is_none()
            && u.fragment().is_none()
    });
    if matches {
        return Ok(());
    }
    Err(AadError::new(
        "invalid_request",
        50011,
        format!(
            "The redirect URI '{uri}' specified in the request does not match the redirect URIs configured for the application '{CLIENT_ID}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this."
        ),
    ))
}

/// The redirect target as Microsoft sends it back: a URI without a path gets `/` (E-RU).
pub(in super::super) fn normalized_redirect(uri: &str) -> String {
    Url::parse(uri).map_or_else(|_| uri.to_string(), |u| u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localhost_matches_on_any_port_with_or_without_slash() {
        for ok in [
            "http://localhost",
            "http://localhost/",
            "http://localhost:53117",
            "http://localhost:53117/",
            "http://LOCALHOST:1/",
        ] {
            assert!(check_redirect_uri(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn loopback_ips_paths_and_https_are_not_registered() {
        for bad in [
            "http://127.0.0.1:5000/",
            "http://[::1]:5000/",
            "http://localhost:5000/callback",
            "https://localhost:5000/",
            "http://localhost:5000/?x=1",
            "localhost:5000",
            "http://user@localhost/",
        ] {
            assert_eq!(check_redirect_uri(bad).unwrap_err().code, 50011, "{bad}");
        }
    }

    #[test]
    fn tenants_resolve_like_microsoft() {
        assert!(check_tenant("organizations").is_ok());
        assert!(check_tenant("Contoso.Example").is_ok());
        assert!(check_tenant(TENANT_ID).is_ok());
        assert_eq!(check_tenant("consumers").unwrap_err().code, 9002332);
        assert_eq!(check_tenant("fabrikam.example").unwrap_err().code, 90002);
    }

    #[test]
    fn unknown_client_is_700016() {
        assert!(check_client(CLIENT_ID).is_ok());
        assert_eq!(check_client("nope").unwrap_err().code, 700016);
    }

    #[test]
    fn redirect_without_path_comes_back_with_slash() {
        assert_eq!(
            normalized_redirect("http://localhost:7071"),
            "http://localhost:7071/"
        );
    }
}

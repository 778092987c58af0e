//! What a tenant may be, wherever it comes from (`--tenant`, `RALLY_M365_TENANT`, the config
//! key `tenant`): a tenant id (a GUID), a domain name of the organisation (`contoso.com`,
//! `contoso.onmicrosoft.com`), or one of the identity platform's audiences `organizations`,
//! `common`, `consumers` (the tenant of the authority `https://login.microsoftonline.com/{tenant}`:
//! "Application configuration options",
//! <https://learn.microsoft.com/entra/identity-platform/msal-client-application-configuration>).
//! Anything else is refused before any request, so a typo never reaches a sign-in page.

use std::fmt;

/// A tenant segment of the authority URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tenant {
    /// Any work or school account.
    Organizations,
    /// Work, school and personal accounts (refused by admin consent).
    Common,
    /// Personal accounts only (refused by admin consent).
    Consumers,
    /// A tenant id, as given.
    Id(String),
    /// A domain name of the tenant, as given.
    Domain(String),
}

/// Why a text is not a tenant; shown after the name of its source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TenantError {
    #[error(
        "the tenant is empty: use a tenant id, a domain such as contoso.com, or `organizations`"
    )]
    Empty,
    #[error(
        "`{0}` is not a tenant: use a tenant id (a GUID), a domain such as contoso.com, or `organizations`"
    )]
    NotATenant(String),
    /// Hexadecimal digits and hyphens that do not make a GUID: a tenant id with a typo.
    #[error(
        "`{0}` is not a tenant id: a tenant id looks like 9f3c1d2e-0a4b-4c5d-8e6f-7a8b9c0d1e2f"
    )]
    BadId(String),
    /// A bare name such as `contoso`: most likely the start of `contoso.onmicrosoft.com`.
    #[error(
        "`{0}` is not a tenant: use a tenant id or a domain (did you mean {0}.onmicrosoft.com?)"
    )]
    BareName(String),
}

/// The longest domain name (RFC 1035 §2.3.4).
const MAX_DOMAIN_LEN: usize = 253;

impl Tenant {
    pub fn parse(text: &str) -> Result<Tenant, TenantError> {
        if text.is_empty() {
            return Err(TenantError::Empty);
        }
        for (word, tenant) in [
            ("organizations", Tenant::Organizations),
            ("common", Tenant::Common),
            ("consumers", Tenant::Consumers),
        ] {
            if text.eq_ignore_ascii_case(word) {
                return Ok(tenant);
            }
        }
        if is_guid(text) {
            return Ok(Tenant::Id(text.to_owned()));
        }
        if is_domain(text) {
            return Ok(Tenant::Domain(text.to_owned()));
        }
        if text.contains('-') && text.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
            return Err(TenantError::BadId(text.to_owned()));
        }
        if is_label(text) {
            return Err(TenantError::BareName(text.to_owned()));
        }
        // Shown inside backticks on one line: control characters are not echoed.
        let shown: String = text.chars().filter(|c| !c.is_control()).take(80).collect();
        Err(TenantError::NotATenant(shown))
    }

    /// Whether Microsoft accepts this tenant for admin consent: the organisation's tenant (GUID
    /// or domain) or `organizations`, never `common` or `consumers` ("Admin consent on the
    /// Microsoft identity platform",
    /// <https://learn.microsoft.com/entra/identity-platform/v2-admin-consent>).
    pub fn allows_admin_consent(&self) -> bool {
        !matches!(self, Tenant::Common | Tenant::Consumers)
    }

    pub fn as_str(&self) -> &str {
        match self {
            Tenant::Organizations => "organizations",
            Tenant::Common => "common",
            Tenant::Consumers => "consumers",
            Tenant::Id(text) | Tenant::Domain(text) => text,
        }
    }
}

impl fmt::Display for Tenant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `8-4-4-4-12` hexadecimal digits.
fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A DNS name of at least two labels whose last label is not all digits (an IP address is
/// not a tenant).
fn is_domain(text: &str) -> bool {
    let text = text.strip_suffix('.').unwrap_or(text);
    let labels: Vec<&str> = text.split('.').collect();
    text.len() <= MAX_DOMAIN_LEN
        && labels.len() >= 2
        && labels.iter().all(|l| is_label(l))
        && labels
            .last()
            .is_some_and(|tld| !tld.bytes().all(|b| b.is_ascii_digit()))
}

/// One DNS label: 1–63 letters, digits and inner hyphens.
fn is_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences_ids_and_domains_are_tenants() {
        assert_eq!(Tenant::parse("organizations"), Ok(Tenant::Organizations));
        assert_eq!(Tenant::parse("Organizations"), Ok(Tenant::Organizations));
        assert_eq!(Tenant::parse("common"), Ok(Tenant::Common));
        assert_eq!(Tenant::parse("CONSUMERS"), Ok(Tenant::Consumers));
        let id = "9f3c1d2e-0a4b-4c5d-8e6f-7a8b9c0d1e2f";
        assert_eq!(Tenant::parse(id), Ok(Tenant::Id(id.into())));
        for domain in [
            "contoso.example",
            "contoso.onmicrosoft.com",
            "Fabrikam.co.uk",
            "x-1.example",
        ] {
            assert_eq!(
                Tenant::parse(domain),
                Ok(Tenant::Domain(domain.into())),
                "{domain}"
            );
        }
        assert_eq!(
            Tenant::parse("contoso.example").unwrap().to_string(),
            "contoso.example"
        );
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "not a tenant",
            "contoso..com",
            "-contoso.com",
            "contoso-.com",
            "contoso.com/evil",
            "contoso.com?x=1",
            "10.0.0.1",
            "under_score.example",
            ".example",
        ] {
            assert!(
                matches!(Tenant::parse(bad), Err(TenantError::NotATenant(_))),
                "{bad}: {:?}",
                Tenant::parse(bad)
            );
        }
        assert_eq!(Tenant::parse(""), Err(TenantError::Empty));
        for typo in [
            "9f3c1d2e-0a4b-4c5d-8e6f-7a8b9c0d1e2",
            "9f3c1d2e0a4b-4c5d-8e6f-7a8b9c0d1e2f",
        ] {
            assert_eq!(Tenant::parse(typo), Err(TenantError::BadId(typo.into())));
        }
        // Not hexadecimal: no GUID was meant; no domain either.
        assert!(matches!(
            Tenant::parse("zz3c1d2e-0a4b-4c5d-8e6f-7a8b9c0d1e2f"),
            Err(TenantError::BareName(_))
        ));
        let long = format!("{}.example", "a.".repeat(130));
        assert!(Tenant::parse(&long).is_err());
    }

    #[test]
    fn a_bare_name_suggests_the_onmicrosoft_domain() {
        let e = Tenant::parse("contoso").unwrap_err();
        assert_eq!(e, TenantError::BareName("contoso".into()));
        assert!(e.to_string().contains("contoso.onmicrosoft.com"), "{e}");
    }

    #[test]
    fn control_characters_are_not_echoed() {
        let e = Tenant::parse("evil\u{1b}[2J.com").unwrap_err();
        assert!(!e.to_string().chars().any(char::is_control), "{e:?}");
    }

    #[test]
    fn admin_consent_takes_an_organisation_only() {
        assert!(
            Tenant::parse("organizations")
                .unwrap()
                .allows_admin_consent()
        );
        assert!(
            Tenant::parse("contoso.example")
                .unwrap()
                .allows_admin_consent()
        );
        assert!(!Tenant::parse("common").unwrap().allows_admin_consent());
        assert!(!Tenant::parse("consumers").unwrap().allows_admin_consent());
    }

    #[test]
    fn no_message_has_a_doubled_full_stop() {
        for bad in ["", "x y", "contoso"] {
            let e = Tenant::parse(bad).unwrap_err().to_string();
            assert!(!e.contains(".."), "{e}");
        }
    }
}

//! What `status` and `connect` print: the signed-in account and its permissions, or that the
//! profile is not connected. Two shapes, two types; the JSON of each is the contract
//! ("status --json" in the design notes): fields in this order, `name`, `tenant_id` and
//! `expires_at` as `null` when unknown.

use chrono::{DateTime, SecondsFormat, Utc};
use schemars::JsonSchema;
use serde::Serialize;

use crate::auth::permissions::{self, PermissionRow};
use crate::output::{Block, Const, Render, TableStyle, json};
use crate::store::keychain::SecretStore;
use crate::store::tokens::{Account, SignInMethod, StoredGrant};

/// A profile with no usable sign-in.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NotConnected {
    pub connected: Const<false>,
    pub profile: String,
    /// Why: nothing stored, or a sign-in Microsoft no longer accepts.
    pub reason: String,
    /// Whose the stored sign-in was, when one is stored but no longer usable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountView>,
}

impl NotConnected {
    pub fn new(profile: &str, reason: impl Into<String>) -> NotConnected {
        NotConnected {
            connected: Const,
            profile: profile.to_owned(),
            reason: reason.into(),
            account: None,
        }
    }

    /// The account of a stored sign-in that is no longer usable.
    pub fn with_account(mut self, grant: Option<&StoredGrant>) -> NotConnected {
        self.account = grant.map(|g| AccountView::of(&g.account));
        self
    }
}

/// A signed-in profile (`status`, and `connect` once the sign-in is stored).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Connected {
    pub connected: Const<true>,
    pub profile: String,
    pub account: AccountView,
    pub cloud: String,
    /// `keychain`, `file` or `memory`.
    pub token_store: &'static str,
    /// Where exactly, for people: "Secret Service keychain (service "rally-m365")".
    #[serde(skip)]
    pub token_store_place: String,
    pub scopes_granted: Vec<String>,
    pub permissions: Vec<PermissionRow>,
    pub calendar_only: bool,
    /// When the cached access token expires; `null` when none is cached.
    #[serde(serialize_with = "json::utc_or_null")]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "json::utc")]
    pub refreshed_at: DateTime<Utc>,
    /// The application (client) id the sign-in was made with.
    pub client_id: String,
    /// `browser` or `device_code`; `null` for a sign-in stored before this was kept.
    pub sign_in: Option<SignInMethod>,
    /// When the user signed in (`connect`).
    #[serde(serialize_with = "json::utc")]
    pub connected_at: DateTime<Utc>,
    /// The token file, when the sign-in lives in the file store.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_file: Option<String>,
    /// `true` when `status --check` verified the sign-in with Microsoft just now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
    /// When this report was made: the reference of "expires in 52 minutes".
    #[serde(skip)]
    pub now: DateTime<Utc>,
    /// The endpoints the sign-in was made against, when they are not its cloud's own (the
    /// sandbox, a proxy): its tokens go there and nowhere else.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<EndpointsView>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct EndpointsView {
    pub authority_host: String,
    pub graph_url: String,
}

impl EndpointsView {
    /// `Some` when the grant's endpoints differ from its cloud's defaults.
    fn of(grant: &StoredGrant) -> Option<EndpointsView> {
        let trim = |u: &str| u.trim_end_matches('/').to_ascii_lowercase();
        let defaults = grant
            .cloud
            .parse::<crate::cloud::Cloud>()
            .ok()
            .map(|cloud| (trim(cloud.authority_host()), trim(cloud.graph_root())));
        let ours = (trim(&grant.authority_host), trim(&grant.graph_url));
        (defaults.as_ref() != Some(&ours)).then(|| EndpointsView {
            authority_host: grant.authority_host.trim_end_matches('/').to_owned(),
            graph_url: grant.graph_url.trim_end_matches('/').to_owned(),
        })
    }
}

/// Who signed in, as shown (the keychain keeps its own form).
#[derive(Debug, Serialize, JsonSchema)]
pub struct AccountView {
    pub username: String,
    pub name: Option<String>,
    pub email: String,
    pub tenant_id: Option<String>,
    /// A verified domain of the tenant: the sign-in name's (Entra ID accepts a user principal
    /// name only in a verified domain of the tenant, its initial onmicrosoft.com one included).
    pub tenant_domain: Option<String>,
}

impl AccountView {
    pub fn of(account: &Account) -> AccountView {
        AccountView {
            username: account.username.clone(),
            name: account.name.clone(),
            email: account.email.clone(),
            tenant_id: account.tenant_id.clone(),
            tenant_domain: tenant_domain(&account.username),
        }
    }

    /// "contoso.example (9f3c1d2e-...)", whichever of the two is known.
    pub fn tenant_text(&self) -> String {
        match (&self.tenant_domain, &self.tenant_id) {
            (Some(domain), Some(id)) => format!("{domain} ({id})"),
            (Some(domain), None) => domain.clone(),
            (None, Some(id)) => id.clone(),
            (None, None) => "unknown".to_owned(),
        }
    }
}

/// The domain of a user principal name (`ada@contoso.example` → `contoso.example`).
pub fn tenant_domain(username: &str) -> Option<String> {
    let (_, domain) = username.rsplit_once('@')?;
    let ok = !domain.is_empty()
        && domain.contains('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'));
    ok.then(|| domain.to_ascii_lowercase())
}

/// "in 52 minutes", "in 1 hour 5 minutes", "in less than a minute", "2 minutes ago".
pub fn relative(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = at.signed_duration_since(now).num_seconds();
    let minutes = seconds.unsigned_abs() / 60;
    if minutes == 0 {
        return if seconds >= 0 {
            "in less than a minute".to_owned()
        } else {
            "less than a minute ago".to_owned()
        };
    }
    let span = span_text(minutes);
    if seconds >= 0 {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}

fn span_text(minutes: u64) -> String {
    let unit = |n: u64, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    let (days, hours, mins) = (minutes / (24 * 60), minutes / 60 % 24, minutes % 60);
    if days > 0 {
        // Past a day, the hours are precision enough.
        return if hours == 0 {
            unit(days, "day")
        } else {
            format!("{} {}", unit(days, "day"), unit(hours, "hour"))
        };
    }
    match (hours, mins) {
        (0, m) => unit(m, "minute"),
        (h, 0) => unit(h, "hour"),
        (h, m) => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
    }
}

impl Connected {
    pub fn new(
        profile: &str,
        grant: &StoredGrant,
        store: &SecretStore,
        expires_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Connected {
        Connected {
            connected: Const,
            profile: profile.to_owned(),
            account: AccountView::of(&grant.account),
            cloud: grant.cloud.clone(),
            token_store: store.kind_name(),
            token_store_place: store.describe(),
            scopes_granted: grant.scopes_granted.clone(),
            // A stored grant holds a refresh token: offline_access was granted.
            permissions: permissions::compare(&grant.scopes_granted, true, grant.calendar_only),
            calendar_only: grant.calendar_only,
            expires_at,
            refreshed_at: grant.refreshed_at,
            client_id: grant.client_id.clone(),
            sign_in: grant.sign_in,
            connected_at: grant.connected_at,
            token_file: store
                .entry_file(profile)
                .map(|path| path.display().to_string()),
            checked: None,
            now,
            endpoints: EndpointsView::of(grant),
        }
    }

    /// The required permissions that were not granted.
    pub fn missing(&self) -> Vec<&'static str> {
        permissions::missing(&self.permissions)
    }

    fn about_table(&self, style: TableStyle) -> comfy_table::Table {
        let mut about = style.table(&[]);
        let account = &self.account;
        let name = match &account.name {
            Some(n) => format!("{n} <{}>", account.username),
            None => account.username.clone(),
        };
        let expires = match self.expires_at {
            Some(at) => format!("{} ({})", rfc3339(at), relative(at, self.now)),
            None => "no cached token".into(),
        };
        let sign_in = match self.sign_in {
            Some(method) => format!("{}, {}", method.spoken(), rfc3339(self.connected_at)),
            None => "unknown".to_owned(),
        };
        let store = match &self.token_file {
            Some(file) => format!("file {file} (mode 0600)"),
            None => self.token_store_place.clone(),
        };
        let refreshed = rfc3339(self.refreshed_at);
        let mode = if self.calendar_only {
            "calendar only"
        } else {
            "calendar and mail"
        };
        about.add_row(vec!["Profile", &self.profile]);
        about.add_row(vec!["Account", &name]);
        about.add_row(vec!["Tenant", &account.tenant_text()]);
        about.add_row(vec!["App (client) id", &self.client_id]);
        about.add_row(vec!["Signed in with", &sign_in]);
        about.add_row(vec!["Cloud", &self.cloud]);
        if let Some(endpoints) = &self.endpoints {
            about.add_row(vec!["Sign-in endpoint", &endpoints.authority_host]);
            about.add_row(vec!["Graph endpoint", &endpoints.graph_url]);
        }
        about.add_row(vec!["Token store", &store]);
        if self.checked == Some(true) {
            about.add_row(vec![
                "Checked online",
                "yes: Microsoft accepted the sign-in just now",
            ]);
        }
        about.add_row(vec!["Access token expires", &expires]);
        about.add_row(vec!["Last refreshed", &refreshed]);
        about.add_row(vec!["Mode", mode]);
        about
    }

    fn permission_table(&self, style: TableStyle) -> comfy_table::Table {
        let mut table = style.table(&[
            "Permission",
            "Description",
            "Why it is needed",
            "Microsoft permission",
            "Required",
            "Granted",
        ]);
        for row in self.permissions.iter().filter(|r| r.required || r.granted) {
            table.add_row(vec![
                row.name,
                row.description,
                row.reason,
                row.permission,
                if row.required { "yes" } else { "no" },
                if row.granted { "yes" } else { "NO" },
            ]);
        }
        table
    }
}

fn rfc3339(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Render for Connected {
    fn table(&self, style: TableStyle) -> Vec<Block> {
        vec![
            self.about_table(style).into(),
            // On a narrow terminal the explanations go first ("why", then "what"): the
            // permission, Microsoft's name for it and whether it was granted always show.
            Block::dropping(self.permission_table(style), &[2, 1]),
        ]
    }
}

impl Render for NotConnected {
    /// The reason and the fix go to stderr with the error.
    fn table(&self, _: TableStyle) -> Vec<Block> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{OutputFormat, Printer};
    use crate::redact::Secret;
    use crate::store::tokens::Account;
    use serde_json::json;

    fn grant(name: Option<&str>, tenant_id: Option<&str>, granted: &[&str]) -> StoredGrant {
        let at: DateTime<Utc> = "2026-12-06T12:42:10Z".parse().unwrap();
        StoredGrant {
            refresh_token: Secret::new("rt-never-shown"),
            client_id: "1c7e3be3-dd7d-4f67-88ca-c9ea85f16092".into(),
            tenant: "9f3c1d2e-0a4b-4c5d-8e6f-7a8b9c0d1e2f".into(),
            cloud: "global".into(),
            authority_host: "https://login.microsoftonline.com".into(),
            graph_url: "https://graph.microsoft.com".into(),
            account: Account {
                username: "adele.vance@contoso.example".into(),
                name: name.map(str::to_owned),
                email: "adele@contoso.example".into(),
                tenant_id: tenant_id.map(str::to_owned),
            },
            scopes_requested: vec![],
            scopes_granted: granted.iter().map(|s| s.to_string()).collect(),
            calendar_only: false,
            connected_at: at,
            refreshed_at: at,
            sign_in: None,
        }
    }

    const ALL: [&str; 4] = ["Calendars.ReadWrite", "Mail.Send", "User.Read", "openid"];

    fn connected(grant: &StoredGrant, expires_at: Option<&str>) -> Connected {
        Connected::new(
            "default",
            grant,
            &SecretStore::memory(),
            expires_at.map(|t| t.parse().unwrap()),
            "2026-12-06T12:50:00Z".parse().unwrap(),
        )
    }

    fn render(format: OutputFormat, report: &impl Render) -> String {
        Printer::new(format, TableStyle::Plain)
            .render(report)
            .unwrap()
    }

    #[test]
    fn connected_json_is_the_contract_in_its_order() {
        let report = connected(
            &grant(Some("Adele Vance"), Some("9f3c1d2e"), &ALL),
            Some("2026-12-06T13:42:09.5Z"),
        );
        let value = serde_json::to_value(&report).unwrap();
        assert_eq!(
            value,
            json!({
                "connected": true,
                "profile": "default",
                "account": {
                    "username": "adele.vance@contoso.example",
                    "name": "Adele Vance",
                    "email": "adele@contoso.example",
                    "tenant_id": "9f3c1d2e",
                    "tenant_domain": "contoso.example",
                },
                "cloud": "global",
                "token_store": "memory",
                "scopes_granted": ["Calendars.ReadWrite", "Mail.Send", "User.Read", "openid"],
                "permissions": [
                    {"permission": "Mail.Send", "granted": true, "required": true},
                    {"permission": "Calendars.ReadWrite", "granted": true, "required": true},
                    {"permission": "User.Read", "granted": true, "required": true},
                    {"permission": "offline_access", "granted": true, "required": true},
                ],
                "calendar_only": false,
                "expires_at": "2026-12-06T13:42:09Z",
                "refreshed_at": "2026-12-06T12:42:10Z",
                "client_id": "1c7e3be3-dd7d-4f67-88ca-c9ea85f16092",
                "sign_in": null,
                "connected_at": "2026-12-06T12:42:10Z",
            })
        );
        // serde_json's Value sorts keys; the order scripts see is the text's.
        let report = connected(&grant(None, None, &ALL), None);
        let text = render(OutputFormat::Json, &report);
        let keys: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("  \""))
            .map(|l| l.trim().split('"').nth(1).unwrap())
            .collect();
        assert_eq!(
            keys,
            [
                "connected",
                "profile",
                "account",
                "cloud",
                "token_store",
                "scopes_granted",
                "permissions",
                "calendar_only",
                "expires_at",
                "refreshed_at",
                "client_id",
                "sign_in",
                "connected_at"
            ]
        );
    }

    #[test]
    fn unknown_name_tenant_and_expiry_are_null_not_absent() {
        let report = connected(&grant(None, None, &ALL), None);
        let value = serde_json::to_value(&report).unwrap();
        assert_eq!(value["account"]["name"], json!(null));
        assert_eq!(value["account"]["tenant_id"], json!(null));
        assert_eq!(value["expires_at"], json!(null));
        assert!(value.as_object().unwrap().contains_key("expires_at"));
    }

    #[test]
    fn not_connected_json_is_connected_false_profile_and_reason_only() {
        let report = NotConnected::new("work", "profile `work` is not connected");
        assert_eq!(
            serde_json::to_value(&report).unwrap(),
            json!({"connected": false, "profile": "work", "reason": "profile `work` is not connected"})
        );
        assert_eq!(render(OutputFormat::Table, &report), "");
    }

    #[test]
    fn the_table_names_account_store_expiry_and_each_permission() {
        let report = connected(&grant(Some("Adele Vance"), None, &["User.Read"]), None);
        let text = render(OutputFormat::Table, &report);
        for expected in [
            "| Account              | Adele Vance <adele.vance@contoso.example> |",
            "| Tenant               | contoso.example ",
            "| App (client) id      | 1c7e3be3-dd7d-4f67-88ca-c9ea85f16092 ",
            "| Signed in with       | unknown ",
            "| Token store          | memory (this process only) ",
            "| Access token expires | no cached token ",
            "| Last refreshed       | 2026-12-06T12:42:10Z ",
            "| Mode                 | calendar and mail ",
            "| Calendars.ReadWrite  | yes      | NO      |",
            "| User.Read            | yes      | yes     |",
        ] {
            assert!(text.contains(expected), "no {expected:?} in:\n{text}");
        }
        assert!(!text.contains("rt-never-shown"));
    }

    #[test]
    fn the_table_shows_the_tenant_domain_and_id_the_sign_in_and_the_expiry_in_words() {
        let mut g = grant(Some("Adele Vance"), Some("9f3c1d2e"), &ALL);
        g.sign_in = Some(SignInMethod::DeviceCode);
        let report = connected(&g, Some("2026-12-06T13:42:09Z"));
        let text = render(OutputFormat::Table, &report);
        for expected in [
            "| Tenant               | contoso.example (9f3c1d2e) ",
            "| Signed in with       | device code, 2026-12-06T12:42:10Z ",
            "| Access token expires | 2026-12-06T13:42:09Z (in 52 minutes) ",
        ] {
            assert!(text.contains(expected), "no {expected:?} in:\n{text}");
        }
        assert_eq!(
            serde_json::to_value(&report).unwrap()["sign_in"],
            "device_code"
        );
    }

    #[test]
    fn relative_times_agree_in_number() {
        let now: DateTime<Utc> = "2026-12-06T12:00:00Z".parse().unwrap();
        let at = |s: i64| now + chrono::TimeDelta::seconds(s);
        assert_eq!(relative(at(52 * 60 + 30), now), "in 52 minutes");
        assert_eq!(relative(at(60), now), "in 1 minute");
        assert_eq!(relative(at(59), now), "in less than a minute");
        assert_eq!(relative(at(3600), now), "in 1 hour");
        assert_eq!(relative(at(3660), now), "in 1 hour 1 minute");
        assert_eq!(relative(at(2 * 3600 + 120), now), "in 2 hours 2 minutes");
        assert_eq!(relative(at(-180), now), "3 minutes ago");
        assert_eq!(relative(at(-30), now), "less than a minute ago");
        assert_eq!(relative(at(86_400 + 3600), now), "in 1 day 1 hour");
        assert_eq!(relative(at(-2 * 86_400), now), "2 days ago");
        // The ends of chrono's range do not panic.
        let _ = relative(DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::MIN_UTC);
    }

    #[test]
    fn the_tenant_domain_is_the_sign_in_names_when_it_is_one() {
        assert_eq!(
            tenant_domain("ada@Contoso.Example").as_deref(),
            Some("contoso.example")
        );
        assert_eq!(
            tenant_domain("ada_gmail.com#EXT#@contoso.onmicrosoft.com").as_deref(),
            Some("contoso.onmicrosoft.com")
        );
        assert_eq!(tenant_domain("ada"), None);
        assert_eq!(tenant_domain("ada@"), None);
        assert_eq!(tenant_domain("ada@local host"), None);
    }

    #[test]
    fn missing_lists_the_required_permissions_not_granted() {
        let report = connected(&grant(None, None, &["User.Read", "Mail.Send"]), None);
        assert_eq!(report.missing(), ["Calendars.ReadWrite"]);
        let report = connected(&grant(None, None, &ALL), None);
        assert!(report.missing().is_empty());
    }

    #[test]
    fn status_has_no_csv_form() {
        let report = connected(&grant(None, None, &ALL), None);
        assert!(
            Printer::new(OutputFormat::Csv, TableStyle::Plain)
                .render(&report)
                .is_err()
        );
    }

    #[test]
    fn endpoints_are_shown_only_when_not_the_clouds_own() {
        let mut g = grant(None, None, &ALL);
        g.authority_host = "https://login.microsoftonline.com/".into();
        g.graph_url = "https://graph.microsoft.com".into();
        let value = serde_json::to_value(connected(&g, None)).unwrap();
        assert!(value.get("endpoints").is_none(), "{value}");
        g.authority_host = "http://127.0.0.1:4000/".into();
        let report = connected(&g, None);
        let value = serde_json::to_value(&report).unwrap();
        assert_eq!(
            value["endpoints"],
            json!({"authority_host": "http://127.0.0.1:4000", "graph_url": "https://graph.microsoft.com"})
        );
        assert!(render(OutputFormat::Table, &report).contains("| Sign-in endpoint "));
    }
}

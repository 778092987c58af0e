//! Settings of one run: the profile's config-file section, overridden by the environment,
//! overridden by flags. Every environment variable of the contract is also a config key.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use url::Url;

use crate::cloud::{self, Cloud};
use crate::error::AppError;
use crate::store::TokenStoreKind;
use crate::store::paths;

/// The Rally UXR app registration (the product's own app id, from its help article).
pub const DEFAULT_CLIENT_ID: &str = "1c7e3be3-dd7d-4f67-88ca-c9ea85f16092";
pub const DEFAULT_TENANT: &str = "organizations";

/// A validated profile name: it names a keychain entry and files, so it stays short and plain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileName(String);

impl ProfileName {
    pub fn parse(name: &str) -> Result<Self, AppError> {
        let ok = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !name.starts_with('.');
        if ok {
            Ok(ProfileName(name.to_owned()))
        } else {
            Err(AppError::usage(format!(
                "--profile: `{name}` is not a valid profile name (letters, digits, `-`, `_`, `.`; at most 64)"
            )))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProfileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The config file: `[profiles.NAME]` sections.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    profiles: BTreeMap<String, ProfileSection>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileSection {
    pub client_id: Option<String>,
    pub tenant: Option<String>,
    pub cloud: Option<String>,
    pub authority_host: Option<String>,
    pub graph_url: Option<String>,
    pub token_store: Option<String>,
    #[serde(default)]
    pub slots: SlotDefaults,
    /// Where these values were read (filled in after parsing).
    #[serde(skip)]
    pub origin: ConfigOrigin,
    #[serde(default)]
    pub mail: MailDefaults,
}

/// `[profiles.NAME.mail]`: defaults for `invite` and `send`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailDefaults {
    /// Where these values were read, so an error about one names its file, line and key.
    #[serde(skip)]
    pub origin: ConfigOrigin,
    /// `--rate`, as typed (`30/min`).
    pub rate: Option<String>,
    /// `--concurrency`.
    pub concurrency: Option<usize>,
}

/// `[profiles.NAME.slots]`: defaults for `slots` flags, as the user would type them.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotDefaults {
    /// Where these values were read, so an error about one names its file, line and key.
    #[serde(skip)]
    pub origin: ConfigOrigin,
    pub duration: Option<String>,
    pub step: Option<String>,
    pub buffer: Option<String>,
    pub notice: Option<String>,
    pub tz: Option<String>,
    pub max_per_day: Option<usize>,
    pub tentative_free: Option<bool>,
    pub hours: Option<String>,
    pub days_of_week: Option<String>,
}

/// Where a profile's config values were read: the file and the line of each key, so an error
/// about a value names `FILE:LINE: KEY` rather than the flag it stands in for. Keys are named
/// as written under the profile's section (`tenant`, `slots.duration`, `mail.rate`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigOrigin {
    path: Option<PathBuf>,
    lines: BTreeMap<String, usize>,
}

impl ConfigOrigin {
    /// `FILE:LINE: KEY`, the prefix of an error about the value of `key` read from the file.
    pub fn locate(&self, key: &str) -> String {
        match (&self.path, self.lines.get(key)) {
            (Some(path), Some(line)) => format!("{}:{line}: {key}", path.display()),
            (Some(path), None) => format!("{}: {key}", path.display()),
            (None, _) => format!("config key {key}"),
        }
    }

    /// The line of `key` in the file, when it was read from one.
    pub fn line(&self, key: &str) -> Option<usize> {
        self.lines.get(key).copied()
    }
}

/// Everything a command needs to know about where and how to connect.
#[derive(Debug, Clone)]
pub struct Settings {
    pub profile: ProfileName,
    pub client_id: String,
    pub tenant: String,
    pub cloud: Cloud,
    pub authority_host: Url,
    pub graph_url: Url,
    pub token_store: TokenStoreKind,
    /// Whether the store was chosen on purpose (`--token-store` or the config key); if not, the
    /// profile's own record of where its sign-in lives decides (see `store::profile_record`).
    pub token_store_explicit: bool,
    pub slots: SlotDefaults,
    pub mail: MailDefaults,
    pub config_path: Option<PathBuf>,
    /// The file and line of each key of the profile's section.
    pub origin: ConfigOrigin,
    /// Which of the endpoints above were set on purpose (environment or config file) rather
    /// than taken from the cloud's defaults. A stored sign-in is used with its own endpoints;
    /// an explicit setting that names others is refused, never followed.
    pub explicit: ExplicitEndpoints,
}

/// Which endpoint settings were given explicitly, and where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExplicitEndpoints {
    pub cloud: bool,
    pub authority_host: bool,
    pub graph_url: bool,
}

/// A source of environment variables (the process environment, or a map in tests).
pub trait Env {
    fn var(&self, name: &str) -> Option<String>;
}

pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.trim().is_empty())
    }
}

impl Env for BTreeMap<&str, &str> {
    fn var(&self, name: &str) -> Option<String> {
        self.get(name).map(|v| v.to_string())
    }
}

/// Overrides given on the command line.
#[derive(Debug, Default, Clone)]
pub struct FlagOverrides {
    pub tenant: Option<String>,
    pub token_store: Option<TokenStoreKind>,
}

impl Settings {
    /// Settings of `profile` from the config file (if any), the environment and flags.
    pub fn load(profile: &str, flags: &FlagOverrides) -> Result<Settings, AppError> {
        let path = paths::config_file()?;
        let section = read_profile_section(&path, profile)?;
        let config_path = path.exists().then_some(path);
        Self::resolve(profile, section, &ProcessEnv, flags, config_path)
    }

    /// Precedence: flag > environment > config file > default.
    pub fn resolve(
        profile: &str,
        section: ProfileSection,
        env: &dyn Env,
        flags: &FlagOverrides,
        config_path: Option<PathBuf>,
    ) -> Result<Settings, AppError> {
        let profile = ProfileName::parse(profile)?;
        let origin = &section.origin;
        // The value and what to call it in an error: the variable, or the file, line and key.
        let pick = |env_name: &str, key: &str, from_file: &Option<String>| {
            env.var(env_name)
                .map(|v| (v, env_name.to_owned()))
                .or_else(|| from_file.clone().map(|v| (v, origin.locate(key))))
        };

        let mut explicit = ExplicitEndpoints::default();
        let cloud: Cloud = match pick("RALLY_M365_CLOUD", "cloud", &section.cloud) {
            Some((c, label)) => {
                explicit.cloud = true;
                c.parse().map_err(|e: AppError| {
                    let message = format!("{label}: {e}");
                    e.with_message(message)
                })?
            }
            None => Cloud::Global,
        };
        let (client_id, client_id_label) =
            pick("RALLY_M365_CLIENT_ID", "client_id", &section.client_id).unwrap_or_else(|| {
                (
                    DEFAULT_CLIENT_ID.to_owned(),
                    "RALLY_M365_CLIENT_ID".to_owned(),
                )
            });
        validate_client_id(&client_id_label, &client_id)?;
        let (tenant, tenant_label) = flags
            .tenant
            .clone()
            .map(|t| (t, "--tenant".to_owned()))
            .or_else(|| pick("RALLY_M365_TENANT", "tenant", &section.tenant))
            .unwrap_or_else(|| (DEFAULT_TENANT.to_owned(), "tenant".to_owned()));
        validate_tenant(&tenant_label, &tenant)?;
        let authority_host = match pick(
            "RALLY_M365_AUTHORITY_HOST",
            "authority_host",
            &section.authority_host,
        ) {
            Some((v, label)) => {
                explicit.authority_host = true;
                cloud::checked_base_url(&label, &v)?
            }
            None => Url::parse(cloud.authority_host()).expect("static URL"),
        };
        let graph_url = match pick("RALLY_M365_GRAPH_URL", "graph_url", &section.graph_url) {
            Some((v, label)) => {
                explicit.graph_url = true;
                cloud::checked_base_url(&label, &v)?
            }
            None => Url::parse(cloud.graph_root()).expect("static URL"),
        };
        let (token_store, token_store_explicit) = match (flags.token_store, &section.token_store) {
            (Some(kind), _) => (kind, true),
            (None, Some(name)) => (
                parse_token_store(&origin.locate("token_store"), name)?,
                true,
            ),
            (None, None) => (TokenStoreKind::Keychain, false),
        };
        Ok(Settings {
            profile,
            client_id,
            tenant,
            cloud,
            authority_host,
            graph_url,
            token_store,
            token_store_explicit,
            origin: section.origin.clone(),
            slots: section.slots,
            mail: section.mail,
            config_path,
            explicit,
        })
    }
}

/// The names of the profiles that have a section in the config file, in order of name. A file
/// that cannot be read or parsed has none here (commands that use it report why).
pub fn profiles_in_config() -> Vec<String> {
    let Ok(path) = paths::config_file() else {
        return Vec::new();
    };
    let Ok(Some(text)) = read_config_text(&path) else {
        return Vec::new();
    };
    let Ok(document) = toml::de::DeTable::parse(&text) else {
        return Vec::new();
    };
    let Some(profiles) = document
        .get_ref()
        .get("profiles")
        .and_then(|p| p.get_ref().as_table())
    else {
        return Vec::new();
    };
    let mut names: Vec<String> = profiles
        .iter()
        .map(|(name, _)| {
            let name: &str = name.get_ref();
            name.to_owned()
        })
        .collect();
    names.sort();
    names
}

fn read_profile_section(path: &Path, profile: &str) -> Result<ProfileSection, AppError> {
    let Some(text) = read_config_text(path)? else {
        return Ok(ProfileSection::default());
    };
    // First the document with its spans: a syntax error gets its line and column, and every key
    // its line. Then the typed form, whose errors (a wrong type, an unknown key) are placed by
    // their span, and named by the key whose entry holds it.
    let document = toml::de::DeTable::parse(&text).map_err(|e| {
        AppError::usage(format!(
            "{}: {}",
            place(path, &text, e.span()),
            e.message().trim()
        ))
    })?;
    let mut file: ConfigFile = toml::from_str(&text).map_err(|e| {
        let key = e
            .span()
            .and_then(|span| key_at(document.get_ref(), span.start, &mut Vec::new()));
        let message = e.message().trim();
        match key {
            Some(key) => AppError::usage(format!(
                "{}:{}: {}: {message}",
                path.display(),
                e.span().map_or(1, |s| line_col(&text, s.start).0),
                relative_key(&key, profile),
            )),
            None => AppError::usage(format!("{}: {message}", place(path, &text, e.span()))),
        }
    })?;
    let mut section = file.profiles.remove(profile).unwrap_or_default();
    let mut lines = BTreeMap::new();
    if let Some(table) = profile_table(document.get_ref(), profile) {
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            lines.insert(name.to_owned(), line_col(&text, key.span().start).0);
            if let Some(inner) = value.get_ref().as_table() {
                for (key, _) in inner.iter() {
                    let inner_name: &str = key.get_ref();
                    lines.insert(
                        format!("{name}.{inner_name}"),
                        line_col(&text, key.span().start).0,
                    );
                }
            }
        }
    }
    let origin = ConfigOrigin {
        path: Some(path.to_owned()),
        lines,
    };
    section.slots.origin = origin.clone();
    section.mail.origin = origin.clone();
    section.origin = origin;
    Ok(section)
}

/// `[profiles.NAME]` of the document.
fn profile_table<'a, 'i>(
    root: &'a toml::de::DeTable<'i>,
    profile: &str,
) -> Option<&'a toml::de::DeTable<'i>> {
    root.get("profiles")?
        .get_ref()
        .as_table()?
        .get(profile)?
        .get_ref()
        .as_table()
}

/// The dotted path of the innermost key whose entry (key to end of value) holds `at`.
fn key_at(table: &toml::de::DeTable<'_>, at: usize, path: &mut Vec<String>) -> Option<String> {
    for (key, value) in table.iter() {
        let (start, end) = (
            key.span().start.min(value.span().start),
            value.span().end.max(key.span().end),
        );
        let inside = (start..end.max(start + 1)).contains(&at);
        // A table's own span may not cover its keys (`[a.b]` headers): look inside either way.
        let name: &str = key.get_ref();
        path.push(name.to_owned());
        if let Some(inner) = value.get_ref().as_table()
            && let Some(found) = key_at(inner, at, path)
        {
            return Some(found);
        }
        if inside && !value.get_ref().is_table() {
            return Some(path.join("."));
        }
        path.pop();
    }
    None
}

/// A key of the profile's own section as the user writes it there (`slots.duration`); any
/// other key in full.
fn relative_key(key: &str, profile: &str) -> String {
    key.strip_prefix("profiles.")
        .and_then(|rest| rest.strip_prefix(profile))
        .and_then(|rest| rest.strip_prefix('.'))
        .unwrap_or(key)
        .to_owned()
}

/// `FILE:LINE:COLUMN` of a byte offset (`FILE` alone without one).
fn place(path: &Path, text: &str, span: Option<std::ops::Range<usize>>) -> String {
    match span {
        Some(span) => {
            let (line, column) = line_col(text, span.start);
            format!("{}:{line}:{column}", path.display())
        }
        None => path.display().to_string(),
    }
}

/// 1-based line and column (in characters) of a byte offset; past the end counts as the end.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// A config file is a few hundred bytes; the cap keeps a wrong path (`/dev/zero`, a large log)
/// from hanging the command or filling its memory.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The config file's text, `None` when there is none. Only a regular file under the cap is
/// read; both are checked before reading, and the read itself stops past the cap.
fn read_config_text(path: &Path) -> Result<Option<String>, AppError> {
    let cannot_read = |e: std::io::Error| {
        AppError::usage(format!(
            "cannot read the config file {}: {e}",
            path.display()
        ))
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // Opening a FIFO would wait for a writer; non-blocking, it opens and is refused below.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot_read(e)),
    };
    let meta = file.metadata().map_err(cannot_read)?;
    if !meta.is_file() {
        return Err(AppError::usage(format!(
            "config file {} is {}, not a regular file",
            path.display(),
            describe_file_type(&meta.file_type())
        )));
    }
    let too_big = || {
        AppError::usage(format!(
            "config file {} is larger than {} KiB",
            path.display(),
            MAX_CONFIG_BYTES / 1024
        ))
    };
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    let mut text = String::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(cannot_read)?;
    if text.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    Ok(Some(text))
}

fn describe_file_type(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else {
        "something else"
    }
}

fn parse_token_store(label: &str, name: &str) -> Result<TokenStoreKind, AppError> {
    match name {
        "keychain" => Ok(TokenStoreKind::Keychain),
        "file" => Ok(TokenStoreKind::File),
        other => Err(AppError::usage(format!(
            "{label}: `{other}` is not `keychain` or `file`"
        ))),
    }
}

/// An application id is a GUID; anything else is a typo that Microsoft would only report on
/// its sign-in page (AADSTS700016), so it is caught here.
fn validate_client_id(label: &str, id: &str) -> Result<(), AppError> {
    let groups: Vec<&str> = id.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    let ok = groups.len() == 5
        && groups
            .iter()
            .zip(lens)
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()));
    if ok {
        Ok(())
    } else {
        Err(AppError::usage(format!(
            "{label}: `{id}` is not an application (client) id; it looks like 1c7e3be3-dd7d-4f67-88ca-c9ea85f16092"
        )))
    }
}

/// A tenant id, a domain, or one of the identity platform's audiences
/// ([`crate::auth::tenant::Tenant`]); `label` names the flag, variable or key (with its file
/// and line) it came from.
fn validate_tenant(label: &str, tenant: &str) -> Result<(), AppError> {
    crate::auth::tenant::Tenant::parse(tenant)
        .map(|_| ())
        .map_err(|e| AppError::usage(format!("{label}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&'static str, &'static str)]) -> BTreeMap<&'static str, &'static str> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn defaults_are_the_rally_app_and_organizations() {
        let s = Settings::resolve(
            "default",
            ProfileSection::default(),
            &env(&[]),
            &FlagOverrides::default(),
            None,
        )
        .unwrap();
        assert_eq!(s.client_id, DEFAULT_CLIENT_ID);
        assert_eq!(s.tenant, "organizations");
        assert_eq!(s.cloud, Cloud::Global);
        assert_eq!(
            s.authority_host.as_str(),
            "https://login.microsoftonline.com/"
        );
        assert_eq!(s.token_store, TokenStoreKind::Keychain);
    }

    #[test]
    fn environment_beats_config_and_flag_beats_environment() {
        let section = ProfileSection {
            tenant: Some("from-file.example".into()),
            cloud: Some("china".into()),
            ..Default::default()
        };
        let flags = FlagOverrides {
            tenant: Some("from-flag.example".into()),
            ..Default::default()
        };
        let s = Settings::resolve(
            "work",
            section,
            &env(&[
                ("RALLY_M365_TENANT", "from-env.example"),
                ("RALLY_M365_CLOUD", "usgov"),
            ]),
            &flags,
            None,
        )
        .unwrap();
        assert_eq!(s.tenant, "from-flag.example");
        assert_eq!(s.cloud, Cloud::UsGov);
        assert_eq!(s.graph_url.as_str(), "https://graph.microsoft.us/");
    }

    #[test]
    fn plain_http_authority_is_refused_unless_loopback() {
        let bad = Settings::resolve(
            "default",
            ProfileSection::default(),
            &env(&[("RALLY_M365_AUTHORITY_HOST", "http://login.example.com")]),
            &FlagOverrides::default(),
            None,
        );
        assert!(bad.is_err());
    }

    #[test]
    fn profile_names_are_plain() {
        assert!(ProfileName::parse("work-2").is_ok());
        assert!(ProfileName::parse("../etc").is_err());
        assert!(ProfileName::parse("").is_err());
        assert!(ProfileName::parse("a/b").is_err());
    }

    #[test]
    fn a_config_file_is_read_when_it_is_a_small_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert!(
            read_profile_section(&path, "work")
                .unwrap()
                .tenant
                .is_none()
        );
        std::fs::write(&path, "[profiles.work]\ntenant = \"contoso.com\"\n").unwrap();
        let section = read_profile_section(&path, "work").unwrap();
        assert_eq!(section.tenant.as_deref(), Some("contoso.com"));
    }

    fn assert_refused(path: &Path, words: &str) {
        let e = read_profile_section(path, "default").unwrap_err();
        assert!(e.is(crate::error::ErrorKind::Usage), "{e}");
        assert_eq!(e.exit().code(), 2);
        let text = e.to_string();
        assert!(text.contains(&path.display().to_string()), "{text}");
        assert!(text.contains(words), "{text}");
    }

    #[test]
    fn a_directory_as_config_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::create_dir(&path).unwrap();
        // Opening a directory fails on some platforms and is refused after opening on others.
        let e = read_profile_section(&path, "default").unwrap_err();
        assert_eq!(e.exit().code(), 2);
        assert!(e.to_string().contains(&path.display().to_string()), "{e}");
    }

    #[test]
    fn a_config_file_over_the_cap_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_CONFIG_BYTES + 1).unwrap();
        assert_refused(&path, "larger than 1024 KiB");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_device_as_config_file_is_refused_without_hanging() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("config.toml");
        crate::store::private_dir::make_fifo(&fifo);
        assert_refused(&fifo, "is a FIFO, not a regular file");
        assert_refused(Path::new("/dev/zero"), "is a device, not a regular file");
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        assert_refused(&sub, "is a directory, not a regular file");
    }

    #[test]
    fn a_malformed_client_id_is_a_usage_error() {
        let r = Settings::resolve(
            "default",
            ProfileSection::default(),
            &env(&[("RALLY_M365_CLIENT_ID", "not-a-guid")]),
            &FlagOverrides::default(),
            None,
        );
        assert!(r.is_err_and(|e| e.is(crate::error::ErrorKind::Usage)));
    }

    fn section_error(text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        let e = read_profile_section(&path, "default").unwrap_err();
        assert_eq!(e.exit().code(), 2, "{e}");
        e.to_string()
            .replace(&path.display().to_string(), "config.toml")
    }

    #[test]
    fn a_syntax_error_names_the_file_line_and_column() {
        let text = "[profiles.default]\ntenant = \"contoso.com\"\n\n[profiles.default.slots]\nduration = 45m\n";
        let e = section_error(text);
        assert!(e.starts_with("config.toml:5:12: "), "{e}");
    }

    #[test]
    fn a_wrong_type_or_unknown_key_names_the_line_and_the_key() {
        let text = "[profiles.default]\n\n[profiles.default.slots]\nmax_per_day = \"three\"\n";
        let e = section_error(text);
        assert!(e.starts_with("config.toml:4: slots.max_per_day: "), "{e}");
        let text = "[profiles.default]\ntenant = \"contoso.com\"\ntenat = \"x\"\n";
        let e = section_error(text);
        assert!(e.starts_with("config.toml:3"), "{e}");
        assert!(e.contains("tenat"), "{e}");
    }

    fn resolved(text: &str) -> Result<Settings, AppError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        let section = read_profile_section(&path, "default")?;
        Settings::resolve(
            "default",
            section,
            &env(&[]),
            &FlagOverrides::default(),
            Some(path.clone()),
        )
        .map_err(|e| {
            let m = e
                .to_string()
                .replace(&path.display().to_string(), "config.toml");
            e.with_message(m)
        })
    }

    #[test]
    fn a_bad_value_names_the_file_the_line_and_the_key() {
        for (text, expected) in [
            (
                "[profiles.default]\n\ncloud = \"mars\"\n",
                "config.toml:3: cloud: unknown cloud",
            ),
            (
                "[profiles.default]\nclient_id = \"nope\"\n",
                "config.toml:2: client_id: `nope`",
            ),
            (
                "[profiles.default]\ntenant = \"not a tenant\"\n",
                "config.toml:2: tenant: ",
            ),
            (
                "[profiles.default]\ngraph_url = \"http://example.com\"\n",
                "config.toml:2: graph_url: plain http",
            ),
            (
                "[profiles.default]\nauthority_host = \"ftp://x\"\n",
                "config.toml:2: authority_host: scheme",
            ),
            (
                "[profiles.default]\ntoken_store = \"disk\"\n",
                "config.toml:2: token_store: `disk`",
            ),
        ] {
            let e = resolved(text).unwrap_err();
            assert_eq!(e.exit().code(), 2);
            assert!(
                e.to_string().starts_with(expected),
                "{e}\nexpected: {expected}"
            );
        }
    }

    #[test]
    fn the_environment_is_named_when_the_value_came_from_it() {
        let e = Settings::resolve(
            "default",
            ProfileSection::default(),
            &env(&[("RALLY_M365_CLOUD", "mars")]),
            &FlagOverrides::default(),
            None,
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("RALLY_M365_CLOUD: "), "{e}");
    }

    #[test]
    fn each_key_of_the_section_knows_its_line() {
        let s = resolved(
            "# comment\n[profiles.other]\ntenant = \"a.example\"\n[profiles.default]\ntenant = \"b.example\"\nslots.buffer = \"5m\"\n[profiles.default.mail]\nrate = \"30/min\"\n",
        )
        .unwrap();
        assert_eq!(s.origin.line("tenant"), Some(5));
        assert_eq!(s.slots.origin.line("slots.buffer"), Some(6));
        assert_eq!(s.mail.origin.line("mail.rate"), Some(8));
        assert!(
            s.mail
                .origin
                .locate("mail.rate")
                .ends_with("config.toml:8: mail.rate")
        );
        assert!(!s.token_store_explicit);
    }

    #[test]
    fn line_and_column_count_characters_and_survive_any_offset() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("ab", 99), (1, 3));
        assert_eq!(line_col("é", 1), (1, 1));
    }
}

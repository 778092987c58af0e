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
    #[serde(default)]
    pub mail: MailDefaults,
}

/// `[profiles.NAME.mail]`: defaults for `invite` and `send`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailDefaults {
    /// `--rate`, as typed (`30/min`).
    pub rate: Option<String>,
    /// `--concurrency`.
    pub concurrency: Option<usize>,
}

/// `[profiles.NAME.slots]`: defaults for `slots` flags, as the user would type them.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotDefaults {
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
    pub slots: SlotDefaults,
    pub mail: MailDefaults,
    pub config_path: Option<PathBuf>,
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
        let pick = |env_name: &str, from_file: &Option<String>| {
            env.var(env_name).or_else(|| from_file.clone())
        };

        let mut explicit = ExplicitEndpoints::default();
        let cloud: Cloud = match pick("RALLY_M365_CLOUD", &section.cloud) {
            Some(c) => {
                explicit.cloud = true;
                c.parse()?
            }
            None => Cloud::Global,
        };
        let client_id = pick("RALLY_M365_CLIENT_ID", &section.client_id)
            .unwrap_or_else(|| DEFAULT_CLIENT_ID.to_owned());
        validate_client_id(&client_id)?;
        // The error names where a bad tenant came from.
        let (tenant, tenant_source) = match (&flags.tenant, env.var("RALLY_M365_TENANT")) {
            (Some(flag), _) => (flag.clone(), "--tenant"),
            (None, Some(var)) => (var, "RALLY_M365_TENANT"),
            (None, None) => match &section.tenant {
                Some(key) => (key.clone(), "config key tenant"),
                None => (DEFAULT_TENANT.to_owned(), "tenant"),
            },
        };
        validate_tenant(&tenant, tenant_source)?;
        let authority_host = match pick("RALLY_M365_AUTHORITY_HOST", &section.authority_host) {
            Some(v) => {
                explicit.authority_host = true;
                cloud::checked_base_url("RALLY_M365_AUTHORITY_HOST", &v)?
            }
            None => Url::parse(cloud.authority_host()).expect("static URL"),
        };
        let graph_url = match pick("RALLY_M365_GRAPH_URL", &section.graph_url) {
            Some(v) => {
                explicit.graph_url = true;
                cloud::checked_base_url("RALLY_M365_GRAPH_URL", &v)?
            }
            None => Url::parse(cloud.graph_root()).expect("static URL"),
        };
        let token_store = match (flags.token_store, &section.token_store) {
            (Some(kind), _) => kind,
            (None, Some(name)) => parse_token_store(name)?,
            (None, None) => TokenStoreKind::Keychain,
        };
        Ok(Settings {
            profile,
            client_id,
            tenant,
            cloud,
            authority_host,
            graph_url,
            token_store,
            slots: section.slots,
            mail: section.mail,
            config_path,
            explicit,
        })
    }
}

fn read_profile_section(path: &Path, profile: &str) -> Result<ProfileSection, AppError> {
    let Some(text) = read_config_text(path)? else {
        return Ok(ProfileSection::default());
    };
    let mut file: ConfigFile = toml::from_str(&text).map_err(|e| {
        AppError::usage(format!(
            "config file {}: {}",
            path.display(),
            e.message().trim()
        ))
    })?;
    Ok(file.profiles.remove(profile).unwrap_or_default())
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

fn parse_token_store(name: &str) -> Result<TokenStoreKind, AppError> {
    match name {
        "keychain" => Ok(TokenStoreKind::Keychain),
        "file" => Ok(TokenStoreKind::File),
        other => Err(AppError::usage(format!(
            "config key token_store: `{other}` is not `keychain` or `file`"
        ))),
    }
}

/// An application id is a GUID; anything else is a typo that Microsoft would only report on
/// its sign-in page (AADSTS700016), so it is caught here.
fn validate_client_id(id: &str) -> Result<(), AppError> {
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
            "RALLY_M365_CLIENT_ID: `{id}` is not an application (client) id; it looks like 1c7e3be3-dd7d-4f67-88ca-c9ea85f16092"
        )))
    }
}

/// A tenant id, a domain, or one of the identity platform's audiences
/// ([`crate::auth::tenant::Tenant`]); `source` names the flag, variable or key it came from.
fn validate_tenant(tenant: &str, source: &str) -> Result<(), AppError> {
    crate::auth::tenant::Tenant::parse(tenant)
        .map(|_| ())
        .map_err(|e| AppError::usage(format!("{source}: {e}")))
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
}

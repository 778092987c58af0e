//! What outlives a run: settings (profiles, clouds, overrides), the token store, and the
//! per-profile lock that keeps concurrent refreshes from racing.

pub mod config;
pub mod file_store;
pub mod keychain;
pub mod lock;
pub mod paths;
pub mod private_dir;
pub mod profile_record;
pub mod rescue;
#[cfg(target_os = "linux")]
pub mod secret_service;
pub mod tokens;

/// Where a profile's sign-in lives.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum TokenStoreKind {
    /// macOS Keychain, Windows Credential Manager, Linux Secret Service.
    Keychain,
    /// A file readable by the user only (0600), when asked for explicitly.
    File,
}

impl TokenStoreKind {
    /// How people call it: "the keychain", "the token file".
    pub fn spoken(self) -> &'static str {
        match self {
            TokenStoreKind::Keychain => "the keychain",
            TokenStoreKind::File => "the token file",
        }
    }
}

//! The secret store behind the tokens: the OS keychain (service `rally-m365`, account = the
//! profile), an opt-in 0600 file, or memory (the demo). It stores strings; `tokens.rs` gives
//! them meaning. The keychain is our own Secret Service client on Linux (`secret_service/`: one
//! connection per command, several entries read in two round trips) and keyring-core's store for
//! the platform elsewhere.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use keyring_core::{CredentialStore, Entry};

use crate::error::AppError;
use crate::hints;
use crate::store::TokenStoreKind;
#[cfg(target_os = "linux")]
use crate::store::secret_service::SecretService;
use crate::store::{file_store, paths};

/// The keychain service name of the contract.
pub const SERVICE: &str = "rally-m365";

#[derive(Clone)]
pub enum SecretStore {
    /// A keyring-core store: the platform's keychain on macOS and Windows (a mock in tests).
    Keychain(Arc<CredentialStore>),
    /// The Secret Service on Linux, one connection shared by every clone for the command.
    #[cfg(target_os = "linux")]
    SecretService(Arc<SecretService>),
    File(PathBuf),
    Memory(Arc<Mutex<HashMap<String, String>>>),
}

impl SecretStore {
    /// Opens the store the user chose. A missing keychain is an error with the fix, never a
    /// silent fall back to a file.
    pub fn open(kind: TokenStoreKind) -> Result<SecretStore, AppError> {
        match kind {
            TokenStoreKind::Keychain => open_platform_keychain(),
            TokenStoreKind::File => Ok(SecretStore::File(paths::data_dir()?.join("tokens"))),
        }
    }

    pub fn memory() -> SecretStore {
        SecretStore::Memory(Arc::default())
    }

    /// Where the tokens live, in words, for `status` and `connect`.
    pub fn describe(&self) -> String {
        match self {
            SecretStore::Keychain(_) => format!("{} (service \"{SERVICE}\")", keychain_name()),
            #[cfg(target_os = "linux")]
            SecretStore::SecretService(_) => {
                format!("{} (service \"{SERVICE}\")", keychain_name())
            }
            SecretStore::File(dir) => format!("file {} (mode 0600)", dir.display()),
            SecretStore::Memory(_) => "memory (this process only)".to_owned(),
        }
    }

    /// Which of the user's stores this is; `None` for the demo's memory.
    pub fn kind(&self) -> Option<TokenStoreKind> {
        match self {
            SecretStore::Keychain(_) => Some(TokenStoreKind::Keychain),
            #[cfg(target_os = "linux")]
            SecretStore::SecretService(_) => Some(TokenStoreKind::Keychain),
            SecretStore::File(_) => Some(TokenStoreKind::File),
            SecretStore::Memory(_) => None,
        }
    }

    /// The file that holds `account` in the file store.
    pub fn entry_file(&self, account: &str) -> Option<PathBuf> {
        match self {
            SecretStore::File(dir) => Some(file_store::entry_file(dir, account)),
            _ => None,
        }
    }

    pub fn kind_name(&self) -> &'static str {
        match self {
            SecretStore::Keychain(_) => "keychain",
            #[cfg(target_os = "linux")]
            SecretStore::SecretService(_) => "keychain",
            SecretStore::File(_) => "file",
            SecretStore::Memory(_) => "memory",
        }
    }

    pub fn get(&self, account: &str) -> Result<Option<String>, AppError> {
        match self {
            SecretStore::Keychain(store) => match entry(store, account)?.get_password() {
                Ok(v) => Ok(Some(v)),
                Err(keyring_core::Error::NoEntry) => Ok(None),
                Err(e) => Err(keychain_error("read", e)),
            },
            #[cfg(target_os = "linux")]
            SecretStore::SecretService(client) => {
                Ok(client.get_many(&[account])?.into_iter().next().flatten())
            }
            SecretStore::File(dir) => file_store::get(dir, account),
            SecretStore::Memory(map) => Ok(map.lock().expect("poisoned").get(account).cloned()),
        }
    }

    pub fn set(&self, account: &str, value: &str) -> Result<(), AppError> {
        match self {
            SecretStore::Keychain(store) => entry(store, account)?
                .set_password(value)
                .map_err(|e| keychain_error("write", e)),
            #[cfg(target_os = "linux")]
            SecretStore::SecretService(client) => client.set(account, value),
            SecretStore::File(dir) => file_store::set(dir, account, value),
            SecretStore::Memory(map) => {
                map.lock()
                    .expect("poisoned")
                    .insert(account.to_owned(), value.to_owned());
                Ok(())
            }
        }
    }

    /// Fails now if the keychain cannot be used, for a command that must not start what it
    /// could not save (`connect`, before the sign-in). The Secret Service client asks the
    /// service nothing until first use, so this opens its session; the other stores are ready
    /// (or failed) once opened.
    pub fn check_usable(&self) -> Result<(), AppError> {
        #[cfg(target_os = "linux")]
        if let SecretStore::SecretService(client) = self {
            return client.open_session_now();
        }
        Ok(())
    }

    /// The values of several entries, in order (`None` where there is none): for the Secret
    /// Service, one search per entry sent together and one read for all, instead of a search
    /// and a read per entry.
    pub fn get_many(&self, accounts: &[&str]) -> Result<Vec<Option<String>>, AppError> {
        #[cfg(target_os = "linux")]
        if let SecretStore::SecretService(client) = self {
            return client.get_many(accounts);
        }
        accounts.iter().map(|account| self.get(account)).collect()
    }

    /// Removes an entry; `Ok(false)` when there was none.
    pub fn delete(&self, account: &str) -> Result<bool, AppError> {
        match self {
            SecretStore::Keychain(store) => match entry(store, account)?.delete_credential() {
                Ok(()) => Ok(true),
                Err(keyring_core::Error::NoEntry) => Ok(false),
                Err(e) => Err(keychain_error("delete", e)),
            },
            #[cfg(target_os = "linux")]
            SecretStore::SecretService(client) => client.delete(account),
            SecretStore::File(dir) => file_store::delete(dir, account),
            SecretStore::Memory(map) => Ok(map.lock().expect("poisoned").remove(account).is_some()),
        }
    }
}

fn entry(store: &Arc<CredentialStore>, account: &str) -> Result<Entry, AppError> {
    Entry::new_in_store(store, SERVICE, account).map_err(|e| keychain_error("open", e))
}

#[cfg(target_os = "linux")]
fn open_platform_keychain() -> Result<SecretStore, AppError> {
    SecretService::connect(SERVICE).map(|client| SecretStore::SecretService(Arc::new(client)))
}

#[cfg(target_os = "macos")]
fn open_platform_keychain() -> Result<SecretStore, AppError> {
    apple_native_keyring_store::keychain::Store::new()
        .map(|s| SecretStore::Keychain(s as Arc<CredentialStore>))
        .map_err(|e| keychain_error("open", e))
}

#[cfg(target_os = "windows")]
fn open_platform_keychain() -> Result<SecretStore, AppError> {
    windows_native_keyring_store::Store::new()
        .map(|s| SecretStore::Keychain(s as Arc<CredentialStore>))
        .map_err(|e| keychain_error("open", e))
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn open_platform_keychain() -> Result<SecretStore, AppError> {
    Err(AppError::store("no keychain support on this platform")
        .with_hint(hints::no_keychain_on_platform()))
}

fn keychain_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "macOS Keychain"
    } else if cfg!(target_os = "windows") {
        "Windows Credential Manager"
    } else {
        "Secret Service keychain"
    }
}

fn keychain_error(action: &str, e: keyring_core::Error) -> AppError {
    let (message, hint) = match &e {
        keyring_core::Error::NoStorageAccess(_) => (
            format!("the keychain is locked or refused access ({e})"),
            hints::unlock_keychain(),
        ),
        keyring_core::Error::PlatformFailure(_) => (
            format!("could not {action} the keychain entry ({e})"),
            hints::no_keychain(),
        ),
        _ => (
            format!("could not {action} the keychain entry ({e})"),
            hints::check_keychain(),
        ),
    };
    AppError::store(message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_variant_uses_the_file_store() {
        let dir = tempfile::tempdir().unwrap();
        let store = SecretStore::File(dir.path().join("tokens"));
        assert_eq!(store.get("default").unwrap(), None);
        store.set("default", "v").unwrap();
        assert!(dir.path().join("tokens/default.json").is_file());
        assert_eq!(store.get("default").unwrap().as_deref(), Some("v"));
        assert!(store.delete("default").unwrap());
        assert!(!store.delete("default").unwrap());
    }

    #[test]
    fn mock_keyring_store_round_trips() {
        let mock: Arc<CredentialStore> = keyring_core::mock::Store::new().unwrap();
        let store = SecretStore::Keychain(mock);
        store.set("p", "v").unwrap();
        assert_eq!(store.get("p").unwrap().as_deref(), Some("v"));
        assert!(store.delete("p").unwrap());
        assert_eq!(store.get("p").unwrap(), None);
    }

    #[test]
    fn get_many_answers_in_order_with_none_for_missing_entries() {
        let mock: Arc<CredentialStore> = keyring_core::mock::Store::new().unwrap();
        let dir = tempfile::tempdir().unwrap();
        for store in [
            SecretStore::Keychain(mock),
            SecretStore::File(dir.path().join("tokens")),
            SecretStore::memory(),
        ] {
            let kind = store.kind_name();
            assert_eq!(
                store.get_many(&["p", "p/x"]).unwrap(),
                [None, None],
                "{kind}"
            );
            store.set("p/x", "x").unwrap();
            assert_eq!(
                store.get_many(&["p", "p/x"]).unwrap(),
                [None, Some("x".to_owned())],
                "{kind}"
            );
            store.set("p", "g").unwrap();
            assert_eq!(
                store.get_many(&["p", "p/x"]).unwrap(),
                [Some("g".to_owned()), Some("x".to_owned())],
                "{kind}"
            );
            assert_eq!(store.get_many(&[]).unwrap(), Vec::<Option<String>>::new());
        }
    }
}

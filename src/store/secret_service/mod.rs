//! The keychain on Linux: a client of the Secret Service API
//! (https://specifications.freedesktop.org/secret-service/latest/), built for a command that
//! lives a few milliseconds. One bus connection per command; one transfer session, opened the
//! first time a secret moves; and no more round trips than the API needs: reading several
//! entries is one `SearchItems` per entry, sent together with the session request, then one
//! `GetSecrets` for all of them. `Unlock` is called only for an item that is locked.
//!
//! An entry is an item with the attributes `service` and `username` (= the account) in the
//! default collection: what `secret-tool lookup service rally-m365 username PROFILE` finds, and
//! exactly what keyring-core's Secret Service store wrote before this client replaced it, so
//! existing sign-ins still load. Writes replace the matching item in place.

mod failure;
mod transfer;

use std::collections::HashMap;
use std::future::Future;
use std::os::linux::net::SocketAddrExt;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::net::{SocketAddr, UnixStream};
use std::pin::pin;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::future::{Either, select, try_join, try_join_all};
use zbus::address::transport::{Transport, UnixSocket};
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};

use crate::error::AppError;
use failure::Failure;
use transfer::{DhOffer, Transfer, TransferError};

const BUS_NAME: &str = "org.freedesktop.secrets";
const SERVICE_PATH: &str = "/org/freedesktop/secrets";
/// The spec's path for the collection behind the `default` alias (the login keyring).
const DEFAULT_COLLECTION: &str = "/org/freedesktop/secrets/aliases/default";
const SERVICE_IFACE: &str = "org.freedesktop.Secret.Service";
const COLLECTION_IFACE: &str = "org.freedesktop.Secret.Collection";
const ITEM_IFACE: &str = "org.freedesktop.Secret.Item";
const PROMPT_IFACE: &str = "org.freedesktop.Secret.Prompt";
/// libdbus's default reply timeout: a hung service fails the command instead of hanging it.
const CALL_TIMEOUT: Duration = Duration::from_secs(25);
/// How long an unlock dialog may wait for the user before the command gives up.
const PROMPT_TIMEOUT: Duration = Duration::from_secs(120);
const CONTENT_TYPE: &str = "text/plain";

/// `(session, parameters, value, content type)`: the Secret struct of the API.
type SecretStruct = (OwnedObjectPath, Vec<u8>, Vec<u8>, String);
/// `SearchItems`' answer: `(unlocked, locked)`.
type Found = (Vec<OwnedObjectPath>, Vec<OwnedObjectPath>);

/// How secrets cross the bus (see `transfer.rs` for the reasoning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// `plain`, or the encrypted algorithm when the service refuses plain.
    PlainFirst,
    /// Always `dh-ietf1024-sha256-aes128-cbc-pkcs7`.
    Encrypted,
}

/// One connection to a Secret Service, for the accounts of one service name.
pub struct SecretService {
    conn: zbus::Connection,
    service: String,
    algorithm: Algorithm,
    session: Mutex<Option<Session>>,
}

#[derive(Clone, Debug)]
struct Session {
    path: OwnedObjectPath,
    transfer: Transfer,
}

impl SecretService {
    /// Connects to the session bus. Nothing is asked of the Secret Service yet: a service that
    /// is missing shows at the first read or write, as a "no keychain" error with the fix.
    pub fn connect(service: &str) -> Result<SecretService, AppError> {
        Self::open(zbus::Address::session(), service, Algorithm::PlainFirst)
    }

    /// Connects to the bus at `address` (a private bus, in tests).
    pub fn connect_to(
        address: &str,
        service: &str,
        algorithm: Algorithm,
    ) -> Result<SecretService, AppError> {
        Self::open(address.parse(), service, algorithm)
    }

    fn open(
        address: zbus::Result<zbus::Address>,
        service: &str,
        algorithm: Algorithm,
    ) -> Result<SecretService, AppError> {
        let conn = async_io::block_on(async {
            let builder = match local_socket(address?)? {
                Local::Connected(stream) => zbus::connection::Builder::async_io_unix_stream(stream),
                Local::Other(address) => zbus::connection::Builder::address(address)?,
            };
            builder
                // The calling thread drives the connection (see `block`): no executor thread.
                .internal_executor(false)
                .method_timeout(CALL_TIMEOUT)
                .build()
                .await
        })
        .map_err(|e| Failure::Bus(e).into_app("open"))?;
        Ok(SecretService {
            conn,
            service: service.to_owned(),
            algorithm,
            session: Mutex::new(None),
        })
    }

    /// Opens the transfer session now rather than at the first read or write: proves that a
    /// Secret Service answers on the bus, for a command that must fail before the user does
    /// anything it would waste (signing in). The session is the one the writes then use.
    pub fn open_session_now(&self) -> Result<(), AppError> {
        self.block(self.session())
            .map(drop)
            .map_err(|f| f.into_app("open"))
    }

    /// The secrets of `accounts`, in order (`None` where there is no entry).
    pub fn get_many(&self, accounts: &[&str]) -> Result<Vec<Option<String>>, AppError> {
        self.block(self.read(accounts))
            .map_err(|f| f.into_app("read"))
    }

    /// Creates the entry, or replaces the secret of the existing one.
    pub fn set(&self, account: &str, secret: &str) -> Result<(), AppError> {
        self.block(self.write(account, secret))
            .map_err(|f| f.into_app("write"))
    }

    /// Removes the entry; `Ok(false)` when there was none.
    pub fn delete(&self, account: &str) -> Result<bool, AppError> {
        self.block(self.remove(account))
            .map_err(|f| f.into_app("delete"))
    }

    /// Runs `work` on this thread, which also drives the connection (its socket reader) while
    /// it waits: no thread is started for the connection, and a reply wakes this thread directly.
    fn block<T>(&self, work: impl Future<Output = T>) -> T {
        let executor = self.conn.executor();
        async_io::block_on(async {
            let mut work = pin!(work);
            loop {
                match select(work.as_mut(), pin!(executor.tick())).await {
                    Either::Left((done, _)) => return done,
                    Either::Right(((), _)) => continue,
                }
            }
        })
    }

    async fn read(&self, accounts: &[&str]) -> Result<Vec<Option<String>>, Failure> {
        // The searches and (on first use) the session request leave together: one round trip.
        let searches = try_join_all(accounts.iter().map(|account| self.search(account)));
        let (found, session) = try_join(searches, self.session()).await?;

        // Per account its first unlocked item, else its first locked one, unlocked in one call.
        let mut to_unlock = Vec::new();
        let chosen: Vec<Option<OwnedObjectPath>> = found
            .into_iter()
            .map(|(unlocked, locked)| match unlocked.into_iter().next() {
                Some(item) => Some(item),
                None => {
                    let item = locked.into_iter().next()?;
                    to_unlock.push(item.clone());
                    Some(item)
                }
            })
            .collect();
        if !to_unlock.is_empty() {
            self.unlock(&to_unlock).await?;
        }
        let items: Vec<&OwnedObjectPath> = chosen.iter().flatten().collect();
        if items.is_empty() {
            return Ok(vec![None; accounts.len()]);
        }
        let secrets: HashMap<OwnedObjectPath, SecretStruct> = self
            .call(
                SERVICE_PATH,
                SERVICE_IFACE,
                "GetSecrets",
                &(items, &session.path),
            )
            .await?;
        chosen
            .into_iter()
            .map(|item| {
                // An item deleted between the search and the read is no entry.
                let Some((_, parameters, value, _)) = item.and_then(|i| secrets.get(&i)) else {
                    return Ok(None);
                };
                let bytes = session.transfer.decode(parameters, value)?;
                String::from_utf8(bytes)
                    .map(Some)
                    .map_err(|_| Failure::NotText)
            })
            .collect()
    }

    async fn write(&self, account: &str, secret: &str) -> Result<(), Failure> {
        let session = self.session().await?;
        match self.create_item(&session, account, secret).await {
            Err(Failure::Bus(e)) if failure::is_locked(&e) => {
                let collection: OwnedObjectPath = self
                    .call(SERVICE_PATH, SERVICE_IFACE, "ReadAlias", &"default")
                    .await?;
                self.unlock(&[collection]).await?;
                self.create_item(&session, account, secret).await
            }
            done => done,
        }
    }

    async fn create_item(
        &self,
        session: &Session,
        account: &str,
        secret: &str,
    ) -> Result<(), Failure> {
        let (parameters, value) = session.transfer.encode(secret.as_bytes())?;
        let label = format!("{}: {account}", self.service);
        let properties: HashMap<&str, Value<'_>> = HashMap::from([
            (
                "org.freedesktop.Secret.Item.Label",
                Value::from(label.as_str()),
            ),
            (
                "org.freedesktop.Secret.Item.Attributes",
                Value::from(self.attributes(account)),
            ),
        ]);
        let secret = (session.path.as_ref(), parameters, value, CONTENT_TYPE);
        // replace = true: the item with these attributes keeps its place and gets the new secret.
        let (item, prompt): (OwnedObjectPath, OwnedObjectPath) = self
            .call(
                DEFAULT_COLLECTION,
                COLLECTION_IFACE,
                "CreateItem",
                &(properties, secret, true),
            )
            .await?;
        if item.as_str() == "/" {
            self.prompt(&prompt).await?;
        }
        Ok(())
    }

    async fn remove(&self, account: &str) -> Result<bool, Failure> {
        let (unlocked, locked) = self.search(account).await?;
        if !locked.is_empty() {
            self.unlock(&locked).await?;
        }
        let mut removed = false;
        for item in unlocked.iter().chain(&locked) {
            match self
                .call::<_, OwnedObjectPath>(item.as_str(), ITEM_IFACE, "Delete", &())
                .await
            {
                Ok(prompt) => {
                    if prompt.as_str() != "/" {
                        self.prompt(&prompt).await?;
                    }
                    removed = true;
                }
                // Deleted meanwhile by someone else: gone is what we wanted.
                Err(e) if failure::is_gone(&e) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(removed)
    }

    fn attributes<'a>(&'a self, account: &'a str) -> HashMap<&'a str, &'a str> {
        HashMap::from([("service", self.service.as_str()), ("username", account)])
    }

    async fn search(&self, account: &str) -> Result<Found, Failure> {
        Ok(self
            .call(
                SERVICE_PATH,
                SERVICE_IFACE,
                "SearchItems",
                &self.attributes(account),
            )
            .await?)
    }

    /// The transfer session, opened on first use and kept for the connection's life (the
    /// service closes it when we disconnect).
    async fn session(&self) -> Result<Session, Failure> {
        if let Some(session) = self.lock_session().clone() {
            return Ok(session);
        }
        let session = self.open_session().await?;
        *self.lock_session() = Some(session.clone());
        Ok(session)
    }

    fn lock_session(&self) -> std::sync::MutexGuard<'_, Option<Session>> {
        self.session.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn open_session(&self) -> Result<Session, Failure> {
        if self.algorithm == Algorithm::PlainFirst {
            let plain = self
                .call::<_, (OwnedValue, OwnedObjectPath)>(
                    SERVICE_PATH,
                    SERVICE_IFACE,
                    "OpenSession",
                    &(transfer::PLAIN, Value::from("")),
                )
                .await;
            match plain {
                Ok((_, path)) => {
                    return Ok(Session {
                        path,
                        transfer: Transfer::Plain,
                    });
                }
                Err(e) if failure::is_not_supported(&e) => {
                    tracing::debug!("the Secret Service refuses plain sessions; encrypting");
                }
                Err(e) => return Err(e.into()),
            }
        }
        let offer = DhOffer::new()?;
        let (output, path): (OwnedValue, OwnedObjectPath) = self
            .call(
                SERVICE_PATH,
                SERVICE_IFACE,
                "OpenSession",
                &(transfer::DH_AES, Value::from(offer.public.clone())),
            )
            .await?;
        let server_public = Vec::<u8>::try_from(output).map_err(|_| TransferError::BadServerKey)?;
        Ok(Session {
            path,
            transfer: offer.finish(&server_public)?,
        })
    }

    /// Unlocks `objects`, through the service's prompt (its own unlock dialog) if it needs one.
    async fn unlock(&self, objects: &[OwnedObjectPath]) -> Result<(), Failure> {
        let (_, prompt): (Vec<OwnedObjectPath>, OwnedObjectPath) = self
            .call(SERVICE_PATH, SERVICE_IFACE, "Unlock", &objects)
            .await?;
        if prompt.as_str() != "/" {
            self.prompt(&prompt).await?;
        }
        Ok(())
    }

    /// Shows a prompt of the service and waits for its `Completed` signal.
    async fn prompt(&self, prompt: &OwnedObjectPath) -> Result<(), Failure> {
        let rule = zbus::MatchRule::builder()
            .msg_type(zbus::message::Type::Signal)
            .interface(PROMPT_IFACE)?
            .member("Completed")?
            .path(prompt.as_ref())?
            .build();
        // Subscribed before the prompt starts, so a prompt that completes at once is not missed.
        let mut completed = zbus::MessageStream::for_match_rule(rule, &self.conn, None).await?;
        self.conn
            .call_method(
                Some(BUS_NAME),
                prompt.as_str(),
                Some(PROMPT_IFACE),
                "Prompt",
                &"",
            )
            .await?;
        let timeout = async_io::Timer::after(PROMPT_TIMEOUT);
        match select(completed.next(), pin!(timeout)).await {
            Either::Left((Some(Ok(signal)), _)) => {
                let (dismissed, _): (bool, OwnedValue) = signal.body().deserialize()?;
                if dismissed {
                    Err(Failure::Dismissed)
                } else {
                    Ok(())
                }
            }
            Either::Left((Some(Err(e)), _)) => Err(e.into()),
            Either::Left((None, _)) | Either::Right(_) => Err(Failure::Dismissed),
        }
    }

    async fn call<B, R>(
        &self,
        path: &str,
        interface: &str,
        method: &str,
        body: &B,
    ) -> Result<R, zbus::Error>
    where
        B: serde::Serialize + zbus::zvariant::DynamicType,
        R: serde::de::DeserializeOwned + zbus::zvariant::Type,
    {
        let reply = self
            .conn
            .call_method(Some(BUS_NAME), path, Some(interface), method, body)
            .await?;
        reply.body().deserialize()
    }
}

enum Local {
    Connected(UnixStream),
    Other(zbus::Address),
}

/// Connects a bus address that is a local socket on this thread: connecting one does not block,
/// and zbus would otherwise start a thread to do it. Any other transport is left to zbus.
fn local_socket(address: zbus::Address) -> zbus::Result<Local> {
    let Transport::Unix(unix) = address.transport() else {
        return Ok(Local::Other(address));
    };
    let stream = match unix.path() {
        UnixSocket::File(path) => UnixStream::connect(path)?,
        UnixSocket::Abstract(name) => {
            UnixStream::connect_addr(&SocketAddr::from_abstract_name(name.as_bytes())?)?
        }
        _ => return Ok(Local::Other(address)),
    };
    Ok(Local::Connected(stream))
}

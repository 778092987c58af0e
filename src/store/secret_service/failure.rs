//! What can go wrong talking to the Secret Service, and the store error each failure becomes:
//! no service (with the fix), locked or refused (unlock it), anything else (check it).

use crate::error::AppError;
use crate::hints;
use crate::store::secret_service::transfer::TransferError;

/// A failed Secret Service exchange, before it becomes an [`AppError`].
#[derive(Debug)]
pub enum Failure {
    /// The bus or the service answered with an error, or the connection failed.
    Bus(zbus::Error),
    /// The unlock prompt was dismissed (or could not be shown, or went unanswered).
    Dismissed,
    /// The transfer session could not encode or decode a secret.
    Transfer(TransferError),
    /// A stored value is not UTF-8 text.
    NotText,
}

impl From<zbus::Error> for Failure {
    fn from(e: zbus::Error) -> Self {
        Failure::Bus(e)
    }
}

impl From<zbus::fdo::Error> for Failure {
    fn from(e: zbus::fdo::Error) -> Self {
        Failure::Bus(e.into())
    }
}

impl From<TransferError> for Failure {
    fn from(e: TransferError) -> Self {
        Failure::Transfer(e)
    }
}

/// D-Bus error names that mean "there is no Secret Service on this bus" (not running and not
/// activatable, its activation failed, or it went away without answering).
const NO_SERVICE: [&str; 4] = [
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
    "org.freedesktop.DBus.Error.Spawn.",
    "org.freedesktop.DBus.Error.NoReply",
];
/// D-Bus error names that mean "the service is there but will not hand the item out".
const REFUSED: [&str; 2] = [
    "org.freedesktop.Secret.Error.IsLocked",
    "org.freedesktop.DBus.Error.AccessDenied",
];

/// D-Bus error names for an object that does not exist (any more).
const GONE: [&str; 3] = [
    "org.freedesktop.Secret.Error.NoSuchObject",
    "org.freedesktop.DBus.Error.UnknownObject",
    "org.freedesktop.DBus.Error.UnknownMethod",
];

impl Failure {
    /// The store error for a failed `action` ("read", "write", "delete", "open").
    pub fn into_app(self, action: &str) -> AppError {
        match &self {
            Failure::Dismissed => AppError::store(
                "the keychain is locked and was not unlocked (the unlock prompt was dismissed or could not be shown)",
            )
            .with_hint(hints::unlock_keychain()),
            Failure::Bus(e) if is_refused(e) => AppError::store(format!(
                "the keychain is locked or refused access ({})",
                describe(e)
            ))
            .with_hint(hints::unlock_keychain()),
            Failure::Bus(e) if is_no_service(e) => AppError::store(format!(
                "no keychain: the Secret Service is not reachable ({})",
                describe(e)
            ))
            .with_hint(hints::no_keychain()),
            Failure::Bus(e) => AppError::store(format!(
                "could not {action} the keychain entry ({})",
                describe(e)
            ))
            .with_hint(hints::check_keychain()),
            Failure::Transfer(e) => {
                AppError::store(format!("could not {action} the keychain entry ({e})"))
                    .with_hint(hints::check_keychain())
            }
            Failure::NotText => AppError::store(format!(
                "could not {action} the keychain entry (its value is not UTF-8 text)"
            ))
            .with_hint(hints::check_keychain()),
        }
    }
}

fn error_name(e: &zbus::Error) -> Option<String> {
    match e {
        zbus::Error::MethodError(name, _, _) => Some(name.to_string()),
        zbus::Error::FDO(fdo) => Some(zbus::DBusError::name(fdo.as_ref()).to_string()),
        _ => None,
    }
}

/// The collection (or item) is locked: unlocking it may help.
pub fn is_locked(e: &zbus::Error) -> bool {
    error_name(e).as_deref() == Some("org.freedesktop.Secret.Error.IsLocked")
}

/// `OpenSession` does not offer the algorithm asked for.
pub fn is_not_supported(e: &zbus::Error) -> bool {
    error_name(e).as_deref() == Some("org.freedesktop.DBus.Error.NotSupported")
}

/// The object no longer exists (deleted by another process since we found it).
pub fn is_gone(e: &zbus::Error) -> bool {
    error_name(e).is_some_and(|name| GONE.contains(&name.as_str()))
}

fn is_refused(e: &zbus::Error) -> bool {
    error_name(e).is_some_and(|name| REFUSED.contains(&name.as_str()))
}

fn is_no_service(e: &zbus::Error) -> bool {
    match e {
        // No bus to talk to at all: no socket, refused, or not a D-Bus peer.
        zbus::Error::Address(_) | zbus::Error::InputOutput(_) | zbus::Error::Handshake(_) => true,
        _ => error_name(e).is_some_and(|name| NO_SERVICE.iter().any(|n| name.starts_with(n))),
    }
}

/// The error on one line, without control characters: the text comes from another process.
fn describe(e: &zbus::Error) -> String {
    e.to_string()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    /// An error reply as zbus gives it for a failed method call.
    fn bus_error(name: &str, text: &str) -> zbus::Error {
        let msg = zbus::message::Message::method_call("/", "M")
            .unwrap()
            .build(&())
            .unwrap();
        zbus::Error::MethodError(name.try_into().unwrap(), Some(text.to_owned()), msg)
    }

    fn method_error(name: &str, text: &str) -> Failure {
        Failure::Bus(bus_error(name, text))
    }

    #[test]
    fn a_locked_collection_says_unlock_it() {
        let e = method_error(
            "org.freedesktop.Secret.Error.IsLocked",
            "Cannot create an item in a locked collection",
        )
        .into_app("write");
        assert!(e.is(ErrorKind::Store));
        assert!(e.to_string().contains("locked"), "{e}");
        assert_eq!(e.hint(), Some(hints::unlock_keychain().as_str()));
        let e = Failure::Dismissed.into_app("read");
        assert_eq!(e.hint(), Some(hints::unlock_keychain().as_str()));
    }

    #[test]
    fn a_missing_service_says_how_to_get_one() {
        let e = method_error(
            "org.freedesktop.DBus.Error.ServiceUnknown",
            "The name org.freedesktop.secrets was not provided by any .service files",
        )
        .into_app("read");
        assert!(e.to_string().starts_with("no keychain"), "{e}");
        assert_eq!(e.hint(), Some(hints::no_keychain().as_str()));
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no socket");
        let e = Failure::Bus(zbus::Error::InputOutput(io.into())).into_app("open");
        assert_eq!(e.hint(), Some(hints::no_keychain().as_str()));
    }

    #[test]
    fn a_refused_algorithm_and_a_vanished_item_are_recognised() {
        let refused = bus_error("org.freedesktop.DBus.Error.NotSupported", "plain");
        assert!(is_not_supported(&refused) && !is_gone(&refused) && !is_locked(&refused));
        let gone = bus_error("org.freedesktop.Secret.Error.NoSuchObject", "gone");
        assert!(is_gone(&gone) && !is_not_supported(&gone));
    }

    #[test]
    fn other_errors_name_the_action_and_lose_control_characters() {
        let e =
            method_error("org.example.Weird", "line one\nline two\u{1b}[31m").into_app("delete");
        let text = e.to_string();
        assert!(
            text.starts_with("could not delete the keychain entry"),
            "{text}"
        );
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert_eq!(e.hint(), Some(hints::check_keychain().as_str()));
    }
}

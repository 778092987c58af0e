//! Every "what to do next" line, in one place. A hint that names a command names it as the user
//! must type it: with `--profile NAME` when the profile is not the default one.

use crate::store::config::ProfileName;

/// The profile every command uses when none is given.
pub const DEFAULT_PROFILE: &str = "default";

/// `rally-m365 [--profile NAME] ARGS`, ready to paste.
pub fn command(profile: &ProfileName, args: &str) -> String {
    if profile.as_str() == DEFAULT_PROFILE {
        format!("rally-m365 {args}")
    } else {
        format!("rally-m365 --profile {profile} {args}")
    }
}

/// No sandbox tenant answers at the URL given to `sandbox outbox`.
pub fn sandbox_serve() -> String {
    "start one with `rally-m365 sandbox serve` and pass the URL it prints (--url, or its RALLY_M365_GRAPH_URL export)".to_owned()
}

/// Sign in again (expired, revoked, or never signed in).
pub fn reconnect(profile: &ProfileName) -> String {
    format!("run `{}` to sign in again", command(profile, "connect"))
}

/// Not signed in yet.
pub fn connect_first(profile: &ProfileName) -> String {
    format!("run `{}`", command(profile, "connect"))
}

/// The sign-in was made against other endpoints than the ones in force now.
pub fn reconnect_here(profile: &ProfileName) -> String {
    format!(
        "run `{}` again (or unset RALLY_M365_CLOUD, RALLY_M365_AUTHORITY_HOST and RALLY_M365_GRAPH_URL to use the profile as it was signed in)",
        command(profile, "connect")
    )
}

/// Consent was incomplete: accept every permission.
pub fn accept_permissions(profile: &ProfileName) -> String {
    format!(
        "run `{}` again and accept the permissions",
        command(profile, "connect")
    )
}

/// `offline_access` was not granted, so there is no refresh token.
pub fn accept_offline_access(profile: &ProfileName) -> String {
    format!(
        "run `{}` again and accept \"Maintain access to data you have given it access to\"",
        command(profile, "connect")
    )
}

/// A required permission is missing after a sign-in.
pub fn missing_permissions(profile: &ProfileName, only_mail_send: bool) -> String {
    let mail = if only_mail_send {
        format!(
            " (or, if your workspace sends mail through its own domain, `{}`)",
            command(profile, "connect --calendar-only")
        )
    } else {
        String::new()
    };
    format!(
        "run `{}` and tick every permission{mail}; if your organisation blocks user consent, IT can approve the app: `{}`",
        command(profile, "connect"),
        command(profile, "admin-consent")
    )
}

/// Graph refused for lack of a permission.
pub fn permission_denied(profile: &ProfileName, needed: &str) -> String {
    format!(
        "run `{}` to see what was granted, then `{}` again and accept {needed}",
        command(profile, "status"),
        command(profile, "connect")
    )
}

/// The organisation requires an administrator to approve the app.
pub fn ask_it_for_admin_consent(profile: &ProfileName) -> String {
    format!(
        "ask IT to approve rally-m365 for the organisation: `{}` prints the link they open (\"Consent on behalf of your organization\")",
        command(profile, "admin-consent")
    )
}

/// No sign-in answer reached the loopback listener within `--timeout`: some errors (a wrong
/// app id, a missing redirect URI) are shown on Microsoft's page and never reach it.
pub fn browser_sign_in_timed_out(profile: &ProfileName) -> String {
    format!(
        "if the browser shows a Microsoft error: AADSTS700016 means the app id (RALLY_M365_CLIENT_ID) is not \
known in this tenant (RALLY_M365_TENANT); AADSTS50011 means the app registration lacks the redirect URI \
http://localhost under \"Mobile and desktop applications\". Otherwise run `{}` again \
(--timeout 10m waits longer; --device-code works without a local browser)",
        command(profile, "connect")
    )
}

/// Nobody entered the device code within `--timeout`.
pub fn device_code_timed_out(profile: &ProfileName) -> String {
    format!(
        "run `{}` again and enter the code on the page shown (--timeout 10m waits longer)",
        command(profile, "connect --device-code")
    )
}

/// The device code itself expired (Microsoft's `expired_token`).
pub fn device_code_expired(profile: &ProfileName) -> String {
    format!(
        "run `{}` again and finish within the time shown",
        command(profile, "connect --device-code")
    )
}

/// No administrator answered within `--timeout`.
pub fn admin_consent_timed_out(profile: &ProfileName) -> String {
    format!(
        "the link stays valid: send it to IT (`{}`)",
        command(profile, "admin-consent --print-only")
    )
}

/// What to tell IT about a refusal of the identity platform: the ids at the end of the error
/// line, when Microsoft gave any.
pub fn ask_it_about_refusal(ids_shown: bool) -> &'static str {
    if ids_shown {
        "ask IT; quote the correlation id and trace id at the end of the error above"
    } else {
        "ask IT, with the time of this attempt (Microsoft gave no correlation id)"
    }
}

pub fn network_identity() -> &'static str {
    "check the network, a proxy (HTTPS_PROXY), or RALLY_M365_AUTHORITY_HOST"
}

pub fn network_graph() -> &'static str {
    "check the network, a proxy (HTTPS_PROXY), or RALLY_M365_GRAPH_URL"
}

pub fn try_again_later() -> &'static str {
    "Microsoft 365 is having trouble; try again in a few minutes"
}

pub fn throttled() -> &'static str {
    "try again in a few minutes; Exchange Online limits requests per mailbox"
}

pub fn mailbox_unreachable() -> &'static str {
    "sign in with an account whose mailbox is in Exchange Online (`connect`), or ask your \
Microsoft 365 administrator to give this account an Exchange Online licence (a mailbox on an \
Exchange server of your own, or a guest account, cannot be used through Microsoft Graph)"
}

/// A recheck whose answer left someone out.
pub fn recheck_again_or_force() -> &'static str {
    "try again in a few minutes, or go ahead without the check with --force"
}

/// For `--with` addresses and attendees whose free/busy could not be read.
pub fn free_busy_unreadable() -> &'static str {
    "check the address; a guest, an address outside your organisation or a mailbox on your own \
Exchange server has no free/busy that Microsoft Graph can read"
}

/// The opt-in file store, both ways of asking for it.
const FILE_STORE: &str =
    "--token-store file (or token_store = \"file\" in the profile's section of config.toml)";

pub fn no_keychain() -> String {
    format!(
        "start a Secret Service (GNOME Keyring or KeePassXC) in your desktop session, \
or on a headless machine run inside `dbus-run-session` with `gnome-keyring-daemon --unlock`; \
or keep the sign-in in a 0600 file with {FILE_STORE}"
    )
}

pub fn unlock_keychain() -> String {
    format!(
        "unlock your keyring (GNOME Keyring: log in again or run `gnome-keyring-daemon --unlock`), or use {FILE_STORE}"
    )
}

pub fn check_keychain() -> String {
    format!("check that your keychain works, or use {FILE_STORE}")
}

pub fn no_keychain_on_platform() -> String {
    format!("keep the sign-in in a 0600 file with {FILE_STORE}")
}

/// The keychain cannot be reached, but the profile has a sign-in in the file store.
pub fn use_file_store_sign_in(profile: &ProfileName) -> String {
    format!(
        "profile `{profile}` has a sign-in in the token file store: add --token-store file (or token_store = \"file\" in its section of config.toml) to use it, or `{}` to remove it",
        command(profile, "disconnect --token-store file")
    )
}

pub fn set_home() -> &'static str {
    "set HOME, or XDG_CONFIG_HOME and XDG_DATA_HOME"
}

pub fn wait_for_other_process() -> &'static str {
    "wait for it to finish, or end it"
}

pub fn fix_private_path() -> &'static str {
    "rally-m365 keeps tokens and locks only in a directory of your own with mode 0700, never \
through a symbolic link: fix or remove that path, and it is recreated on the next write"
}

pub fn make_lock_dir_usable() -> &'static str {
    "make the data directory writable (XDG_DATA_HOME), or set XDG_RUNTIME_DIR to a directory of your own"
}

/// `schema` was given a name that is not a command with JSON output.
pub fn schema_commands(names: &[&str]) -> String {
    format!(
        "commands with JSON output: {}; or `rally-m365 schema` for all of them",
        names.join(", ")
    )
}

/// Nobody was mailed because an earlier run of the same command had mailed them all.
pub fn mailed_by_an_earlier_run() -> &'static str {
    "an earlier run of this command mailed everyone (see `rally-m365 journal`); to mail them again, add --new-run"
}

/// A `--jq` expression failed on the command's JSON after the command had done its work.
pub fn jq_runtime_error() -> &'static str {
    "the command itself completed; run it again with --json instead of --jq to see its JSON"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_profile_is_not_named() {
        let p = ProfileName::parse("default").unwrap();
        assert_eq!(command(&p, "connect"), "rally-m365 connect");
    }

    #[test]
    fn other_profiles_are_named_in_every_command_hint() {
        let p = ProfileName::parse("work").unwrap();
        for hint in [
            reconnect(&p),
            connect_first(&p),
            reconnect_here(&p),
            accept_permissions(&p),
            accept_offline_access(&p),
            missing_permissions(&p, true),
            permission_denied(&p, "Mail.Send"),
            ask_it_for_admin_consent(&p),
            browser_sign_in_timed_out(&p),
            device_code_timed_out(&p),
            device_code_expired(&p),
            admin_consent_timed_out(&p),
            use_file_store_sign_in(&p),
        ] {
            assert!(hint.contains("rally-m365 --profile work "), "{hint}");
            assert!(!hint.contains("rally-m365 connect"), "{hint}");
        }
    }
}

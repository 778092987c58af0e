//! The "Examples:" section at the end of each command's long help (`--help`). Every line that
//! starts with `rally-m365` is parsed by a test (tests/help.rs), so an example cannot name a
//! flag that no longer exists.

pub const CONNECT: &str = "\
Examples:
  # Sign in in the browser; the sign-in goes to the keychain
  rally-m365 connect
  # Over SSH, or without a browser: type a code on another device
  rally-m365 connect --device-code
  # Calendar access only (your workspace sends mail through its own domain)
  rally-m365 connect --calendar-only --tenant contoso.com
  # A machine without a keychain: keep the sign-in in a 0600 file
  rally-m365 login --token-store file";

pub const STATUS: &str = "\
Examples:
  rally-m365 status
  rally-m365 status --profile work
  # Ask Microsoft whether the sign-in still works (one request)
  rally-m365 status --check
  # Every profile with its account and state
  rally-m365 status --all
  # The granted scopes, one per line
  rally-m365 status --jq '.scopes_granted[]'";

pub const DISCONNECT: &str = "\
Examples:
  rally-m365 disconnect
  rally-m365 logout --profile work --json";

pub const PROFILES: &str = "\
Examples:
  rally-m365 profiles
  # The profiles that need `connect` again
  rally-m365 profiles --jq '.profiles[] | select(.state != \"connected\") | .profile'";

pub const SCHEMA: &str = "\
Examples:
  # The schema of slots --json
  rally-m365 schema slots
  rally-m365 schema sandbox outbox
  # The commands that have one
  rally-m365 schema --jq 'keys[]'";

pub const ADMIN_CONSENT: &str = "\
Examples:
  # Open the tenant-wide consent page (for an IT admin) and wait for the answer
  rally-m365 admin-consent --tenant contoso.com
  # Only print the link, to send to IT
  rally-m365 admin-consent --tenant contoso.com --print-only";

pub const SLOTS: &str = "\
Examples:
  rally-m365 slots --week --duration 45m --buffer 10m
  rally-m365 slots --from 2026-12-07 --to 2026-12-11 --tz Europe/Berlin
  # Slots that suit you and a note-taker, at most 3 a day
  rally-m365 slots --days 14 --with note-taker@contoso.com --max-per-day 3
  # For a spreadsheet, or the first start time only
  rally-m365 slots --week -o csv > slots.csv
  rally-m365 slots --week --jq '.slots[0].start'";

pub const BOOK: &str = "\
Examples:
  rally-m365 book --start 2026-12-08T10:00 --duration 45m --teams participant@example.com
  rally-m365 book --start 2026-12-08T10:00 --end 2026-12-08T11:00 --note-taker sam@contoso.com --subject 'Checkout study' participant@example.com
  # See the request without sending it
  rally-m365 book --start 2026-12-08T10:00 --dry-run participant@example.com";

pub const RESCHEDULE: &str = "\
Examples:
  rally-m365 reschedule AAMkAGI2TG93AAA= --start 2026-12-09T14:00
  rally-m365 reschedule AAMkAGI2TG93AAA= --start 2026-12-09T14:00 --duration 30m --dry-run";

pub const CANCEL: &str = "\
Examples:
  rally-m365 cancel AAMkAGI2TG93AAA= --message 'Sorry, I have to move this: new invitation follows.'
  rally-m365 cancel AAMkAGI2TG93AAA= --dry-run";

pub const INTERVIEWS: &str = "\
Examples:
  rally-m365 interviews
  rally-m365 interviews --days 7 --all
  # Who accepted, one address per line
  rally-m365 interviews --jq '.interviews[].attendees[] | select(.response == \"accepted\") | .email'
  rally-m365 interviews --from 2026-12-01 --to 2026-12-31 -o csv";

pub const INVITE: &str = "\
Examples:
  rally-m365 invite --name 'Ada Lovelace' ada@example.com --study 'Checkout study'
  # Everyone in a file, 5 slots each, no slot offered to more than 2; look first
  rally-m365 invite --csv participants.csv --slots 5 --per-slot 2 --dry-run
  rally-m365 invite --csv participants.csv --slots 5 --per-slot 2 --rate 20/min --yes";

pub const SEND: &str = "\
Examples:
  rally-m365 send --to ada@example.com --subject 'Thank you' --body 'Thanks for your time today.'
  rally-m365 send --csv participants.csv --subject 'Hello {{ participant.name }}' --body-file reminder.txt --dry-run
  # The same reminder again to everyone, a week later (an earlier run already mailed them)
  rally-m365 send --csv participants.csv --subject 'Hello {{ participant.name }}' --body-file reminder.txt --new-run";

pub const JOURNAL: &str = "\
Examples:
  rally-m365 journal
  # Every recipient of one run (its key, or the start of it)
  rally-m365 journal 3f9a
  rally-m365 journal --jq '.runs[] | select(.unknown > 0) | .key'";

pub const SANDBOX_SERVE: &str = "\
Examples:
  # Run it, then point rally-m365 at it in another shell with the exports it prints
  rally-m365 sandbox serve --port 8400
  rally-m365 sandbox serve --empty";

pub const SANDBOX_OUTBOX: &str = "\
Examples:
  rally-m365 sandbox outbox --url http://127.0.0.1:8400
  rally-m365 sandbox outbox --json";

pub const DEMO: &str = "\
Examples:
  rally-m365 demo";

pub const COMPLETIONS: &str = "\
Examples:
  rally-m365 completions bash > ~/.local/share/bash-completion/completions/rally-m365
  rally-m365 completions zsh > ~/.zfunc/_rally-m365
  rally-m365 completions fish > ~/.config/fish/completions/rally-m365.fish";

pub const MAN: &str = "\
Examples:
  rally-m365 man | man -l -
  rally-m365 man slots > rally-m365-slots.1";

pub const SANDBOX: &str = "\
Examples:
  rally-m365 sandbox serve
  rally-m365 sandbox outbox --url http://127.0.0.1:8400";

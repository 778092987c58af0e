//! The journal's state machine at every crash point, its decisions, run keys, and the file
//! layer (torn lines cut, locks, modes, listing).

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

use crate::email::EmailAddress;
use crate::mail::journal::*;
use crate::mail::journal_store::JournalStore;
use crate::mail::template_context::OfferedSlot;
use crate::store::config::ProfileName;

fn t(minutes: i64) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
        + TimeDelta::minutes(minutes)
}

fn addr(s: &str) -> EmailAddress {
    EmailAddress::parse(s).unwrap()
}

fn planned(at: i64, emails: &[&str]) -> Record {
    Record::Planned {
        at: t(at),
        key: "k".into(),
        profile: "default".into(),
        command: "invite".into(),
        recipients: emails.len(),
        emails: emails.iter().map(|e| addr(e)).collect(),
    }
}

fn sending(at: i64, email: &str) -> Record {
    Record::Sending {
        at: t(at),
        email: addr(email),
        message: Some("d1".into()),
        slots: vec![],
    }
}

fn sent(at: i64, email: &str) -> Record {
    Record::Sent {
        at: t(at),
        email: addr(email),
    }
}

fn text(records: &[Record]) -> String {
    records.iter().map(Record::to_line).collect()
}

fn replay(text: &str) -> Replayed {
    JournalState::replay("j.jsonl", text).unwrap()
}

fn state_of(text: &str, email: &str) -> RecipientState {
    replay(text).state.state(&addr(email))
}

const A: &str = "ada@x.example";
const B: &str = "bob@x.example";

#[test]
fn records_are_the_documented_json_lines() {
    assert_eq!(
        sent(1, A).to_line(),
        "{\"event\":\"sent\",\"at\":\"2026-12-01T09:01:00Z\",\"email\":\"ada@x.example\"}\n"
    );
    let line = Record::Sending {
        at: t(0),
        email: addr(A),
        message: None,
        slots: vec![OfferedSlot {
            start: t(60),
            end: t(120),
        }],
    }
    .to_line();
    let value: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(
        value,
        json!({"event": "sending", "at": "2026-12-01T09:00:00Z", "email": A,
               "slots": [{"start": "2026-12-01T10:00:00Z", "end": "2026-12-01T11:00:00Z"}]})
    );
    let value: serde_json::Value = serde_json::from_str(&planned(0, &[A]).to_line()).unwrap();
    assert_eq!(value["event"], "planned");
    assert_eq!(value["recipients"], 1);
    let refused = Record::Refused {
        at: t(0),
        email: addr(A),
        reason: "429".into(),
        retryable: true,
    };
    let value: serde_json::Value = serde_json::from_str(&refused.to_line()).unwrap();
    assert_eq!(
        (value["event"].as_str(), value["retryable"].as_bool()),
        (Some("refused"), Some(true))
    );
}

#[test]
fn crash_after_planned_everyone_is_still_to_send() {
    let journal = text(&[planned(0, &[A, B])]);
    let state = replay(&journal).state;
    for email in [A, B] {
        assert_eq!(state.state(&addr(email)), RecipientState::NotStarted);
        assert_eq!(state.decide(&addr(email), false), Decision::Send);
    }
    assert_eq!(state.recipients(), [addr(A), addr(B)]);
}

#[test]
fn crash_after_sending_is_unknown_and_not_resent_unless_asked() {
    let journal = text(&[planned(0, &[A, B]), sending(1, A)]);
    let state = replay(&journal).state;
    assert_eq!(
        state.state(&addr(A)),
        RecipientState::Unknown {
            since: t(1),
            reason: DIED_IN_FLIGHT.into()
        }
    );
    let decision = state.decide(&addr(A), false);
    assert!(matches!(decision, Decision::Unknown { since, .. } if since == t(1)));
    assert_eq!(decision.reason().as_deref(), Some("unknown"));
    assert_eq!(state.decide(&addr(A), true), Decision::Send);
    assert_eq!(state.decide(&addr(B), false), Decision::Send);
}

#[test]
fn crash_after_sent_is_skipped_as_already_sent() {
    let journal = text(&[planned(0, &[A, B]), sending(1, A), sent(2, A)]);
    let state = replay(&journal).state;
    assert_eq!(state.state(&addr(A)), RecipientState::Sent { at: t(2) });
    let decision = state.decide(&addr(A), true);
    assert_eq!(decision, Decision::AlreadySent { at: t(2) });
    assert_eq!(
        decision.reason().as_deref(),
        Some("already sent at 2026-12-01T09:02:00Z")
    );
    assert_eq!(state.decide(&addr(B), false), Decision::Send);
}

#[test]
fn a_torn_last_line_is_ignored() {
    let whole = text(&[planned(0, &[A, B]), sending(1, A)]);
    // The `sent` was being written when the power went: its outcome is unknown.
    let torn_sent = format!("{whole}{}", &sent(2, A).to_line()[..20]);
    let replayed = replay(&torn_sent);
    assert_eq!(replayed.valid_len, whole.len());
    assert!(matches!(
        replayed.state.state(&addr(A)),
        RecipientState::Unknown { .. }
    ));

    // The `sending` was being written: the request never left, so it is still to send.
    let base = text(&[planned(0, &[A, B])]);
    let torn_sending = format!("{base}{}", sending(1, A).to_line().trim_end());
    let replayed = replay(&torn_sending);
    assert_eq!(replayed.valid_len, base.len());
    assert_eq!(replayed.state.state(&addr(A)), RecipientState::NotStarted);

    // Zeros left by a lost write, with no line end, are a torn line too.
    let zeros = format!("{base}\0\0\0\0");
    assert_eq!(replay(&zeros).valid_len, base.len());
}

#[test]
fn a_bad_line_that_is_not_a_torn_tail_is_damage() {
    let journal = format!(
        "{}{{\"event\":\"sent\",\"at\":\n{}",
        text(&[planned(0, &[A])]),
        sent(2, A).to_line()
    );
    let e = JournalState::replay("j.jsonl", &journal).unwrap_err();
    assert!(matches!(e, JournalError::Damaged { line: 2, .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("the journal j.jsonl is damaged at line 2")
    );
    // A whole last line that does not read is not taken for a torn one (a newer version?).
    let journal = format!("{}{{\"event\":\"bounced\"}}\n", text(&[planned(0, &[A])]));
    assert!(matches!(
        JournalState::replay("j.jsonl", &journal),
        Err(JournalError::Damaged { line: 2, .. })
    ));
    let e = JournalState::replay("j.jsonl", &text(&[sent(1, A)])).unwrap_err();
    assert!(matches!(e, JournalError::NoHeader { .. }));
    // Empty files and blank lines are fine.
    assert_eq!(replay("").valid_len, 0);
    let with_blank = format!("{}\n{}", text(&[planned(0, &[A])]), sent(1, A).to_line());
    assert_eq!(replay(&with_blank).valid_len, with_blank.len());
}

#[test]
fn refusals_are_sent_again_retryable_or_not() {
    for retryable in [true, false] {
        let journal = text(&[
            planned(0, &[A]),
            sending(1, A),
            Record::Refused {
                at: t(2),
                email: addr(A),
                reason: "403 ErrorAccessDenied".into(),
                retryable,
            },
        ]);
        let state = replay(&journal).state;
        assert_eq!(
            state.state(&addr(A)),
            RecipientState::Refused {
                at: t(2),
                reason: "403 ErrorAccessDenied".into(),
                retryable
            }
        );
        assert_eq!(state.decide(&addr(A), false), Decision::Send);
    }
}

#[test]
fn an_explicit_unknown_dates_from_the_send_and_a_retry_can_settle_it() {
    let mut records = vec![
        planned(0, &[A]),
        sending(1, A),
        Record::Unknown {
            at: t(3),
            email: addr(A),
            reason: "the connection closed before an answer".into(),
        },
    ];
    let state = replay(&text(&records)).state;
    assert_eq!(
        state.state(&addr(A)),
        RecipientState::Unknown {
            since: t(1),
            reason: "the connection closed before an answer".into()
        }
    );
    // Resumed later with --retry-unknown: planned again, sent.
    records.extend([planned(60, &[A]), sending(61, A), sent(62, A)]);
    let state = replay(&text(&records)).state;
    assert_eq!(state.state(&addr(A)), RecipientState::Sent { at: t(62) });
    let summary = state.summary(&RunKey::parse(&"a".repeat(64)).unwrap());
    assert_eq!((summary.starts, summary.sent, summary.unknown), (2, 1, 0));
    assert_eq!(summary.started_at, Some(t(0)));
    assert_eq!(summary.last_activity, Some(t(62)));
}

#[test]
fn sent_is_final() {
    let journal = text(&[
        planned(0, &[A]),
        sending(1, A),
        sent(2, A),
        sending(5, A),
        Record::Refused {
            at: t(6),
            email: addr(A),
            reason: "x".into(),
            retryable: true,
        },
    ]);
    assert_eq!(state_of(&journal, A), RecipientState::Sent { at: t(2) });
}

#[test]
fn the_summary_and_detail_count_every_recipient() {
    let slot = OfferedSlot {
        start: t(600),
        end: t(660),
    };
    let journal = text(&[
        planned(0, &[A, B, "c@x.example", "d@x.example"]),
        Record::Sending {
            at: t(1),
            email: addr(A),
            message: Some("d".into()),
            slots: vec![slot],
        },
        sent(2, A),
        sending(3, B),
        Record::Refused {
            at: t(4),
            email: addr(B),
            reason: "400".into(),
            retryable: false,
        },
        sending(5, "c@x.example"),
    ]);
    let state = replay(&journal).state;
    let key = RunKey::parse(&"b".repeat(64)).unwrap();
    let summary = state.summary(&key);
    assert_eq!(
        (
            summary.recipients,
            summary.sent,
            summary.refused,
            summary.unknown,
            summary.pending
        ),
        (4, 1, 1, 1, 1)
    );
    assert_eq!(summary.command.as_deref(), Some("invite"));
    let detail = state.detail(&key);
    assert_eq!(detail.recipients.len(), 4);
    assert_eq!(detail.recipients[0].offered, [slot]);
    assert_eq!(detail.recipients[0].attempts, 1);
    assert_eq!(state.offered(&addr(A)), Some(&[slot][..]));
    assert_eq!(state.offered(&addr(B)), None);
    let value = serde_json::to_value(&detail).unwrap();
    assert_eq!(value["sent"], 1);
    assert_eq!(value["recipients"][0]["state"], "sent");
    assert_eq!(value["recipients"][2]["state"], "unknown");
    assert_eq!(value["recipients"][3]["state"], "not_started");
}

fn profile(name: &str) -> ProfileName {
    ProfileName::parse(name).unwrap()
}

#[test]
fn the_same_content_gives_the_same_key_and_other_content_another() {
    let key = |profile_name: &str, command: &str, people: &[&str], template: &str| {
        let mut builder = RunKey::builder(&profile(profile_name), command);
        builder.field("template", template).field("slots", "5");
        for p in people {
            builder.recipient(&addr(p), "");
        }
        builder.finish()
    };
    let base = key("default", "invite", &[A, B], "Hello");
    assert_eq!(base, key("default", "invite", &[A, B], "Hello"));
    // Row order and the address's case do not make another run.
    assert_eq!(
        base,
        key("default", "invite", &["BOB@x.example", A], "Hello")
    );
    for other in [
        key("work", "invite", &[A, B], "Hello"),
        key("default", "send", &[A, B], "Hello"),
        key("default", "invite", &[A], "Hello"),
        key("default", "invite", &[A, B], "Hello!"),
    ] {
        assert_ne!(base, other);
    }
    // Field boundaries count: ("ab", "c") is not ("a", "bc").
    let mut one = RunKey::builder(&profile("default"), "send");
    one.field("ab", "c");
    let mut two = RunKey::builder(&profile("default"), "send");
    two.field("a", "bc");
    assert_ne!(one.finish(), two.finish());
    // A recipient's own content is part of the key.
    let mut x = RunKey::builder(&profile("default"), "send");
    x.recipient(&addr(A), "row: Ada");
    let mut y = RunKey::builder(&profile("default"), "send");
    y.recipient(&addr(A), "row: Ada L.");
    assert_ne!(x.finish(), y.finish());

    assert_eq!(base.as_str().len(), 64);
    assert_eq!(RunKey::parse(base.as_str()), Some(base.clone()));
    assert_eq!(base.short().len(), 12);

    // Generations: 0 is the run itself; each later one is a key of its own, the same every time.
    assert_eq!(base.generation(0), base);
    let (g1, g2) = (base.generation(1), base.generation(2));
    assert!(g1 != base && g2 != base && g1 != g2);
    assert_eq!(base.generation(1), g1);
    assert_eq!(RunKey::parse(g2.as_str()), Some(g2.clone()));
    for bad in ["", "abc", &"A".repeat(64), &"g".repeat(64), &"a".repeat(65)] {
        assert_eq!(RunKey::parse(bad), None, "{bad}");
    }
}

#[test]
fn run_keys_do_not_change_between_versions() {
    // A fixed vector, checked with Python's hashlib: a key that changed between versions would
    // make a resumed run start a new journal and mail everyone again.
    let mut builder = RunKey::builder(&profile("default"), "invite");
    builder.field("template", "builtin");
    builder.recipient(&addr("Ada@X.example"), "");
    assert_eq!(
        builder.finish().as_str(),
        "88d02df53a98ca738bc5ba0f2859f9953e1a5dfc6b2fa3df0d4a624f8e3db0b8"
    );
}

// ---------------------------------------------------------------------------------------------
// The file layer.

fn store() -> (tempfile::TempDir, JournalStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = JournalStore::at(dir.path().join("journal"));
    (dir, store)
}

fn key(c: char) -> RunKey {
    RunKey::parse(&c.to_string().repeat(64)).unwrap()
}

#[test]
fn a_journal_survives_reopening_with_every_record() {
    let (_dir, store) = store();
    let p = profile("default");
    {
        let mut journal = store.open_run(&p, &key('a')).unwrap();
        journal.append(&planned(0, &[A, B])).unwrap();
        journal.append(&sending(1, A)).unwrap();
        journal.append(&sent(2, A)).unwrap();
        journal.append(&sending(3, B)).unwrap();
        assert_eq!(
            journal.state().state(&addr(A)),
            RecipientState::Sent { at: t(2) }
        );
    }
    let journal = store.open_run(&p, &key('a')).unwrap();
    assert_eq!(
        journal.state().decide(&addr(A), false),
        Decision::AlreadySent { at: t(2) }
    );
    assert!(matches!(
        journal.state().decide(&addr(B), false),
        Decision::Unknown { .. }
    ));
    let on_disk = std::fs::read_to_string(journal.path()).unwrap();
    assert_eq!(on_disk.lines().count(), 4);
}

#[test]
fn a_torn_tail_is_cut_so_the_next_record_has_its_own_line() {
    let (_dir, store) = store();
    let p = profile("default");
    let path = store.path_of(&p, &key('a'));
    {
        let mut journal = store.open_run(&p, &key('a')).unwrap();
        journal.append(&planned(0, &[A])).unwrap();
        journal.append(&sending(1, A)).unwrap();
    }
    let whole = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{whole}{{\"event\":\"se")).unwrap();
    {
        let mut journal = store.open_run(&p, &key('a')).unwrap();
        assert!(matches!(
            journal.state().state(&addr(A)),
            RecipientState::Unknown { .. }
        ));
        journal.append(&planned(5, &[A])).unwrap();
    }
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after, format!("{whole}{}", planned(5, &[A]).to_line()));
    store.open_run(&p, &key('a')).unwrap();
}

#[test]
fn bad_bytes_before_the_last_line_are_damage_not_a_torn_write() {
    let (_dir, store) = store();
    let p = profile("default");
    let path = store.path_of(&p, &key('a'));
    drop(store.open_run(&p, &key('a')).unwrap());
    let mut bytes = planned(0, &[A]).to_line().into_bytes();
    bytes.extend_from_slice(b"\xff\xfe\n");
    bytes.extend_from_slice(sent(1, A).to_line().as_bytes());
    std::fs::write(&path, &bytes).unwrap();
    let e = store.open_run(&p, &key('a')).unwrap_err();
    assert!(matches!(e, JournalError::Damaged { line: 2, .. }), "{e:?}");
    // Nothing was cut: the record after the damage is still there.
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    // A character cut in two at the very end is a torn write.
    let mut torn = planned(0, &[A]).to_line().into_bytes();
    torn.extend_from_slice(b"{\"event\":\"sent\",\"email\":\"\xc3");
    std::fs::write(&path, &torn).unwrap();
    store.open_run(&p, &key('a')).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        planned(0, &[A]).to_line()
    );
}

#[test]
fn the_same_run_cannot_be_open_twice() {
    let (_dir, store) = store();
    let p = profile("default");
    let first = store.open_run(&p, &key('a')).unwrap();
    let e = store.open_run(&p, &key('a')).unwrap_err();
    assert!(matches!(e, JournalError::Busy { .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("another rally-m365 process is running this same send")
    );
    // Another run is not blocked, and the lock goes with the journal.
    store.open_run(&p, &key('b')).unwrap();
    drop(first);
    store.open_run(&p, &key('a')).unwrap();
}

#[cfg(unix)]
#[test]
fn directories_are_0700_files_0600_and_links_are_refused() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let (dir, store) = store();
    let p = profile("default");
    let journal = store.open_run(&p, &key('a')).unwrap();
    let mode = |path: &std::path::Path| {
        std::fs::symlink_metadata(path)
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode(store.root()), 0o700);
    assert_eq!(mode(&store.root().join("default")), 0o700);
    assert_eq!(mode(journal.path()), 0o600);
    drop(journal);

    let target = dir.path().join("elsewhere.jsonl");
    std::fs::write(&target, "").unwrap();
    symlink(&target, store.path_of(&p, &key('c'))).unwrap();
    let e = store.open_run(&p, &key('c')).unwrap_err();
    assert!(e.to_string().contains("symbolic link"), "{e}");
}

#[test]
fn runs_are_listed_newest_first_and_found_by_a_key_prefix() {
    let (_dir, store) = store();
    let p = profile("default");
    assert!(store.list_runs(&p).unwrap().is_empty());
    {
        let mut old = store.open_run(&p, &key('a')).unwrap();
        old.append(&planned(0, &[A])).unwrap();
        old.append(&sending(1, A)).unwrap();
        old.append(&sent(2, A)).unwrap();
        let mut new = store.open_run(&p, &key('b')).unwrap();
        new.append(&planned(100, &[A, B])).unwrap();
    }
    // A damaged journal is listed as such; stray files are ignored.
    std::fs::write(store.path_of(&p, &key('c')), "not json\n").unwrap();
    std::fs::write(store.root().join("default").join("notes.txt"), "x").unwrap();
    let runs = store.list_runs(&p).unwrap();
    assert_eq!(runs.len(), 3);
    assert_eq!(runs[0].key, key('b').to_string());
    assert_eq!((runs[0].pending, runs[0].recipients), (2, 2));
    assert_eq!(runs[1].key, key('a').to_string());
    assert_eq!(runs[1].sent, 1);
    assert!(
        runs[2]
            .damaged
            .as_deref()
            .unwrap()
            .contains("damaged at line 1")
    );
    // Other profiles have their own runs.
    assert!(store.list_runs(&profile("work")).unwrap().is_empty());

    let detail = store.run_detail(&p, "aaaa").unwrap();
    assert_eq!(
        detail.recipients[0].state,
        RecipientState::Sent { at: t(2) }
    );
    assert!(matches!(
        store.run_detail(&p, "ffff"),
        Err(JournalError::NotFound(_))
    ));
    assert!(matches!(
        store.run_detail(&p, ""),
        Err(JournalError::NotFound(_))
    ));
    std::fs::copy(
        store.path_of(&p, &key('a')),
        store
            .root()
            .join("default")
            .join(format!("a{}.jsonl", "b".repeat(63))),
    )
    .unwrap();
    assert!(matches!(
        store.run_detail(&p, "a"),
        Err(JournalError::Ambiguous(_))
    ));
}

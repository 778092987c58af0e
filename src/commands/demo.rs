//! `demo`: a newcomer's walk-through with no Microsoft account: a sandbox tenant in this
//! process, `connect` (the sandbox approves the sign-in as a browser would), `status`, this
//! week's `slots`, `book` of the first slot with a sandbox participant, `interviews`, and an
//! `invite` shown as the participant receives it. Times are shown in the zone of the sandbox
//! user's working hours (said so before the slots), not this machine's.
//! Tokens stay in memory and vanish when the demo ends.

use std::collections::BTreeMap;

use chrono_tz::Tz;

use crate::cli::{BookArgs, ConnectArgs, InterviewsArgs, InviteArgs, RecheckArgs, SlotsArgs};
use crate::commands::{Browser, Context, book, connect, interviews, invite, slots, status};
use crate::error::AppError;
use crate::output::Output;
use crate::sandbox::{Sandbox, SandboxOptions};
use crate::schedule::{WorkZone, resolve_zone_name};
use crate::store::config::{FlagOverrides, ProfileSection, Settings};
use crate::store::keychain::SecretStore;

pub async fn run(out: &Output) -> Result<(), AppError> {
    let sandbox = Sandbox::bind(SandboxOptions::default())
        .await
        .map_err(|e| AppError::unexpected(format!("cannot start the sandbox tenant: {e}")))?;
    let base = sandbox.base_url();
    let control = sandbox.control();
    let server = tokio::spawn(sandbox.run());

    // The demo ignores the user's environment and config: it must not touch a real account.
    let section = ProfileSection {
        authority_host: Some(base.clone()),
        graph_url: Some(base.clone()),
        ..Default::default()
    };
    let settings = Settings::resolve(
        "demo",
        section,
        &BTreeMap::new(),
        &FlagOverrides::default(),
        None,
    )?;
    // The demo's bulk-run journal lives and dies with the demo.
    let journal_dir = std::env::temp_dir().join(format!("rally-m365-demo-{}", std::process::id()));
    let ctx = Context {
        settings,
        out: out.clone(),
        http: Default::default(),
        preset_store: Some(SecretStore::memory()),
        preset_journal: Some(journal_dir.clone()),
    };
    out.say(format!(
        "rally-m365 demo: a sandbox tenant ({}) runs inside this process at {base}.\n\
Nothing reaches Microsoft, and the tokens are kept in memory only (no keychain is touched).\n",
        control.tenant_domain()
    ));

    step(out, "rally-m365 connect");
    let connect_args = ConnectArgs {
        calendar_only: false,
        no_browser: false,
        device_code: false,
        browser: false,
        timeout: "60".into(),
        tenant: None,
    };
    connect::run(&ctx, &connect_args, Browser::Sandbox).await?;

    step(out, "rally-m365 status");
    status::run(&ctx, &crate::cli::StatusArgs::default()).await?;

    // The sandbox user's calendar lives in their own zone; showing it in this machine's zone
    // would make their 09:00-17:00 look like the middle of the night.
    let user = control.default_user();
    let zone = demo_zone(control.working_hours_zone(&user).as_deref());
    out.say(format!(
        "\nTimes below are in {}, the zone of {user}'s working hours in the sandbox \
(with your own account they are in your zone: --tz, the slots.tz config key, TZ, or this machine's zone).",
        zone.name()
    ));
    step(
        out,
        &format!(
            "rally-m365 slots --week --duration 45m --buffer 10m --tz {}",
            zone.name()
        ),
    );
    let slots_args = SlotsArgs {
        week: true,
        duration: Some("45m".into()),
        buffer: Some("10m".into()),
        tz: Some(zone.name().to_owned()),
        ..Default::default()
    };
    let found = slots::run_and_report(&ctx, &slots_args).await?;

    // A participant of the sandbox tenant, so the invitation lands in a calendar the demo can
    // show; in real use any address works.
    let participant = "megan.bowen@contoso.example";
    if let Some(first) = found.slots.first() {
        let start = first.start.to_rfc3339();
        step(
            out,
            &format!("rally-m365 book --start {start} --duration 45m --teams {participant}"),
        );
        let book_args = BookArgs {
            participants: vec![participant.to_owned()],
            start,
            duration: Some("45m".into()),
            subject: "Research interview".into(),
            teams: true,
            recheck: RecheckArgs {
                tz: Some(found.time_zone.name().to_owned()),
                ..Default::default()
            },
            ..Default::default()
        };
        book::run(&ctx, &book_args).await?;

        step(
            out,
            &format!("rally-m365 interviews --tz {}", found.time_zone.name()),
        );
        interviews::run(
            &ctx,
            &InterviewsArgs {
                tz: Some(found.time_zone.name().to_owned()),
                ..Default::default()
            },
        )
        .await?;
        let invited = control
            .notifications()
            .into_iter()
            .filter(|n| n.to == participant)
            .count();
        out.say(format!(
            "{participant} received {invited} meeting request{} in the sandbox.",
            if invited == 1 { "" } else { "s" }
        ));
    }

    let invitee = "ada.lovelace@example.com";
    step(
        out,
        &format!(
            "rally-m365 invite {invitee} --name Ada --slots 3 --study \"Checkout study\" --no-overlap --tz {}",
            zone.name()
        ),
    );
    let invite_args = InviteArgs {
        participants: vec![invitee.to_owned()],
        name: Some("Ada".into()),
        offer: 3,
        study: Some("Checkout study".into()),
        slots: SlotsArgs {
            week: true,
            duration: Some("45m".into()),
            no_overlap: true,
            tz: Some(zone.name().to_owned()),
            ..Default::default()
        },
        ..Default::default()
    };
    invite::run(&ctx, &invite_args, true).await?;
    if let Some(mail) = control.outbox().last() {
        out.say(format!(
            "\nWhat {invitee} receives (the sandbox's outbox; `rally-m365 sandbox outbox` shows it for a running sandbox):\n\nFrom: {}\nTo: {}\nSubject: {}\n\n{}",
            mail.from.address,
            mail.to.iter().map(|t| t.address.as_str()).collect::<Vec<_>>().join(", "),
            crate::redact::one_line(&mail.subject, 200),
            crate::mail::html_text::html_to_text(&mail.content)
        ));
    }

    out.say(format!(
        "\nDone. {} reached the sandbox. To use your own account: `rally-m365 connect`.",
        crate::output::count(control.requests().len(), "request")
    ));
    server.abort();
    let _ = std::fs::remove_dir_all(&journal_dir);
    Ok(())
}

/// The zone of the sandbox user's working hours (a Windows or IANA name), else UTC.
fn demo_zone(working_hours_zone: Option<&str>) -> Tz {
    match working_hours_zone.map(resolve_zone_name) {
        Some(Ok(WorkZone::Tz(tz))) => tz,
        _ => Tz::UTC,
    }
}

fn step(out: &Output, command: &str) {
    out.say(format!("\n$ {command}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_zone_is_the_sandbox_users_working_hours_zone() {
        assert_eq!(
            demo_zone(Some("Pacific Standard Time")),
            chrono_tz::America::Los_Angeles
        );
        assert_eq!(demo_zone(Some("Europe/London")), chrono_tz::Europe::London);
        assert_eq!(demo_zone(None), Tz::UTC);
        assert_eq!(demo_zone(Some("Customized Time Zone")), Tz::UTC);
    }
}

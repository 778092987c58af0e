//! The config file, and `sandbox serve` driven the way a script would drive it.

mod support;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use support::cli::World;

fn write_config(world: &World, text: &str) {
    let dir = world.home().join(".config/rally-m365");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

#[test]
fn slot_defaults_come_from_the_profile_config_and_flags_win() {
    let world = World::start();
    world.connected();
    write_config(
        &world,
        "[profiles.default.slots]\nduration = \"30m\"\ntz = \"Europe/Berlin\"\nmax_per_day = 1\n",
    );
    let outcome = world.run(&["slots", "--json", "--days", "14"]);
    assert_eq!(outcome.code, 0, "{outcome:#?}");
    let json = outcome.json();
    assert_eq!(json["duration_minutes"], 30);
    assert_eq!(json["time_zone"], "Europe/Berlin");
    let slots = json["slots"].as_array().unwrap();
    assert!(
        !slots.is_empty() && slots.len() <= 15,
        "one per day at most: {}",
        slots.len()
    );
    let flag = world.run(&["slots", "--json", "--days", "14", "--duration", "45m"]);
    assert_eq!(flag.json()["duration_minutes"], 45);
}

#[test]
fn a_broken_config_file_is_exit_2_naming_the_file() {
    let world = World::start();
    write_config(&world, "[profiles.default]\ntennant = \"typo\"\n");
    let outcome = world.run(&["status"]);
    assert_eq!(outcome.code, 2, "{outcome:#?}");
    assert!(outcome.stderr.contains("config.toml"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("tennant"), "{}", outcome.stderr);
}

#[test]
fn the_config_tenant_is_used_for_sign_in() {
    let world = World::start();
    write_config(&world, "[profiles.default]\ntenant = \"contoso.example\"\n");
    let mut running = world.spawn(&["connect", "--no-browser"]);
    let url = running.wait_for_line(|l| l.contains("/oauth2/v2.0/authorize?"));
    assert!(
        url.contains("/contoso.example/oauth2/v2.0/authorize?"),
        "{url}"
    );
    world
        .sandbox
        .browser_sign_in(&url, rally_m365::sandbox::BrowserAction::Approve)
        .unwrap();
    assert_eq!(running.finish().code, 0);
}

#[test]
fn sandbox_serve_prints_the_environment_and_serves_a_device_code_sign_in() {
    let world = World::start();
    let mut server = world
        .plain_command(support::cli::BIN)
        .args(["sandbox", "serve", "--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let mut env = Vec::new();
    for _ in 0..2 {
        let line = lines.next().unwrap().unwrap();
        let (key, value) = line
            .trim_start_matches("export ")
            .split_once('=')
            .expect("an export line");
        env.push((key.to_owned(), value.to_owned()));
    }
    assert_eq!(env[0].0, "RALLY_M365_AUTHORITY_HOST");
    assert_eq!(env[1].0, "RALLY_M365_GRAPH_URL");
    let base = env[0].1.clone();

    let mut connect = world.plain_command(support::cli::BIN);
    connect
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .args(["connect", "--device-code"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = connect.spawn().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
    let message = stderr
        .by_ref()
        .map(|l| l.unwrap())
        .find(|l| l.contains("enter the code"))
        .expect("device code message");
    let code = support::cli::user_code(&message);
    // What a script does: approve through the control API over HTTP.
    let status = std::process::Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-X",
            "POST",
            "-H",
            "Content-Type: application/json",
        ])
        .arg("-d")
        .arg(format!("{{\"user_code\":\"{code}\"}}"))
        .arg(format!("{base}/_sandbox/device/approve"))
        .output();
    if let Ok(out) = &status {
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "204",
            "the control API approves with 204 No Content"
        );
    } else {
        panic!("curl is needed for this test");
    }
    let exit = child.wait().unwrap();
    assert_eq!(exit.code(), Some(0));
    assert!(world.stored("default").is_some());
    server.kill().unwrap();
    server.wait().unwrap();
}

//! Which sign-in `connect` uses: the browser with a loopback redirect, or a device code. The
//! loopback redirect goes to `http://localhost:{port}/` of the machine that runs rally-m365,
//! so it only works when the browser runs there too. On an SSH session without a display the
//! browser is on another machine, and the device code flow is the one that works (as the
//! Azure CLI and the GitHub CLI do). Pure: the environment comes in as [`Surroundings`].

/// What the user asked for on the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Requested {
    /// `--device-code`
    pub device_code: bool,
    /// `--browser`: the loopback flow even on a remote session.
    pub browser: bool,
    /// `--no-browser`: the loopback flow, the URL printed, no browser started.
    pub no_browser: bool,
}

/// What the environment says about where the person is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Surroundings {
    /// `SSH_CONNECTION` or `SSH_TTY` is set.
    pub ssh: bool,
    /// `DISPLAY`, `WAYLAND_DISPLAY` or `BROWSER` is set: a browser can open on this machine.
    pub display: bool,
}

impl Surroundings {
    /// From environment variables (`get` returns a variable's value); empty counts as unset.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Surroundings {
        let set = |name: &str| get(name).is_some_and(|v| !v.trim().is_empty());
        Surroundings {
            ssh: set("SSH_CONNECTION") || set("SSH_TTY"),
            display: set("DISPLAY") || set("WAYLAND_DISPLAY") || set("BROWSER"),
        }
    }

    /// This process's environment.
    pub fn of_this_process() -> Surroundings {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// An SSH session with no way to show a browser here.
    pub fn remote_without_display(self) -> bool {
        self.ssh && !self.display
    }
}

/// The flow to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Loopback redirect; `open`: start the browser (else only print the URL).
    Browser {
        open: bool,
    },
    DeviceCode,
}

/// The flow, and what to tell the user about the choice (on stderr), if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub flow: Flow,
    pub note: Option<&'static str>,
}

/// Why the device code flow was chosen without `--device-code`.
pub const SSH_FALLBACK_NOTE: &str = "This is an SSH session without a display, so rally-m365 signs in with a device code: \
a browser on another machine cannot reach the sign-in's redirect to localhost on this one \
(--browser uses the browser sign-in anyway).";

/// A printed URL on a remote session: the redirect will not reach us from the user's machine.
pub const SSH_NO_BROWSER_NOTE: &str = "This is an SSH session: open the URL in a browser on this machine, or forward the \
redirect's port (ssh -L); --device-code signs in from any device.";

/// `admin-consent` waiting on a remote session: the administrator's answer is redirected to
/// localhost, so it reaches us only from a browser on this machine.
pub const SSH_ADMIN_CONSENT_NOTE: &str = "This is an SSH session: the administrator's answer reaches rally-m365 only from a browser \
on this machine (or through a forwarded port, ssh -L); to send the link to IT instead, use --print-only.";

pub fn choose(requested: Requested, around: Surroundings) -> Choice {
    let plain = |flow| Choice { flow, note: None };
    if requested.device_code {
        return plain(Flow::DeviceCode);
    }
    if requested.browser {
        return plain(Flow::Browser { open: true });
    }
    if requested.no_browser {
        return Choice {
            flow: Flow::Browser { open: false },
            note: around
                .remote_without_display()
                .then_some(SSH_NO_BROWSER_NOTE),
        };
    }
    if around.remote_without_display() {
        return Choice {
            flow: Flow::DeviceCode,
            note: Some(SSH_FALLBACK_NOTE),
        };
    }
    plain(Flow::Browser { open: true })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn around(vars: &[(&str, &str)]) -> Surroundings {
        Surroundings::from_vars(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    const SSH: (&str, &str) = ("SSH_CONNECTION", "10.0.0.2 52000 10.0.0.1 22");

    #[test]
    fn a_desktop_signs_in_in_the_browser() {
        let choice = choose(Requested::default(), around(&[("DISPLAY", ":0")]));
        assert_eq!(choice.flow, Flow::Browser { open: true });
        assert_eq!(choice.note, None);
        // No SSH and no display (a console, a container): the browser flow as before.
        assert_eq!(
            choose(Requested::default(), around(&[])).flow,
            Flow::Browser { open: true }
        );
    }

    #[test]
    fn ssh_without_a_display_uses_the_device_code_and_says_why() {
        for ssh in [SSH, ("SSH_TTY", "/dev/pts/3")] {
            let choice = choose(Requested::default(), around(&[ssh]));
            assert_eq!(choice.flow, Flow::DeviceCode, "{ssh:?}");
            let note = choice.note.expect("a reason");
            assert!(note.contains("SSH"), "{note}");
            assert!(note.contains("--browser"), "{note}");
        }
    }

    #[test]
    fn ssh_with_a_display_or_a_browser_keeps_the_browser_flow() {
        for display in [
            ("DISPLAY", "localhost:10.0"),
            ("WAYLAND_DISPLAY", "wayland-0"),
            ("BROWSER", "w3m"),
        ] {
            let choice = choose(Requested::default(), around(&[SSH, display]));
            assert_eq!(choice.flow, Flow::Browser { open: true }, "{display:?}");
            assert_eq!(choice.note, None);
        }
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let choice = choose(
            Requested::default(),
            around(&[("SSH_CONNECTION", " "), ("DISPLAY", "")]),
        );
        assert_eq!(choice.flow, Flow::Browser { open: true });
        let choice = choose(Requested::default(), around(&[SSH, ("DISPLAY", "")]));
        assert_eq!(choice.flow, Flow::DeviceCode);
    }

    #[test]
    fn the_flags_win_over_the_environment() {
        let ssh = around(&[SSH]);
        let browser = Requested {
            browser: true,
            ..Default::default()
        };
        assert_eq!(
            choose(browser, ssh),
            Choice {
                flow: Flow::Browser { open: true },
                note: None
            }
        );
        let device = Requested {
            device_code: true,
            ..Default::default()
        };
        assert_eq!(
            choose(device, around(&[("DISPLAY", ":0")])).flow,
            Flow::DeviceCode
        );
        let print = Requested {
            no_browser: true,
            ..Default::default()
        };
        let choice = choose(print, ssh);
        assert_eq!(choice.flow, Flow::Browser { open: false });
        assert_eq!(choice.note, Some(SSH_NO_BROWSER_NOTE));
        assert_eq!(choose(print, around(&[])).note, None);
    }

    #[test]
    fn the_notes_have_no_doubled_full_stop() {
        assert!(!SSH_FALLBACK_NOTE.contains(".."));
        assert!(!SSH_NO_BROWSER_NOTE.contains(".."));
    }
}

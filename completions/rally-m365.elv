
use builtin;
use str;

set edit:completion:arg-completer[rally-m365] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'rally-m365'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'rally-m365'= {
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand connect 'Sign in to Microsoft 365 and keep the sign-in in the keychain'
            cand status 'Show the account, tenant, cloud, token store, expiry and permissions (exit 3 when not connected)'
            cand disconnect 'Remove this profile''s sign-in from wherever it is (keychain, token file; safe to run twice)'
            cand profiles 'Every profile (from the config file and from stored sign-ins) with its account and state'
            cand admin-consent 'The link an IT admin opens to approve the app for the whole organisation'
            cand slots 'Free interview slots from your calendar (working hours, busy time, buffers, notice, time zones)'
            cand book 'Book an interview: create the event with the participants invited, after rechecking the slot'
            cand reschedule 'Move an interview to another time (rechecked first); the attendees get the update'
            cand cancel 'Cancel an interview you organize; the attendees are notified'
            cand interviews 'The interviews booked with rally-m365, upcoming first, with the attendees'' responses'
            cand invite 'E-mail participants an invitation that offers free slots, one message each'
            cand send 'E-mail participants any other message, one message per recipient unless --together'
            cand journal 'Past bulk runs of invite and send: who was mailed when, and what is unknown'
            cand sandbox 'The sandbox tenant: an emulator of Microsoft''s identity platform and Graph, for trying things out'
            cand demo 'Walk through connect, status and slots against an in-process sandbox tenant (no account needed)'
            cand schema 'Print the JSON Schema (draft 2020-12) of a command''s --json output; of all of them without COMMAND'
            cand completions 'Print shell completions (the files in completions/ are generated from this)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rally-m365;connect'= {
            cand --timeout 'How long to wait for the sign-in: seconds or a duration (90s, 5m, 1h), at most 1h'
            cand --tenant 'Tenant to sign in to: organizations, common, a tenant id or domain [env: RALLY_M365_TENANT]'
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --calendar-only 'Ask for calendar access only, for workspaces that send mail through their own domain (no Mail.Send)'
            cand --no-browser 'Do not open a browser; print the sign-in URL on stderr and wait'
            cand --device-code 'Sign in with a code on another device (the default on an SSH session without a display)'
            cand --browser 'Sign in in the browser (loopback redirect) even on an SSH session without a display'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;status'= {
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --check 'Verify the sign-in with Microsoft: one token request, which fails if the sign-in was revoked or expired (exit 3) or Microsoft cannot be reached (exit 6)'
            cand --all 'List every profile with its account and state, as `profiles` does'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;disconnect'= {
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;profiles'= {
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;admin-consent'= {
            cand --tenant 'The organisation''s tenant id or domain (or `organizations`; never `common`)'
            cand --timeout 'How long to wait for the admin''s answer: seconds or a duration (90s, 10m, 1h), at most 1h'
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --no-browser 'Do not open a browser; print the link and wait for the admin''s answer'
            cand --print-only 'Only print the link; do not wait for the answer'
            cand --calendar-only 'Link for calendar access only (no Mail.Send)'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;slots'= {
            cand --days 'The N days from --from (calendar days), or from now'
            cand --from 'Window start: RFC 3339, or a local date/time in the display zone (2026-12-03, 2026-12-03T10:00) [default: now]'
            cand --to 'Window end: a date includes that whole day; a time is exclusive (--from defaults to now)'
            cand --duration 'Interview length: 45m, 45min, 1h30, 1.5h, 90 minutes [default: 60m; config slots.duration]'
            cand --step 'Grid of start times, from the start of working hours [default: 30m; config slots.step]'
            cand --buffer 'Free time kept before and after every busy item [default: 0m; config slots.buffer]'
            cand --notice 'Earliest start after now [default: 0m; config slots.notice]'
            cand --tz 'Display time zone, IANA (Europe/Berlin) or Windows name, not an abbreviation (EST) [default: config slots.tz, else TZ, else this machine''s zone]'
            cand --max-per-day 'At most N slots per working day (your working hours'' day) [config slots.max_per_day]'
            cand --with 'Someone else who must also be free: a colleague, a note-taker, a room (repeatable, up to 19)'
            cand --hours 'Your working hours, overriding the calendar''s, in the display zone (09:00-17:00)'
            cand --days-of-week 'Working days with --hours (mon-fri, or mon,wed,fri) [default: mon-fri]'
            cand --output 'Output format for stdout [default: table; json with --json]'
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --week 'The 7 days from now (the default window)'
            cand --tentative-free 'Treat tentative items as free (busy, out-of-office and tentative block by default)'
            cand --no-overlap 'Offer slots that do not overlap each other (what you send to several participants)'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;book'= {
            cand --start 'Start: RFC 3339, or a local date and time in the display zone (2026-12-03T10:00)'
            cand --duration 'Length of the interview [default: 60m; config slots.duration]'
            cand --end 'End instead of --duration (same forms as --start)'
            cand --subject 'Subject of the meeting request'
            cand --optional 'An optional attendee (repeatable)'
            cand --note-taker 'A colleague who takes notes, invited as an optional attendee (repeatable)'
            cand --body 'The invitation''s text'
            cand --body-file 'Read the invitation''s text from a file (- for stdin)'
            cand --location 'Where the interview happens (a room, an address, a link)'
            cand --buffer 'Free time kept before and after the interview in everyone''s calendar [default: 0m]'
            cand --tz 'Display time zone for times typed and shown [default: this machine''s zone; config slots.tz]'
            cand --participant-tz 'Also show the time in the participant''s zone'
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --html 'The body is HTML, not plain text'
            cand --teams 'Make it a Teams meeting and print the join link'
            cand --tentative-free 'Treat tentative items as free in the recheck'
            cand --force 'Skip the recheck of free/busy'
            cand --dry-run 'Print what would be sent and send nothing'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;reschedule'= {
            cand --start 'The new start (same forms as `book --start`)'
            cand --duration 'The new length [default: the current length]'
            cand --buffer 'Free time kept before and after the interview in everyone''s calendar [default: 0m]'
            cand --tz 'Display time zone for times typed and shown [default: this machine''s zone; config slots.tz]'
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --tentative-free 'Treat tentative items as free in the recheck'
            cand --force 'Skip the recheck of free/busy'
            cand --dry-run 'Print what would be sent and send nothing'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;cancel'= {
            cand --message 'A message for the attendees, sent with the cancellation'
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --dry-run 'Print what would be cancelled and send nothing'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;interviews'= {
            cand --days 'The N days from now [default: 30]'
            cand --from 'Window start (same forms as `slots --from`) [default: now]'
            cand --to 'Window end: a date includes that whole day'
            cand --tz 'Display time zone [default: this machine''s zone; config slots.tz]'
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --all 'Include cancelled interviews'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;invite'= {
            cand --csv 'A participants file: columns `email`, `name` and any others (template variables)'
            cand --name 'The participant''s name (with one address)'
            cand --slots 'How many slots each invitation offers [default: 5]'
            cand --per-slot 'No slot is offered to more than N participants of the run'
            cand --study 'The study''s name, for the template'
            cand --template 'Your own template: an optional first line `Subject: ...`, then the body; .html files are HTML'
            cand --participant-tz 'The participants'' zone for the slots shown [default: the display zone]'
            cand --days 'The N days from --from (calendar days), or from now'
            cand --from 'Window start: RFC 3339, or a local date/time in the display zone (2026-12-03, 2026-12-03T10:00) [default: now]'
            cand --to 'Window end: a date includes that whole day; a time is exclusive (--from defaults to now)'
            cand --duration 'Interview length: 45m, 45min, 1h30, 1.5h, 90 minutes [default: 60m; config slots.duration]'
            cand --step 'Grid of start times, from the start of working hours [default: 30m; config slots.step]'
            cand --buffer 'Free time kept before and after every busy item [default: 0m; config slots.buffer]'
            cand --notice 'Earliest start after now [default: 0m; config slots.notice]'
            cand --tz 'Display time zone, IANA (Europe/Berlin) or Windows name, not an abbreviation (EST) [default: config slots.tz, else TZ, else this machine''s zone]'
            cand --max-per-day 'At most N slots per working day (your working hours'' day) [config slots.max_per_day]'
            cand --with 'Someone else who must also be free: a colleague, a note-taker, a room (repeatable, up to 19)'
            cand --hours 'Your working hours, overriding the calendar''s, in the display zone (09:00-17:00)'
            cand --days-of-week 'Working days with --hours (mon-fri, or mon,wed,fri) [default: mon-fri]'
            cand --output 'Output format for stdout [default: table; json with --json]'
            cand --dry-run-dir 'With --dry-run: write one file per message into DIR instead of stdout'
            cand --rate 'At most N messages per period: 30/min (Exchange Online''s limit), 100/h, 5/10s [default: 30/min; config mail.rate]'
            cand --concurrency 'Requests in flight at once, at most 4 (Exchange allows 4 per mailbox) [default: 4; config mail.concurrency]'
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --week 'The 7 days from now (the default window)'
            cand --tentative-free 'Treat tentative items as free (busy, out-of-office and tentative block by default)'
            cand --no-overlap 'Offer slots that do not overlap each other (what you send to several participants)'
            cand --dry-run 'Render every message and send nothing (to stdout, or files with --dry-run-dir)'
            cand --retry-unknown 'Send again to those whose earlier send has an unknown outcome (they may get it twice)'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;send'= {
            cand --to 'A recipient (repeatable), or --csv'
            cand --cc 'A copy to EMAIL on every message (repeatable)'
            cand --bcc 'A blind copy to EMAIL on every message (repeatable)'
            cand --csv 'Recipients from a file: columns `email`, `name` and any others (template variables)'
            cand --subject 'Subject (a template: {{ participant.name }} and the CSV columns)'
            cand --body 'The message (a template, as --subject)'
            cand --body-file 'Read the message from a file (- for stdin)'
            cand --dry-run-dir 'With --dry-run: write one file per message into DIR instead of stdout'
            cand --rate 'At most N messages per period: 30/min (Exchange Online''s limit), 100/h, 5/10s [default: 30/min; config mail.rate]'
            cand --concurrency 'Requests in flight at once, at most 4 (Exchange allows 4 per mailbox) [default: 4; config mail.concurrency]'
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --html 'The body is HTML, not plain text'
            cand --together 'One message to all --to recipients instead of one each (they see each other''s addresses)'
            cand --dry-run 'Render every message and send nothing (to stdout, or files with --dry-run-dir)'
            cand --retry-unknown 'Send again to those whose earlier send has an unknown outcome (they may get it twice)'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;journal'= {
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;sandbox'= {
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Run the sandbox tenant on 127.0.0.1 and print the environment that points rally-m365 at it'
            cand outbox 'Print the mail a running sandbox tenant accepted (its outbox), oldest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rally-m365;sandbox;serve'= {
            cand --port 'Port to listen on (0: any free port)'
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --empty 'Start with users only, no calendar events'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;sandbox;outbox'= {
            cand --url 'The sandbox''s URL, as `sandbox serve` prints it'
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;sandbox;help'= {
            cand serve 'Run the sandbox tenant on 127.0.0.1 and print the environment that points rally-m365 at it'
            cand outbox 'Print the mail a running sandbox tenant accepted (its outbox), oldest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rally-m365;sandbox;help;serve'= {
        }
        &'rally-m365;sandbox;help;outbox'= {
        }
        &'rally-m365;sandbox;help;help'= {
        }
        &'rally-m365;demo'= {
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;schema'= {
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;completions'= {
            cand --profile 'Profile to use (one per account)'
            cand --token-store 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it'
            cand --json 'Machine-readable JSON on stdout'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are always redacted'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -y 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand --yes 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rally-m365;help'= {
            cand connect 'Sign in to Microsoft 365 and keep the sign-in in the keychain'
            cand status 'Show the account, tenant, cloud, token store, expiry and permissions (exit 3 when not connected)'
            cand disconnect 'Remove this profile''s sign-in from wherever it is (keychain, token file; safe to run twice)'
            cand profiles 'Every profile (from the config file and from stored sign-ins) with its account and state'
            cand admin-consent 'The link an IT admin opens to approve the app for the whole organisation'
            cand slots 'Free interview slots from your calendar (working hours, busy time, buffers, notice, time zones)'
            cand book 'Book an interview: create the event with the participants invited, after rechecking the slot'
            cand reschedule 'Move an interview to another time (rechecked first); the attendees get the update'
            cand cancel 'Cancel an interview you organize; the attendees are notified'
            cand interviews 'The interviews booked with rally-m365, upcoming first, with the attendees'' responses'
            cand invite 'E-mail participants an invitation that offers free slots, one message each'
            cand send 'E-mail participants any other message, one message per recipient unless --together'
            cand journal 'Past bulk runs of invite and send: who was mailed when, and what is unknown'
            cand sandbox 'The sandbox tenant: an emulator of Microsoft''s identity platform and Graph, for trying things out'
            cand demo 'Walk through connect, status and slots against an in-process sandbox tenant (no account needed)'
            cand schema 'Print the JSON Schema (draft 2020-12) of a command''s --json output; of all of them without COMMAND'
            cand completions 'Print shell completions (the files in completions/ are generated from this)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rally-m365;help;connect'= {
        }
        &'rally-m365;help;status'= {
        }
        &'rally-m365;help;disconnect'= {
        }
        &'rally-m365;help;profiles'= {
        }
        &'rally-m365;help;admin-consent'= {
        }
        &'rally-m365;help;slots'= {
        }
        &'rally-m365;help;book'= {
        }
        &'rally-m365;help;reschedule'= {
        }
        &'rally-m365;help;cancel'= {
        }
        &'rally-m365;help;interviews'= {
        }
        &'rally-m365;help;invite'= {
        }
        &'rally-m365;help;send'= {
        }
        &'rally-m365;help;journal'= {
        }
        &'rally-m365;help;sandbox'= {
            cand serve 'Run the sandbox tenant on 127.0.0.1 and print the environment that points rally-m365 at it'
            cand outbox 'Print the mail a running sandbox tenant accepted (its outbox), oldest first'
        }
        &'rally-m365;help;sandbox;serve'= {
        }
        &'rally-m365;help;sandbox;outbox'= {
        }
        &'rally-m365;help;demo'= {
        }
        &'rally-m365;help;schema'= {
        }
        &'rally-m365;help;completions'= {
        }
        &'rally-m365;help;help'= {
        }
    ]
    $completions[$command]
}

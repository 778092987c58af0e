# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_rally_m365_global_optspecs
    string join \n profile= o/output= json jq= v/verbose q/quiet y/yes token-store= h/help V/version
end

function __fish_rally_m365_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_rally_m365_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_rally_m365_using_subcommand
    set -l cmd (__fish_rally_m365_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c rally-m365 -n "__fish_rally_m365_needs_command" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "connect" -d 'Sign in to Microsoft 365 and keep the sign-in in the keychain'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "login" -d 'Sign in to Microsoft 365 and keep the sign-in in the keychain'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "status" -d 'Show the account, tenant, cloud, token store, expiry and permissions (exit 3 when not connected)'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "disconnect" -d 'Remove this profile\'s sign-in, wherever it is (safe to run twice)'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "logout" -d 'Remove this profile\'s sign-in, wherever it is (safe to run twice)'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "profiles" -d 'Every profile (from the config file and from stored sign-ins) with its account and state'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "admin-consent" -d 'The link an IT admin opens to approve the app for the whole organisation'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "slots" -d 'Free interview slots from your calendar (working hours, busy time, buffers, notice, time zones)'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "book" -d 'Book an interview: create the event with the participants invited, after rechecking the slot'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "reschedule" -d 'Move an interview to another time (rechecked first); the attendees get the update'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "cancel" -d 'Cancel an interview you organize; the attendees are notified'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "interviews" -d 'The interviews booked with rally-m365, upcoming first, with the attendees\' responses'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "invite" -d 'E-mail participants an invitation that offers free slots, one message each'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "send" -d 'E-mail participants any other message, one message per recipient unless --together'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "journal" -d 'Past bulk runs of invite and send: who was mailed when, and what is unknown'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "sandbox" -d 'The sandbox tenant: an emulator of Microsoft\'s identity platform and Graph, for trying things out'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "demo" -d 'Walk through connect, status and slots against an in-process sandbox tenant (no account needed)'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "schema" -d 'Print the JSON Schema (draft 2020-12) of a command\'s JSON output; of all of them without COMMAND'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "completions" -d 'Print shell completions (the files in completions/ are generated from this)'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "man" -d 'Print the man page (roff), generated from the same definitions as --help (the pages in completions/man/)'
complete -c rally-m365 -n "__fish_rally_m365_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -l timeout -d 'How long to wait for the sign-in: seconds or a duration (90s, 5m, 1h), at most 1h' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -l tenant -d 'Tenant to sign in to: organizations, common, a tenant id or domain [env: RALLY_M365_TENANT]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -l calendar-only -d 'Ask for calendar access only, for workspaces that send mail through their own domain (no Mail.Send)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -l no-browser -d 'Do not open a browser; print the sign-in URL on stderr and wait'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -l device-code -d 'Sign in with a code on another device (the default on an SSH session without a display)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -l browser -d 'Sign in in the browser (loopback redirect) even on an SSH session without a display'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand connect" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -l timeout -d 'How long to wait for the sign-in: seconds or a duration (90s, 5m, 1h), at most 1h' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -l tenant -d 'Tenant to sign in to: organizations, common, a tenant id or domain [env: RALLY_M365_TENANT]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -l calendar-only -d 'Ask for calendar access only, for workspaces that send mail through their own domain (no Mail.Send)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -l no-browser -d 'Do not open a browser; print the sign-in URL on stderr and wait'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -l device-code -d 'Sign in with a code on another device (the default on an SSH session without a display)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -l browser -d 'Sign in in the browser (loopback redirect) even on an SSH session without a display'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand login" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand status" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand status" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand status" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand status" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand status" -l check -d 'Verify the sign-in with Microsoft: one token request, which fails if the sign-in was revoked or expired (exit 3) or Microsoft cannot be reached (exit 6)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand status" -l all -d 'List every profile with its account and state, as `profiles` does'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand status" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand status" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand status" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand status" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand status" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand disconnect" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand disconnect" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand disconnect" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand disconnect" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand disconnect" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand disconnect" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand disconnect" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand disconnect" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand disconnect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand disconnect" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand logout" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand logout" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand logout" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand logout" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand logout" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand logout" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand logout" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand logout" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand logout" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand profiles" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand profiles" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand profiles" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand profiles" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand profiles" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand profiles" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand profiles" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand profiles" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand profiles" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand profiles" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -l tenant -d 'The organisation\'s tenant id or domain (or `organizations`; never `common`)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -l timeout -d 'How long to wait for the admin\'s answer: seconds or a duration (90s, 10m, 1h), at most 1h' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -l no-browser -d 'Do not open a browser; print the link and wait for the admin\'s answer'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -l print-only -d 'Only print the link; do not wait for the answer'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -l calendar-only -d 'Link for calendar access only (no Mail.Send)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand admin-consent" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l days -d 'The N days from --from (calendar days), or from now' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l from -d 'Window start: RFC 3339, or a local date/time in the display zone (2026-12-03, 2026-12-03T10:00) [default: now]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l to -d 'Window end: a date includes that whole day; a time is exclusive (--from defaults to now)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l duration -d 'Interview length: 45m, 45min, 1h30, 1.5h, 90 minutes [default: 60m; config slots.duration]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l step -d 'Grid of start times, from the start of working hours [default: 30m; config slots.step]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l buffer -d 'Free time kept before and after every busy item [default: 0m; config slots.buffer]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l notice -d 'Earliest start after now [default: 0m; config slots.notice]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l tz -d 'Display time zone, IANA (Europe/Berlin) or Windows name, not an abbreviation (EST) [default: config slots.tz, else TZ, else this machine\'s zone]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l max-per-day -d 'At most N slots per working day (your working hours\' day) [config slots.max_per_day]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l with -d 'Someone else who must also be free: a colleague, a note-taker, a room (repeatable, up to 19)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l hours -d 'Your working hours, overriding the calendar\'s, in the display zone (09:00-17:00)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l days-of-week -d 'Working days with --hours (mon-fri, or mon,wed,fri) [default: mon-fri]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l week -d 'The 7 days from now (the default window)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l tentative-free -d 'Treat tentative items as free (busy, out-of-office and tentative block by default)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l no-overlap -d 'Offer slots that do not overlap each other (what you send to several participants)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand slots" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l start -d 'Start: RFC 3339, or a local date and time in the display zone (2026-12-03T10:00)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l duration -d 'Length of the interview [default: 60m; config slots.duration]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l end -d 'End instead of --duration (same forms as --start)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l subject -d 'Subject of the meeting request' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l optional -d 'An optional attendee (repeatable)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l note-taker -d 'A colleague who takes notes, invited as an optional attendee (repeatable)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l body -d 'The invitation\'s text' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l body-file -d 'Read the invitation\'s text from a file (- for stdin)' -r -F
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l location -d 'Where the interview happens (a room, an address, a link)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l buffer -d 'Free time kept before and after the interview in everyone\'s calendar [default: 0m]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l tz -d 'Display time zone for times typed and shown [default: this machine\'s zone; config slots.tz]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l participant-tz -d 'Also show the time in the participant\'s zone' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l html -d 'The body is HTML, not plain text'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l teams -d 'Make it a Teams meeting and print the join link'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l tentative-free -d 'Treat tentative items as free in the recheck'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l force -d 'Skip the recheck of free/busy'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l dry-run -d 'Print what would be sent and send nothing'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand book" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -l start -d 'The new start (same forms as `book --start`)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -l duration -d 'The new length [default: the current length]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -l buffer -d 'Free time kept before and after the interview in everyone\'s calendar [default: 0m]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -l tz -d 'Display time zone for times typed and shown [default: this machine\'s zone; config slots.tz]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -l tentative-free -d 'Treat tentative items as free in the recheck'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -l force -d 'Skip the recheck of free/busy'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -l dry-run -d 'Print what would be sent and send nothing'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand reschedule" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand cancel" -l message -d 'A message for the attendees, sent with the cancellation' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand cancel" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand cancel" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand cancel" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand cancel" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand cancel" -l dry-run -d 'Print what would be cancelled and send nothing'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand cancel" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand cancel" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand cancel" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand cancel" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand cancel" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -l days -d 'The N days from --from, else from now [default: 30]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -l from -d 'Window start (same forms as `slots --from`) [default: now]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -l to -d 'Window end: a date includes that whole day' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -l tz -d 'Display time zone [default: config slots.tz, else TZ, else this machine\'s zone]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -l all -d 'Include cancelled interviews'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand interviews" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l csv -d 'A participants file: columns `email`, `name` and any others (template variables)' -r -F
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l name -d 'The participant\'s name (with one address)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l slots -d 'How many slots each invitation offers [default: 5]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l per-slot -d 'No slot is offered to more than N participants of the run' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l study -d 'The study\'s name, for the template' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l template -d 'Your own template: an optional first line `Subject: ...`, then the body; .html files are HTML' -r -F
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l participant-tz -d 'The participants\' zone for the slots shown [default: the display zone]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l days -d 'The N days from --from (calendar days), or from now' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l from -d 'Window start: RFC 3339, or a local date/time in the display zone (2026-12-03, 2026-12-03T10:00) [default: now]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l to -d 'Window end: a date includes that whole day; a time is exclusive (--from defaults to now)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l duration -d 'Interview length: 45m, 45min, 1h30, 1.5h, 90 minutes [default: 60m; config slots.duration]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l step -d 'Grid of start times, from the start of working hours [default: 30m; config slots.step]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l buffer -d 'Free time kept before and after every busy item [default: 0m; config slots.buffer]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l notice -d 'Earliest start after now [default: 0m; config slots.notice]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l tz -d 'Display time zone, IANA (Europe/Berlin) or Windows name, not an abbreviation (EST) [default: config slots.tz, else TZ, else this machine\'s zone]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l max-per-day -d 'At most N slots per working day (your working hours\' day) [config slots.max_per_day]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l with -d 'Someone else who must also be free: a colleague, a note-taker, a room (repeatable, up to 19)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l hours -d 'Your working hours, overriding the calendar\'s, in the display zone (09:00-17:00)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l days-of-week -d 'Working days with --hours (mon-fri, or mon,wed,fri) [default: mon-fri]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l dry-run-dir -d 'With --dry-run: write one file per message into DIR instead of stdout' -r -F
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l rate -d 'At most N messages per period: 30/min (Exchange Online\'s limit), 100/h, 5/10s [default: 30/min; config mail.rate]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l concurrency -d 'Requests in flight at once, at most 4 (Exchange allows 4 per mailbox) [default: 4; config mail.concurrency]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l week -d 'The 7 days from now (the default window)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l tentative-free -d 'Treat tentative items as free (busy, out-of-office and tentative block by default)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l no-overlap -d 'Offer slots that do not overlap each other (what you send to several participants)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l dry-run -d 'Render every message and send nothing (to stdout, or files with --dry-run-dir)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l retry-unknown -d 'Send again to those whose earlier send has an unknown outcome (they may get it twice)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l new-run -d 'Start this run afresh: everyone is mailed again, even those an earlier run of the same command mailed (that run stays in the journal). Running the command again without it resumes the new run'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand invite" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l to -d 'A recipient (repeatable), or --csv' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l cc -d 'A copy to EMAIL on every message (repeatable)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l bcc -d 'A blind copy to EMAIL on every message (repeatable)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l csv -d 'Recipients from a file: columns `email`, `name` and any others (template variables)' -r -F
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l subject -d 'Subject (a template: {{ participant.name }} and the CSV columns)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l body -d 'The message (a template, as --subject)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l body-file -d 'Read the message from a file (- for stdin)' -r -F
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l dry-run-dir -d 'With --dry-run: write one file per message into DIR instead of stdout' -r -F
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l rate -d 'At most N messages per period: 30/min (Exchange Online\'s limit), 100/h, 5/10s [default: 30/min; config mail.rate]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l concurrency -d 'Requests in flight at once, at most 4 (Exchange allows 4 per mailbox) [default: 4; config mail.concurrency]' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l html -d 'The body is HTML, not plain text'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l together -d 'One message to all --to recipients instead of one each (they see each other\'s addresses)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l dry-run -d 'Render every message and send nothing (to stdout, or files with --dry-run-dir)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l retry-unknown -d 'Send again to those whose earlier send has an unknown outcome (they may get it twice)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l new-run -d 'Start this run afresh: everyone is mailed again, even those an earlier run of the same command mailed (that run stays in the journal). Running the command again without it resumes the new run'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand send" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand journal" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand journal" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand journal" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand journal" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand journal" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand journal" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand journal" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand journal" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand journal" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand journal" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and not __fish_seen_subcommand_from serve outbox help" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and not __fish_seen_subcommand_from serve outbox help" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and not __fish_seen_subcommand_from serve outbox help" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and not __fish_seen_subcommand_from serve outbox help" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and not __fish_seen_subcommand_from serve outbox help" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and not __fish_seen_subcommand_from serve outbox help" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and not __fish_seen_subcommand_from serve outbox help" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and not __fish_seen_subcommand_from serve outbox help" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and not __fish_seen_subcommand_from serve outbox help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and not __fish_seen_subcommand_from serve outbox help" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and not __fish_seen_subcommand_from serve outbox help" -f -a "serve" -d 'Run the sandbox tenant on 127.0.0.1 and print the environment that points rally-m365 at it'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and not __fish_seen_subcommand_from serve outbox help" -f -a "outbox" -d 'Print the mail a running sandbox tenant accepted (its outbox), oldest first'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and not __fish_seen_subcommand_from serve outbox help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l port -d 'Port to listen on (0: any free port)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l empty -d 'Start with users only, no calendar events'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from outbox" -l url -d 'The sandbox\'s URL, as `sandbox serve` prints it' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from outbox" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from outbox" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from outbox" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from outbox" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from outbox" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from outbox" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from outbox" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from outbox" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from outbox" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from outbox" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Run the sandbox tenant on 127.0.0.1 and print the environment that points rally-m365 at it'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "outbox" -d 'Print the mail a running sandbox tenant accepted (its outbox), oldest first'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand demo" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand demo" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand demo" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand demo" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand demo" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand demo" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand demo" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand demo" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand demo" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand schema" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand schema" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand schema" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand schema" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand schema" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand schema" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand schema" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand schema" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand schema" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand completions" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand completions" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand completions" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand completions" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand completions" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand completions" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand completions" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand completions" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand completions" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand man" -l profile -d 'Profile to use (one per account)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand man" -s o -l output -d 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand man" -l jq -d 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)' -r
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand man" -l token-store -d 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it' -r -f -a "keychain\t'macOS Keychain, Windows Credential Manager, Linux Secret Service'
file\t'A file readable by you only (0600) in the data directory; for machines without a keychain'"
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand man" -l json -d 'Short for --output json'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand man" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand man" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand man" -s y -l yes -d 'Never prompt (prompting when stdin is not a terminal is an error anyway)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand man" -s V -l version -d 'Print version'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "connect" -d 'Sign in to Microsoft 365 and keep the sign-in in the keychain'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "status" -d 'Show the account, tenant, cloud, token store, expiry and permissions (exit 3 when not connected)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "disconnect" -d 'Remove this profile\'s sign-in, wherever it is (safe to run twice)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "profiles" -d 'Every profile (from the config file and from stored sign-ins) with its account and state'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "admin-consent" -d 'The link an IT admin opens to approve the app for the whole organisation'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "slots" -d 'Free interview slots from your calendar (working hours, busy time, buffers, notice, time zones)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "book" -d 'Book an interview: create the event with the participants invited, after rechecking the slot'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "reschedule" -d 'Move an interview to another time (rechecked first); the attendees get the update'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "cancel" -d 'Cancel an interview you organize; the attendees are notified'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "interviews" -d 'The interviews booked with rally-m365, upcoming first, with the attendees\' responses'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "invite" -d 'E-mail participants an invitation that offers free slots, one message each'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "send" -d 'E-mail participants any other message, one message per recipient unless --together'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "journal" -d 'Past bulk runs of invite and send: who was mailed when, and what is unknown'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "sandbox" -d 'The sandbox tenant: an emulator of Microsoft\'s identity platform and Graph, for trying things out'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "demo" -d 'Walk through connect, status and slots against an in-process sandbox tenant (no account needed)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "schema" -d 'Print the JSON Schema (draft 2020-12) of a command\'s JSON output; of all of them without COMMAND'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "completions" -d 'Print shell completions (the files in completions/ are generated from this)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "man" -d 'Print the man page (roff), generated from the same definitions as --help (the pages in completions/man/)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and not __fish_seen_subcommand_from connect status disconnect profiles admin-consent slots book reschedule cancel interviews invite send journal sandbox demo schema completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "serve" -d 'Run the sandbox tenant on 127.0.0.1 and print the environment that points rally-m365 at it'
complete -c rally-m365 -n "__fish_rally_m365_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "outbox" -d 'Print the mail a running sandbox tenant accepted (its outbox), oldest first'

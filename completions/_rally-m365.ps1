
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'rally-m365' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'rally-m365'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'rally-m365' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Sign in to Microsoft 365 and keep the sign-in in the keychain')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in to Microsoft 365 and keep the sign-in in the keychain')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the account, tenant, cloud, token store, expiry and permissions (exit 3 when not connected)')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Remove this profile''s sign-in, wherever it is (safe to run twice)')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove this profile''s sign-in, wherever it is (safe to run twice)')
            [CompletionResult]::new('profiles', 'profiles', [CompletionResultType]::ParameterValue, 'Every profile (from the config file and from stored sign-ins) with its account and state')
            [CompletionResult]::new('admin-consent', 'admin-consent', [CompletionResultType]::ParameterValue, 'The link an IT admin opens to approve the app for the whole organisation')
            [CompletionResult]::new('slots', 'slots', [CompletionResultType]::ParameterValue, 'Free interview slots from your calendar (working hours, busy time, buffers, notice, time zones)')
            [CompletionResult]::new('book', 'book', [CompletionResultType]::ParameterValue, 'Book an interview: create the event with the participants invited, after rechecking the slot')
            [CompletionResult]::new('reschedule', 'reschedule', [CompletionResultType]::ParameterValue, 'Move an interview to another time (rechecked first); the attendees get the update')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel an interview you organize; the attendees are notified')
            [CompletionResult]::new('interviews', 'interviews', [CompletionResultType]::ParameterValue, 'The interviews booked with rally-m365, upcoming first, with the attendees'' responses')
            [CompletionResult]::new('invite', 'invite', [CompletionResultType]::ParameterValue, 'E-mail participants an invitation that offers free slots, one message each')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'E-mail participants any other message, one message per recipient unless --together')
            [CompletionResult]::new('journal', 'journal', [CompletionResultType]::ParameterValue, 'Past bulk runs of invite and send: who was mailed when, and what is unknown')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'The sandbox tenant: an emulator of Microsoft''s identity platform and Graph, for trying things out')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Walk through connect, status and slots against an in-process sandbox tenant (no account needed)')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema (draft 2020-12) of a command''s JSON output; of all of them without COMMAND')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (the files in completions/ are generated from this)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), generated from the same definitions as --help (the pages in completions/man/)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rally-m365;connect' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the sign-in: seconds or a duration (90s, 5m, 1h), at most 1h')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to sign in to: organizations, common, a tenant id or domain [env: RALLY_M365_TENANT]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--calendar-only', '--calendar-only', [CompletionResultType]::ParameterName, 'Ask for calendar access only, for workspaces that send mail through their own domain (no Mail.Send)')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the sign-in URL on stderr and wait')
            [CompletionResult]::new('--device-code', '--device-code', [CompletionResultType]::ParameterName, 'Sign in with a code on another device (the default on an SSH session without a display)')
            [CompletionResult]::new('--browser', '--browser', [CompletionResultType]::ParameterName, 'Sign in in the browser (loopback redirect) even on an SSH session without a display')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;login' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the sign-in: seconds or a duration (90s, 5m, 1h), at most 1h')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant to sign in to: organizations, common, a tenant id or domain [env: RALLY_M365_TENANT]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--calendar-only', '--calendar-only', [CompletionResultType]::ParameterName, 'Ask for calendar access only, for workspaces that send mail through their own domain (no Mail.Send)')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the sign-in URL on stderr and wait')
            [CompletionResult]::new('--device-code', '--device-code', [CompletionResultType]::ParameterName, 'Sign in with a code on another device (the default on an SSH session without a display)')
            [CompletionResult]::new('--browser', '--browser', [CompletionResultType]::ParameterName, 'Sign in in the browser (loopback redirect) even on an SSH session without a display')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;status' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Verify the sign-in with Microsoft: one token request, which fails if the sign-in was revoked or expired (exit 3) or Microsoft cannot be reached (exit 6)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'List every profile with its account and state, as `profiles` does')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;disconnect' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;logout' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;profiles' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;admin-consent' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The organisation''s tenant id or domain (or `organizations`; never `common`)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the admin''s answer: seconds or a duration (90s, 10m, 1h), at most 1h')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser; print the link and wait for the admin''s answer')
            [CompletionResult]::new('--print-only', '--print-only', [CompletionResultType]::ParameterName, 'Only print the link; do not wait for the answer')
            [CompletionResult]::new('--calendar-only', '--calendar-only', [CompletionResultType]::ParameterName, 'Link for calendar access only (no Mail.Send)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;slots' {
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'The N days from --from (calendar days), or from now')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Window start: RFC 3339, or a local date/time in the display zone (2026-12-03, 2026-12-03T10:00) [default: now]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Window end: a date includes that whole day; a time is exclusive (--from defaults to now)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Interview length: 45m, 45min, 1h30, 1.5h, 90 minutes [default: 60m; config slots.duration]')
            [CompletionResult]::new('--step', '--step', [CompletionResultType]::ParameterName, 'Grid of start times, from the start of working hours [default: 30m; config slots.step]')
            [CompletionResult]::new('--buffer', '--buffer', [CompletionResultType]::ParameterName, 'Free time kept before and after every busy item [default: 0m; config slots.buffer]')
            [CompletionResult]::new('--notice', '--notice', [CompletionResultType]::ParameterName, 'Earliest start after now [default: 0m; config slots.notice]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Display time zone, IANA (Europe/Berlin) or Windows name, not an abbreviation (EST) [default: config slots.tz, else TZ, else this machine''s zone]')
            [CompletionResult]::new('--max-per-day', '--max-per-day', [CompletionResultType]::ParameterName, 'At most N slots per working day (your working hours'' day) [config slots.max_per_day]')
            [CompletionResult]::new('--with', '--with', [CompletionResultType]::ParameterName, 'Someone else who must also be free: a colleague, a note-taker, a room (repeatable, up to 19)')
            [CompletionResult]::new('--hours', '--hours', [CompletionResultType]::ParameterName, 'Your working hours, overriding the calendar''s, in the display zone (09:00-17:00)')
            [CompletionResult]::new('--days-of-week', '--days-of-week', [CompletionResultType]::ParameterName, 'Working days with --hours (mon-fri, or mon,wed,fri) [default: mon-fri]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--week', '--week', [CompletionResultType]::ParameterName, 'The 7 days from now (the default window)')
            [CompletionResult]::new('--tentative-free', '--tentative-free', [CompletionResultType]::ParameterName, 'Treat tentative items as free (busy, out-of-office and tentative block by default)')
            [CompletionResult]::new('--no-overlap', '--no-overlap', [CompletionResultType]::ParameterName, 'Offer slots that do not overlap each other (what you send to several participants)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;book' {
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Start: RFC 3339, or a local date and time in the display zone (2026-12-03T10:00)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Length of the interview [default: 60m; config slots.duration]')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'End instead of --duration (same forms as --start)')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Subject of the meeting request')
            [CompletionResult]::new('--optional', '--optional', [CompletionResultType]::ParameterName, 'An optional attendee (repeatable)')
            [CompletionResult]::new('--note-taker', '--note-taker', [CompletionResultType]::ParameterName, 'A colleague who takes notes, invited as an optional attendee (repeatable)')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'The invitation''s text')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'Read the invitation''s text from a file (- for stdin)')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'Where the interview happens (a room, an address, a link)')
            [CompletionResult]::new('--buffer', '--buffer', [CompletionResultType]::ParameterName, 'Free time kept before and after the interview in everyone''s calendar [default: 0m]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Display time zone for times typed and shown [default: this machine''s zone; config slots.tz]')
            [CompletionResult]::new('--participant-tz', '--participant-tz', [CompletionResultType]::ParameterName, 'Also show the time in the participant''s zone')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--html', '--html', [CompletionResultType]::ParameterName, 'The body is HTML, not plain text')
            [CompletionResult]::new('--teams', '--teams', [CompletionResultType]::ParameterName, 'Make it a Teams meeting and print the join link')
            [CompletionResult]::new('--tentative-free', '--tentative-free', [CompletionResultType]::ParameterName, 'Treat tentative items as free in the recheck')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Skip the recheck of free/busy')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent and send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;reschedule' {
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'The new start (same forms as `book --start`)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The new length [default: the current length]')
            [CompletionResult]::new('--buffer', '--buffer', [CompletionResultType]::ParameterName, 'Free time kept before and after the interview in everyone''s calendar [default: 0m]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Display time zone for times typed and shown [default: this machine''s zone; config slots.tz]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--tentative-free', '--tentative-free', [CompletionResultType]::ParameterName, 'Treat tentative items as free in the recheck')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Skip the recheck of free/busy')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent and send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;cancel' {
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'A message for the attendees, sent with the cancellation')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be cancelled and send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;interviews' {
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'The N days from --from, else from now [default: 30]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Window start (same forms as `slots --from`) [default: now]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Window end: a date includes that whole day')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Display time zone [default: config slots.tz, else TZ, else this machine''s zone]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Include cancelled interviews')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;invite' {
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'A participants file: columns `email`, `name` and any others (template variables)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The participant''s name (with one address)')
            [CompletionResult]::new('--slots', '--slots', [CompletionResultType]::ParameterName, 'How many slots each invitation offers [default: 5]')
            [CompletionResult]::new('--per-slot', '--per-slot', [CompletionResultType]::ParameterName, 'No slot is offered to more than N participants of the run')
            [CompletionResult]::new('--study', '--study', [CompletionResultType]::ParameterName, 'The study''s name, for the template')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Your own template: an optional first line `Subject: ...`, then the body; .html files are HTML')
            [CompletionResult]::new('--participant-tz', '--participant-tz', [CompletionResultType]::ParameterName, 'The participants'' zone for the slots shown [default: the display zone]')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'The N days from --from (calendar days), or from now')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Window start: RFC 3339, or a local date/time in the display zone (2026-12-03, 2026-12-03T10:00) [default: now]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Window end: a date includes that whole day; a time is exclusive (--from defaults to now)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Interview length: 45m, 45min, 1h30, 1.5h, 90 minutes [default: 60m; config slots.duration]')
            [CompletionResult]::new('--step', '--step', [CompletionResultType]::ParameterName, 'Grid of start times, from the start of working hours [default: 30m; config slots.step]')
            [CompletionResult]::new('--buffer', '--buffer', [CompletionResultType]::ParameterName, 'Free time kept before and after every busy item [default: 0m; config slots.buffer]')
            [CompletionResult]::new('--notice', '--notice', [CompletionResultType]::ParameterName, 'Earliest start after now [default: 0m; config slots.notice]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Display time zone, IANA (Europe/Berlin) or Windows name, not an abbreviation (EST) [default: config slots.tz, else TZ, else this machine''s zone]')
            [CompletionResult]::new('--max-per-day', '--max-per-day', [CompletionResultType]::ParameterName, 'At most N slots per working day (your working hours'' day) [config slots.max_per_day]')
            [CompletionResult]::new('--with', '--with', [CompletionResultType]::ParameterName, 'Someone else who must also be free: a colleague, a note-taker, a room (repeatable, up to 19)')
            [CompletionResult]::new('--hours', '--hours', [CompletionResultType]::ParameterName, 'Your working hours, overriding the calendar''s, in the display zone (09:00-17:00)')
            [CompletionResult]::new('--days-of-week', '--days-of-week', [CompletionResultType]::ParameterName, 'Working days with --hours (mon-fri, or mon,wed,fri) [default: mon-fri]')
            [CompletionResult]::new('--dry-run-dir', '--dry-run-dir', [CompletionResultType]::ParameterName, 'With --dry-run: write one file per message into DIR instead of stdout')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most N messages per period: 30/min (Exchange Online''s limit), 100/h, 5/10s [default: 30/min; config mail.rate]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once, at most 4 (Exchange allows 4 per mailbox) [default: 4; config mail.concurrency]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--week', '--week', [CompletionResultType]::ParameterName, 'The 7 days from now (the default window)')
            [CompletionResult]::new('--tentative-free', '--tentative-free', [CompletionResultType]::ParameterName, 'Treat tentative items as free (busy, out-of-office and tentative block by default)')
            [CompletionResult]::new('--no-overlap', '--no-overlap', [CompletionResultType]::ParameterName, 'Offer slots that do not overlap each other (what you send to several participants)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Render every message and send nothing (to stdout, or files with --dry-run-dir)')
            [CompletionResult]::new('--retry-unknown', '--retry-unknown', [CompletionResultType]::ParameterName, 'Send again to those whose earlier send has an unknown outcome (they may get it twice)')
            [CompletionResult]::new('--new-run', '--new-run', [CompletionResultType]::ParameterName, 'Start this run afresh: everyone is mailed again, even those an earlier run of the same command mailed (that run stays in the journal). Running the command again without it resumes the new run')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;send' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'A recipient (repeatable), or --csv')
            [CompletionResult]::new('--cc', '--cc', [CompletionResultType]::ParameterName, 'A copy to EMAIL on every message (repeatable)')
            [CompletionResult]::new('--bcc', '--bcc', [CompletionResultType]::ParameterName, 'A blind copy to EMAIL on every message (repeatable)')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Recipients from a file: columns `email`, `name` and any others (template variables)')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Subject (a template: {{ participant.name }} and the CSV columns)')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'The message (a template, as --subject)')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'Read the message from a file (- for stdin)')
            [CompletionResult]::new('--dry-run-dir', '--dry-run-dir', [CompletionResultType]::ParameterName, 'With --dry-run: write one file per message into DIR instead of stdout')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most N messages per period: 30/min (Exchange Online''s limit), 100/h, 5/10s [default: 30/min; config mail.rate]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once, at most 4 (Exchange allows 4 per mailbox) [default: 4; config mail.concurrency]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--html', '--html', [CompletionResultType]::ParameterName, 'The body is HTML, not plain text')
            [CompletionResult]::new('--together', '--together', [CompletionResultType]::ParameterName, 'One message to all --to recipients instead of one each (they see each other''s addresses)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Render every message and send nothing (to stdout, or files with --dry-run-dir)')
            [CompletionResult]::new('--retry-unknown', '--retry-unknown', [CompletionResultType]::ParameterName, 'Send again to those whose earlier send has an unknown outcome (they may get it twice)')
            [CompletionResult]::new('--new-run', '--new-run', [CompletionResultType]::ParameterName, 'Start this run afresh: everyone is mailed again, even those an earlier run of the same command mailed (that run stays in the journal). Running the command again without it resumes the new run')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;journal' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;sandbox' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the sandbox tenant on 127.0.0.1 and print the environment that points rally-m365 at it')
            [CompletionResult]::new('outbox', 'outbox', [CompletionResultType]::ParameterValue, 'Print the mail a running sandbox tenant accepted (its outbox), oldest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rally-m365;sandbox;serve' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to listen on (0: any free port)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--empty', '--empty', [CompletionResultType]::ParameterName, 'Start with users only, no calendar events')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;sandbox;outbox' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The sandbox''s URL, as `sandbox serve` prints it')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;sandbox;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the sandbox tenant on 127.0.0.1 and print the environment that points rally-m365 at it')
            [CompletionResult]::new('outbox', 'outbox', [CompletionResultType]::ParameterValue, 'Print the mail a running sandbox tenant accepted (its outbox), oldest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rally-m365;sandbox;help;serve' {
            break
        }
        'rally-m365;sandbox;help;outbox' {
            break
        }
        'rally-m365;sandbox;help;help' {
            break
        }
        'rally-m365;demo' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;schema' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;man' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (one per account)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the data on stdout: table (for people), json (scripts), csv (lists: slots, interviews)')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter the JSON with a jq expression (implies JSON; strings print without quotes)')
            [CompletionResult]::new('--token-store', '--token-store', [CompletionResultType]::ParameterName, 'Where the refresh token lives: the OS keychain (default) or a 0600 file, only when you ask for it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv headers, timings, retries); secrets are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt (prompting when stdin is not a terminal is an error anyway)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rally-m365;help' {
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Sign in to Microsoft 365 and keep the sign-in in the keychain')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the account, tenant, cloud, token store, expiry and permissions (exit 3 when not connected)')
            [CompletionResult]::new('disconnect', 'disconnect', [CompletionResultType]::ParameterValue, 'Remove this profile''s sign-in, wherever it is (safe to run twice)')
            [CompletionResult]::new('profiles', 'profiles', [CompletionResultType]::ParameterValue, 'Every profile (from the config file and from stored sign-ins) with its account and state')
            [CompletionResult]::new('admin-consent', 'admin-consent', [CompletionResultType]::ParameterValue, 'The link an IT admin opens to approve the app for the whole organisation')
            [CompletionResult]::new('slots', 'slots', [CompletionResultType]::ParameterValue, 'Free interview slots from your calendar (working hours, busy time, buffers, notice, time zones)')
            [CompletionResult]::new('book', 'book', [CompletionResultType]::ParameterValue, 'Book an interview: create the event with the participants invited, after rechecking the slot')
            [CompletionResult]::new('reschedule', 'reschedule', [CompletionResultType]::ParameterValue, 'Move an interview to another time (rechecked first); the attendees get the update')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel an interview you organize; the attendees are notified')
            [CompletionResult]::new('interviews', 'interviews', [CompletionResultType]::ParameterValue, 'The interviews booked with rally-m365, upcoming first, with the attendees'' responses')
            [CompletionResult]::new('invite', 'invite', [CompletionResultType]::ParameterValue, 'E-mail participants an invitation that offers free slots, one message each')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'E-mail participants any other message, one message per recipient unless --together')
            [CompletionResult]::new('journal', 'journal', [CompletionResultType]::ParameterValue, 'Past bulk runs of invite and send: who was mailed when, and what is unknown')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'The sandbox tenant: an emulator of Microsoft''s identity platform and Graph, for trying things out')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Walk through connect, status and slots against an in-process sandbox tenant (no account needed)')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema (draft 2020-12) of a command''s JSON output; of all of them without COMMAND')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (the files in completions/ are generated from this)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), generated from the same definitions as --help (the pages in completions/man/)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rally-m365;help;connect' {
            break
        }
        'rally-m365;help;status' {
            break
        }
        'rally-m365;help;disconnect' {
            break
        }
        'rally-m365;help;profiles' {
            break
        }
        'rally-m365;help;admin-consent' {
            break
        }
        'rally-m365;help;slots' {
            break
        }
        'rally-m365;help;book' {
            break
        }
        'rally-m365;help;reschedule' {
            break
        }
        'rally-m365;help;cancel' {
            break
        }
        'rally-m365;help;interviews' {
            break
        }
        'rally-m365;help;invite' {
            break
        }
        'rally-m365;help;send' {
            break
        }
        'rally-m365;help;journal' {
            break
        }
        'rally-m365;help;sandbox' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the sandbox tenant on 127.0.0.1 and print the environment that points rally-m365 at it')
            [CompletionResult]::new('outbox', 'outbox', [CompletionResultType]::ParameterValue, 'Print the mail a running sandbox tenant accepted (its outbox), oldest first')
            break
        }
        'rally-m365;help;sandbox;serve' {
            break
        }
        'rally-m365;help;sandbox;outbox' {
            break
        }
        'rally-m365;help;demo' {
            break
        }
        'rally-m365;help;schema' {
            break
        }
        'rally-m365;help;completions' {
            break
        }
        'rally-m365;help;man' {
            break
        }
        'rally-m365;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}

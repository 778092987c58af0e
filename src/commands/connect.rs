//! `connect`: sign in (browser + loopback, or device code), read `/me`, store the grant, and
//! print the permissions granted beside those required.

use chrono::Utc;

use crate::auth::browser_page::Outcome;
use crate::auth::consent;
use crate::auth::flow::{Endpoints, MicrosoftError, OAuthClient, TokenError, TokenSet};
use crate::auth::flow_choice::{self, Choice, Flow, Requested, Surroundings};
use crate::auth::loopback::{
    BrowserReply, LoopbackError, LoopbackListener, Purpose, RedirectAnswer,
};
use crate::auth::permissions;
use crate::auth::session;
use crate::auth::timeout::SignInTimeout;
use crate::cli::ConnectArgs;
use crate::commands::{Browser, Context, interrupted, open_in_browser, status};
use crate::error::AppError;
use crate::graph::GraphClient;
use crate::graph::model::Me;
use crate::hints;
use crate::store::TokenStoreKind;
use crate::store::profile_record::{self, ProfileRecord};
use crate::store::rescue;
use crate::store::tokens::{Account, CachedAccessToken, SignInMethod, StoredGrant, TokenVault};

pub async fn run(ctx: &Context, args: &ConnectArgs, browser: Browser) -> Result<(), AppError> {
    let timeout = SignInTimeout::from_flag(&args.timeout)?;
    // Open the store first: a missing keychain should fail before the user signs in.
    let vault = ctx.vault()?;
    vault.store().check_usable()?;
    let settings = &ctx.settings;
    let scopes = permissions::requested_scopes(settings.cloud, args.calendar_only);
    let endpoints = Endpoints::new(&settings.authority_host, &settings.tenant);
    let client = OAuthClient::new(&settings.client_id, &endpoints, ctx.http.get().clone());

    let choice = match browser {
        // The demo's scripted browser runs in this process: always the loopback flow.
        Browser::Sandbox => Choice {
            flow: Flow::Browser { open: true },
            note: None,
        },
        _ => flow_choice::choose(
            Requested {
                device_code: args.device_code,
                browser: args.browser,
                no_browser: args.no_browser || browser == Browser::None,
            },
            Surroundings::of_this_process(),
        ),
    };
    if let Some(note) = choice.note {
        ctx.out.say(note);
    }
    let (tokens, reply) = match choice.flow {
        Flow::DeviceCode => (
            sign_in_with_device_code(ctx, &client, &scopes, timeout).await?,
            None,
        ),
        Flow::Browser { open } => {
            let browser = if open { browser } else { Browser::None };
            let (tokens, reply) =
                sign_in_with_browser(ctx, &client, &scopes, timeout, browser).await?;
            (tokens, Some(reply))
        }
    };

    let (outcome, result) = match tokens {
        Err(refused) => {
            let admin_approval = matches!(
                &refused,
                TokenError::Refused(e) if consent::needs_admin_approval(e)
            );
            let error = consent::sign_in_error(
                refused,
                &settings.client_id,
                &settings.tenant,
                &settings.profile,
            );
            let outcome = if admin_approval {
                Outcome::admin_approval_required(&error)
            } else {
                Outcome::failed(&error)
            };
            (outcome, Err(error))
        }
        Ok(tokens) => match keep_sign_in(ctx, &vault, args, scopes, &tokens).await {
            Err(error) => (Outcome::failed(&error), Err(error)),
            Ok(grant) => {
                let reported = status::report(ctx, &vault, &grant, Some(tokens.expires_at));
                let outcome = Outcome::SignedIn {
                    account: grant.account.username.clone(),
                    problem: reported.as_ref().err().map(|e| e.message().to_owned()),
                };
                (outcome, reported)
            }
        },
    };
    // Only now does the browser learn how it ended: the same outcome as the terminal's.
    if let Some(reply) = reply {
        reply.send(outcome).await;
    }
    result
}

/// Reads the account and stores the grant; says who signed in and where the sign-in lives.
async fn keep_sign_in(
    ctx: &Context,
    vault: &TokenVault,
    args: &ConnectArgs,
    scopes: Vec<String>,
    tokens: &TokenSet,
) -> Result<StoredGrant, AppError> {
    let settings = &ctx.settings;
    let profile = settings.profile.as_str();
    let Some(refresh_token) = tokens.refresh_token.clone() else {
        return Err(AppError::permission(
            "Microsoft returned no refresh token (offline_access was not granted); nothing was stored",
        )
        .with_hint(hints::accept_offline_access(&settings.profile)));
    };

    let account = read_account(ctx, tokens).await?;
    // Without `scope` the token is for the scopes requested ("Microsoft identity platform and
    // OAuth 2.0 authorization code flow", successful response).
    let granted = permissions::normalise_granted(tokens.scopes.as_deref().unwrap_or(&scopes));
    let now = Utc::now();
    let grant = StoredGrant {
        refresh_token,
        client_id: settings.client_id.clone(),
        tenant: account
            .tenant_id
            .clone()
            .unwrap_or_else(|| settings.tenant.clone()),
        cloud: settings.cloud.name().to_owned(),
        authority_host: settings.authority_host.to_string(),
        graph_url: settings.graph_url.to_string(),
        account,
        scopes_requested: scopes,
        scopes_granted: granted,
        calendar_only: args.calendar_only,
        connected_at: now,
        refreshed_at: now,
        sign_in: Some(if args.device_code {
            SignInMethod::DeviceCode
        } else {
            SignInMethod::Browser
        }),
    };
    // Saved under the profile lock (taken only now: the sign-in itself may take minutes), so
    // a refresh in flight in another command finishes first and never overwrites this one.
    let _lock = session::lock_profile(vault).await?;
    // An unreadable old entry is simply replaced.
    let previous = vault.load_grant().ok().flatten();
    vault.save_grant(&grant)?;
    // An older sign-in left in a rescue file must not come back over this one.
    rescue::remove_all(&settings.profile);
    vault.save_access(&CachedAccessToken {
        access_token: tokens.access_token.clone(),
        expires_at: tokens.expires_at,
        scopes: grant.scopes_granted.clone(),
    })?;
    remember_store(ctx, vault, &grant);

    ctx.out.say(format!(
        "Signed in as {}, tenant {}. Sign-in kept in: {}.",
        grant.account.username,
        status::AccountView::of(&grant.account).tenant_text(),
        vault.store().describe()
    ));
    if let Some(old) = previous.filter(|old| old.account.username != grant.account.username) {
        ctx.out.say(format!(
            "This replaced the sign-in of {} in profile `{profile}` (use --profile NAME to keep both).",
            old.account.username
        ));
    }
    Ok(grant)
}

/// Records where the sign-in now lives (so a plain `status` finds it), and removes an earlier
/// sign-in of the profile from the store it was in, if that was another one: a profile has one
/// sign-in. Neither is fatal: the sign-in itself is saved.
fn remember_store(ctx: &Context, vault: &crate::store::tokens::TokenVault, grant: &StoredGrant) {
    let Some(kind) = vault.store().kind() else {
        return; // the demo's memory store outlives nothing
    };
    let profile = vault.profile();
    let earlier = profile_record::load(profile).map(|r| r.token_store);
    let record = ProfileRecord {
        token_store: kind,
        account: grant.account.username.clone(),
        tenant_id: grant.account.tenant_id.clone(),
        connected_at: grant.connected_at,
        refused_at: None,
    };
    if let Err(e) = profile_record::save(profile, &record) {
        ctx.out.warn(format!(
            "could not record where the sign-in of profile `{profile}` lives ({e}); without {}, other commands look in the keychain",
            if kind == TokenStoreKind::File { "--token-store file" } else { "it" }
        ));
    }
    // The other store may hold an older sign-in: the file store is always looked at (it is a
    // file), the keychain only when the record says the sign-in was there.
    let other = match kind {
        TokenStoreKind::Keychain => Some(TokenStoreKind::File),
        TokenStoreKind::File => {
            (earlier == Some(TokenStoreKind::Keychain)).then_some(TokenStoreKind::Keychain)
        }
    };
    if let Some(other) = other
        && let Ok(store) = crate::store::keychain::SecretStore::open(other)
    {
        let old = crate::store::tokens::TokenVault::new(store, profile.clone());
        match old.delete_all() {
            Ok(true) => ctx.out.say(format!(
                "Removed the earlier sign-in of profile `{profile}` from {}.",
                other.spoken()
            )),
            Ok(false) => {}
            Err(e) => ctx.out.warn(format!(
                "the earlier sign-in of profile `{profile}` in {} was not removed: {e}",
                other.spoken()
            )),
        }
    }
}

/// The browser flow: loopback listener, sign-in URL, wait for the redirect, redeem the code.
/// The browser's request stays open: the caller answers it once it knows the outcome.
async fn sign_in_with_browser(
    ctx: &Context,
    client: &OAuthClient,
    scopes: &[String],
    timeout: SignInTimeout,
    browser: Browser,
) -> Result<(Result<TokenSet, TokenError>, BrowserReply), AppError> {
    let listener = LoopbackListener::bind()
        .await
        .map_err(|e| AppError::unexpected(e.to_string()))?;
    let redirect_uri = listener.redirect_uri();
    let start = client.authorization_url(scopes, &redirect_uri);
    match browser {
        Browser::None => ctx.out.say("Open this URL in a browser to sign in:"),
        Browser::System => ctx
            .out
            .say("Opening your browser to sign in. If it does not open, visit this URL:"),
        // No browser window opens: the sandbox's scripted browser follows the URL.
        Browser::Sandbox => ctx
            .out
            .say("The sandbox's scripted browser signs in at this URL (no browser window opens):"),
    }
    // The URL alone on its line, so scripts and terminals can pick it up.
    ctx.out.essential(start.url.as_str());
    open_in_browser(&ctx.out, browser, &start.url);

    let spinner = ctx
        .out
        .spinner("Waiting for the sign-in to finish in the browser");
    let answer = tokio::select! {
        answer = listener.wait(&start.state, Purpose::SignIn, timeout.duration()) => answer,
        _ = interrupted() => {
            spinner.finish_and_clear();
            return Err(AppError::sign_in_incomplete("sign-in cancelled"));
        }
    };
    spinner.finish_and_clear();
    let redirect = match answer {
        Ok(redirect) => redirect,
        Err(LoopbackError::TimedOut) => {
            return Err(AppError::sign_in_incomplete(format!(
                "no sign-in within {} (--timeout)",
                timeout.describe()
            ))
            .with_hint(hints::browser_sign_in_timed_out(&ctx.settings.profile)));
        }
        Err(e) => return Err(AppError::unexpected(e.to_string())),
    };
    let tokens = match redirect.answer {
        RedirectAnswer::Code(code) => {
            client
                .redeem_code(&code, start.verifier, &redirect_uri)
                .await
        }
        RedirectAnswer::Error { error, description } => {
            Err(TokenError::Refused(Box::new(MicrosoftError {
                error,
                error_description: description,
                ..Default::default()
            })))
        }
        RedirectAnswer::AdminConsent { .. } => {
            let error = AppError::unexpected("unexpected admin-consent answer");
            redirect.reply.send(Outcome::failed(&error)).await;
            return Err(error);
        }
    };
    Ok((tokens, redirect.reply))
}

/// The device code flow. Two clocks: our `--timeout` (reported as such) and the code's own
/// lifetime (`expires_in`; the identity platform then answers `expired_token`).
async fn sign_in_with_device_code(
    ctx: &Context,
    client: &OAuthClient,
    scopes: &[String],
    timeout: SignInTimeout,
) -> Result<Result<TokenSet, TokenError>, AppError> {
    let details = match client.start_device_code(scopes).await {
        Ok(d) => d,
        Err(e) => return Ok(Err(e)),
    };
    let message = details.extra_fields().message.clone().unwrap_or_else(|| {
        format!(
            "To sign in, use a web browser to open the page {} and enter the code {} to authenticate.",
            details.verification_uri().as_str(),
            details.user_code().secret()
        )
    });
    ctx.out.essential(message);
    let spinner = ctx
        .out
        .spinner("Waiting for the sign-in on the other device");
    let polling = tokio::time::timeout(
        timeout.duration(),
        client.poll_device_code(&details, details.expires_in()),
    );
    let result = tokio::select! {
        r = polling => r,
        _ = interrupted() => {
            spinner.finish_and_clear();
            return Err(AppError::sign_in_incomplete("sign-in cancelled"));
        }
    };
    spinner.finish_and_clear();
    match result {
        Ok(result) => Ok(result),
        Err(_elapsed) => Err(AppError::sign_in_incomplete(format!(
            "no sign-in within {} (--timeout)",
            timeout.describe()
        ))
        .with_hint(hints::device_code_timed_out(&ctx.settings.profile))),
    }
}

/// Who signed in: `/me` (the address getSchedule needs), with the id token's tenant.
async fn read_account(ctx: &Context, tokens: &TokenSet) -> Result<Account, AppError> {
    let graph = GraphClient::new(
        ctx.http.get().clone(),
        &ctx.settings.graph_url,
        tokens.access_token.clone(),
    );
    let me: Me = graph
        .get(Me::SELECT)
        .await
        .map_err(|e| e.into_app_error(&ctx.settings.profile, "User.Read"))?;
    let claims = tokens.id_claims.clone().unwrap_or_default();
    Ok(Account {
        email: me.email(),
        username: me.user_principal_name,
        name: me.display_name.or(claims.name),
        tenant_id: claims.tid,
    })
}

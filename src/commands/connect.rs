//! `connect`: sign in (browser + loopback, or device code), read `/me`, store the grant, and
//! print the permissions granted beside those required.

use std::time::Duration;

use chrono::Utc;

use crate::auth::consent;
use crate::auth::flow::{Endpoints, MicrosoftError, OAuthClient, TokenError, TokenSet};
use crate::auth::loopback::{LoopbackError, LoopbackListener, Purpose, RedirectAnswer};
use crate::auth::permissions;
use crate::auth::session;
use crate::cli::ConnectArgs;
use crate::commands::{Browser, Context, interrupted, open_in_browser, status};
use crate::error::AppError;
use crate::graph::GraphClient;
use crate::graph::model::Me;
use crate::hints;
use crate::store::rescue;
use crate::store::tokens::{Account, CachedAccessToken, StoredGrant};

pub async fn run(ctx: &Context, args: &ConnectArgs, browser: Browser) -> Result<(), AppError> {
    if args.timeout == 0 {
        return Err(AppError::usage("--timeout: must be at least 1 second"));
    }
    // Open the store first: a missing keychain should fail before the user signs in.
    let vault = ctx.vault()?;
    vault.store().check_usable()?;
    let settings = &ctx.settings;
    let scopes = permissions::requested_scopes(settings.cloud, args.calendar_only);
    let endpoints = Endpoints::new(&settings.authority_host, &settings.tenant);
    let client = OAuthClient::new(&settings.client_id, &endpoints, ctx.http.get().clone());
    let timeout = Duration::from_secs(args.timeout);
    let profile = settings.profile.as_str();

    let tokens = if args.device_code {
        sign_in_with_device_code(ctx, &client, &scopes, timeout).await?
    } else {
        sign_in_with_browser(ctx, &client, &scopes, timeout, browser).await?
    }
    .map_err(|e| {
        consent::sign_in_error(e, &settings.client_id, &settings.tenant, &settings.profile)
    })?;

    let Some(refresh_token) = tokens.refresh_token.clone() else {
        return Err(AppError::permission(
            "Microsoft returned no refresh token (offline_access was not granted); nothing was stored",
        )
        .with_hint(hints::accept_offline_access(&settings.profile)));
    };

    let account = read_account(ctx, &tokens).await?;
    let granted = permissions::normalise_granted(tokens.scopes.as_deref().unwrap_or(&[]));
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
    };
    // Saved under the profile lock (taken only now: the sign-in itself may take minutes), so
    // a refresh in flight in another command finishes first and never overwrites this one.
    let _lock = session::lock_profile(&vault).await?;
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

    ctx.out.say(format!(
        "Signed in as {} (tenant {}). Sign-in kept in: {}.",
        grant.account.username,
        grant.account.tenant_id.as_deref().unwrap_or("unknown"),
        vault.store().describe()
    ));
    if let Some(old) = previous.filter(|old| old.account.username != grant.account.username) {
        ctx.out.say(format!(
            "This replaced the sign-in of {} in profile `{profile}` (use --profile NAME to keep both).",
            old.account.username
        ));
    }
    status::report(ctx, &vault, &grant, Some(tokens.expires_at))
}

/// The browser flow: loopback listener, sign-in URL, wait for the redirect, redeem the code.
async fn sign_in_with_browser(
    ctx: &Context,
    client: &OAuthClient,
    scopes: &[String],
    timeout: Duration,
    browser: Browser,
) -> Result<Result<TokenSet, TokenError>, AppError> {
    let listener = LoopbackListener::bind()
        .await
        .map_err(|e| AppError::unexpected(e.to_string()))?;
    let redirect_uri = listener.redirect_uri();
    let start = client.authorization_url(scopes, &redirect_uri);
    match browser {
        Browser::None => ctx.out.say("Open this URL in a browser to sign in:"),
        _ => ctx
            .out
            .say("Opening your browser to sign in. If it does not open, visit this URL:"),
    }
    // The URL alone on its line, so scripts and terminals can pick it up.
    ctx.out.essential(start.url.as_str());
    open_in_browser(&ctx.out, browser, &start.url);

    let spinner = ctx
        .out
        .spinner("Waiting for the sign-in to finish in the browser");
    let answer = tokio::select! {
        answer = listener.wait(&start.state, Purpose::SignIn, timeout) => answer,
        _ = interrupted() => {
            spinner.finish_and_clear();
            return Err(AppError::sign_in_incomplete("sign-in cancelled"));
        }
    };
    spinner.finish_and_clear();
    match answer {
        Ok(RedirectAnswer::Code(code)) => Ok(client.redeem_code(&code, start.verifier, &redirect_uri).await),
        Ok(RedirectAnswer::Error { error, description }) => Ok(Err(TokenError::Refused(Box::new(MicrosoftError {
            error,
            error_description: description,
            ..Default::default()
        })))),
        Ok(RedirectAnswer::AdminConsent { .. }) => Err(AppError::unexpected("unexpected admin-consent answer")),
        Err(LoopbackError::TimedOut(secs)) => Err(AppError::sign_in_incomplete(format!(
            "no sign-in answer reached rally-m365 within {}",
            crate::output::count(secs, "second")
        ))
        .with_hint(format!(
            "if the browser shows a Microsoft error: AADSTS700016 means the app id (RALLY_M365_CLIENT_ID) is not \
known in this tenant (RALLY_M365_TENANT); AADSTS50011 means the app registration lacks the redirect URI \
http://localhost under \"Mobile and desktop applications\". Otherwise run `{}` again \
(--timeout SECS waits longer; --device-code works without a local browser)",
            hints::command(&ctx.settings.profile, "connect")
        ))),
        Err(e) => Err(AppError::unexpected(e.to_string())),
    }
}

async fn sign_in_with_device_code(
    ctx: &Context,
    client: &OAuthClient,
    scopes: &[String],
    timeout: Duration,
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
    let wait = timeout.min(details.expires_in());
    let spinner = ctx
        .out
        .spinner("Waiting for the sign-in on the other device");
    let result = tokio::select! {
        r = client.poll_device_code(&details, wait) => r,
        _ = interrupted() => {
            spinner.finish_and_clear();
            return Err(AppError::sign_in_incomplete("sign-in cancelled"));
        }
    };
    spinner.finish_and_clear();
    Ok(result)
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

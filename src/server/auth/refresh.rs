//! Refresh-token rotation with reuse detection, and signing out.
//!
//! Rotation follows docs/security.md ("Tokens and sessions") in order:
//! 1. the current token of an active, unexpired session rotates;
//! 2. a token rotated away less than `KEYCARD_REFRESH_GRACE` ago (a concurrent
//!    request of the same client) is answered with the session's *current*
//!    token, re-derived from its nonce, so every racer ends up holding the same
//!    valid token and nothing is revoked;
//!    The same within the grace from another client (address or user agent)
//!    is answered too, and recorded as an event;
//! 3. the previous token after the grace, while the current one has never
//!    been used, from the browser that opened the session (its device
//!    cookie): the answer that carried the current token was lost (the
//!    browser aborted a page load after the rotation committed). The session
//!    rotates from the previous token instead of being revoked. From anyone
//!    else, a stolen token is indistinguishable from a late one: case 4;
//! 4. any other old token of the session is a replay: the session is revoked;
//! 5. anything else is simply not signed in.
//!
//! A session bound to its browser's key ([`super::bound`]) is renewed with
//! that key's proof only: any of its refresh tokens presented here, current
//! or old, is a copied cookie, refused before the cases above.

use super::{Auth, Credentials, Issued, RefreshToken, session_end};
use crate::{
    auth::{AuthError, ErrorCode},
    server::{
        client::ClientInfo,
        jwt::Authenticated,
        metrics,
        store::{EventKind, RevokeReason, SessionRecord, UserRecord, Write},
    },
};

/// The refusal for a session that exists but cannot be used: it says
/// whether the session was ended elsewhere or ran out, so the sign-in page
/// can say which.
fn ended(session: &SessionRecord) -> AuthError {
    // Counted by what happened, whatever the sign-in page is told.
    metrics::refresh(if session.is_active() { "expired" } else { "revoked" });
    AuthError::session_ended(session_end(session))
}

impl Auth {
    /// Rotates a refresh token (see the module documentation for the cases).
    /// `holder`: the session of a valid access token sent along, if any. A
    /// bound session's own browser may send its refresh cookie too (its
    /// session keeper asking before the expiry): refused as
    /// `Reason::SessionBound` like a copy, but neither recorded nor announced.
    pub async fn refresh(&self, presented: Option<&RefreshToken>, holder: Option<&str>, client: &ClientInfo) -> Result<Issued, AuthError> {
        let Some(hash) = presented.map(|token| token.hash()) else {
            metrics::refresh("invalid");
            return Err(AuthError::unauthorized());
        };
        // A recovery that lost to a concurrent recovery of the same lost
        // answer (two tabs restored at once) looks once more: it then finds
        // the token within the grace window of the winner's rotation. So
        // does a rotation that lost to the session's end: it then finds
        // the ended session, and says how it ended.
        for _ in 0..2 {
            if let Some(issued) = self.refresh_once(hash, holder, client).await? {
                return Ok(issued);
            }
        }
        metrics::refresh("invalid");
        Err(AuthError::unauthorized())
    }

    /// One pass of [`Auth::refresh`]; `None` when a recovery lost its race.
    async fn refresh_once(&self, hash: [u8; 32], holder: Option<&str>, client: &ClientInfo) -> Result<Option<Issued>, AuthError> {
        let now = self.clock.now_ms();
        let mut lost_rotation = false;

        if let Some((session, user)) = self.store.session_and_user_by_refresh_hash(&hash).await? {
            if !session.is_live(now, &self.policy.session) {
                return Err(ended(&session));
            }
            if session.is_bound() {
                return Err(self.refuse_bound(&session, &user, holder, client).await);
            }
            // Everything that can fail happens before the rotation commits:
            // once it has, the client must get the new token, or its retry
            // with the old one would later look like reuse.
            let (next, nonce) = self.refresh_key.mint();
            let issued = self.issue(session, user, next, now, now)?;
            if self.store.rotate_refresh(&issued.session_id, &hash, &issued.refresh_token.hash(), &nonce, now).await? {
                metrics::refresh("rotated");
                return Ok(Some(issued));
            }
            // Another request rotated this token a moment ago: fall through to
            // the history, where it now is. Or the session was ended a
            // moment ago: then the token is in no history.
            lost_rotation = true;
        }

        // The history row and its session, read in one statement: a third
        // rotation landing between two reads cannot make a racer look like
        // a replay.
        let Some(hit) = self.store.refresh_history(&hash).await? else {
            // Look once more, to say how the session ended.
            if lost_rotation {
                return Ok(None);
            }
            metrics::refresh("invalid");
            return Err(AuthError::unauthorized());
        };
        let (session, user) = (hit.session, hit.user);
        if !session.is_live(now, &self.policy.session) {
            return Err(ended(&session));
        }
        // A bound session renews with its key's proof only: an old token of
        // it is a copy too, and ends nothing (its browser keeps it).
        if session.is_bound() {
            return Err(self.refuse_bound(&session, &user, holder, client).await);
        }
        // Only the token the current one replaced (the history row stamped
        // with the session's latest rotation): the current one has not been
        // used since.
        let previous = hit.superseded_at == session.rotated_at;
        if previous && now - hit.superseded_at <= self.policy.session.refresh_grace.as_millis() as i64 {
            if client.ip != session.ip || client.user_agent != session.user_agent {
                tracing::info!(session = %session.id, "previous refresh token used within grace from another client");
                self.record(Some(&session.user_id), Some(&session.id), EventKind::RefreshFromOtherClient, client).await;
            }
            let current = self.refresh_key.token_for(&session.refresh_nonce);
            let last_used = session.last_used_at;
            metrics::refresh("grace");
            return self.issue(session, user, current, last_used, now).map(Some);
        }
        let same_browser = session.device_id.is_some()
            && client.device.as_deref().and_then(|c| self.device_key.check(c, &user)) == session.device_id;
        if previous && same_browser {
            // The answer that carried the current token never arrived: go on
            // from the previous one, which becomes the previous token of the
            // new rotation too (so a second tab presenting it just after
            // gets the grace path). If the current one is used meanwhile,
            // this swap loses.
            let current_hash = self.refresh_key.token_for(&session.refresh_nonce).hash();
            let (next, nonce) = self.refresh_key.mint();
            let issued = self.issue(session.clone(), user, next, now, now)?;
            let next_hash = issued.refresh_token.hash();
            if self.store.recover_refresh(&session.id, &current_hash, &hash, &next_hash, &nonce, now).await? {
                tracing::info!(session = %session.id, "lost refresh answer recovered from the previous token");
                metrics::refresh("recovered");
                return Ok(Some(issued));
            }
            return Ok(None);
        }

        let writes = [
            Write::RevokeSession { session_id: session.id.clone(), reason: RevokeReason::RefreshReuseDetected },
            self.event(&session.user_id, Some(&session.id), EventKind::RefreshReuseDetected, client),
            self.reuse_alert(&user, client),
        ];
        self.commit(&writes).await?;
        tracing::warn!(session = %session.id, user = %session.user_id, "refresh token reuse detected; session revoked");
        metrics::refresh("reuse_detected");
        Err(AuthError::new(
            ErrorCode::Unauthorized,
            "This session was ended because an old sign-in token was used again. Please sign in.",
        ))
    }

    pub(super) fn issue(
        &self,
        session: SessionRecord,
        user: UserRecord,
        refresh_token: RefreshToken,
        last_used_at: i64,
        now: i64,
    ) -> Result<Issued, AuthError> {
        let authenticated = Authenticated { at_secs: session.auth_time / 1000, amr: &session.amr, bound_to: session.confirmation() };
        let (access_token, access_expires_at, access_max_age) =
            self.sign_access(&user.id, &session.id, session.created_at, authenticated, now)?;
        Ok(Issued {
            access_max_age,
            device_cookie: None,
            bound: session.is_bound(),
            bind_challenge: None,
            refresh_max_age: self.refresh_max_age(session.created_at, last_used_at, now),
            session_created_at: session.created_at,
            user,
            session_id: session.id,
            access_token,
            access_expires_at,
            refresh_token,
        })
    }

    /// Ends the session named by the access token, or failing that by the
    /// refresh token. Signing out twice is not an error.
    pub async fn logout(&self, credentials: &Credentials, client: &ClientInfo) -> Result<(), AuthError> {
        let mut session = None;
        if let Ok(claims) = self.authenticate(credentials.access.as_ref()).await {
            session = self.store.session(&claims.sid).await?;
        } else if let Some(token) = &credentials.refresh {
            // A bound session is ended only with its access token, which its
            // browser renews with the key: a copied refresh cookie cannot.
            session = self.store.session_by_refresh_hash(&token.hash()).await?.filter(|s| !s.is_bound());
        }
        if let Some(session) = session {
            if self.store.revoke_session(&session.id, RevokeReason::SignedOut, self.clock.now_ms()).await? {
                self.record(Some(&session.user_id), Some(&session.id), EventKind::SignedOut, client).await;
            }
        }
        Ok(())
    }

}

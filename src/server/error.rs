//! Mapping server-side failures onto the one error type clients see,
//! [`AuthError`]. Internals are logged here and never sent.

use crate::auth::{AuthError, ErrorCode};

use super::{jwt::KeyError, passwords::HashError, store::StoreError};

impl From<StoreError> for AuthError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unavailable(_) => {
                tracing::warn!(error = %e, "database unavailable");
                // A page rendering when this happens is answered 503 too
                // (server functions get theirs from the error code).
                if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                    response.set_status(http::StatusCode::SERVICE_UNAVAILABLE);
                }
                AuthError::new(ErrorCode::Unavailable, "The service is temporarily unavailable. Please try again shortly.")
            }
            StoreError::Conflict => AuthError::new(ErrorCode::EmailTaken, "That already exists."),
            other => internal(other),
        }
    }
}

impl From<HashError> for AuthError {
    fn from(e: HashError) -> Self {
        match e {
            HashError::Busy => {
                tracing::warn!("password hashing queue full; request refused");
                AuthError { retry_after: Some(2), ..AuthError::because(crate::auth::Reason::Busy) }
            }
            other => internal(other),
        }
    }
}

impl From<KeyError> for AuthError {
    fn from(e: KeyError) -> Self {
        match e {
            KeyError::Store(store) => store.into(),
            other => internal(other),
        }
    }
}

pub fn internal(e: impl std::fmt::Display) -> AuthError {
    tracing::error!(error = %e, "internal error");
    AuthError::new(ErrorCode::Internal, "Something went wrong on our side. Please try again.")
}

//! Integration tests: the real server on port 0, a fresh database per test,
//! HTTP with cookies. Every scenario runs on SQLite and on PostgreSQL.

mod defences;
mod hardening;
mod health;
mod instances;
mod limits;
mod mail;
mod pages;
mod retention;
mod rotation;
mod security;
mod sign_in;
mod stalls;
mod support;
mod tokens;

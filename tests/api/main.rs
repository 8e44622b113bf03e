//! Integration tests: the real server on port 0, a fresh database per test,
//! HTTP with cookies. Every scenario runs on SQLite and on PostgreSQL.

mod admin;
mod bound;
mod defences;
mod federation;
mod hardening;
mod health;
mod instances;
mod languages;
mod limits;
mod mail;
mod operators;
mod ownership;
mod pages;
mod passkeys;
mod process;
mod reauth;
mod retention;
mod rotation;
mod second_factor;
mod security;
mod sign_in;
mod stalls;
mod support;
mod tokens;

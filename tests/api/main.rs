//! Integration tests: the real server on port 0, a fresh database per test,
//! HTTP with cookies. Every scenario runs on SQLite and on PostgreSQL.

mod account;
mod accounts;
mod defences;
mod hardening;
mod limits;
mod health;
mod instances;
mod pages;
mod retention;
mod stalls;
mod rotation;
mod support;
mod tokens;

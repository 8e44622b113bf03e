//! keycard's browser bundle. Everything it runs is in the `keycard` crate
//! (feature `hydrate`): its entry point, `keycard::hydrate`, and the
//! islands, which `wasm-bindgen` exports from there. This crate only links
//! them into a WASM module of their own; see `Cargo.toml` for why.

pub use keycard::hydrate;

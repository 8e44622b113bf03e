//! The browser bundle's file names, and how long browsers may keep them.
//!
//! `cargo leptos build` names the script, the WASM and the stylesheet after
//! their content (`hash-files`: `keycard.<hash>.wasm`) and writes the
//! hashes beside the server binary (`hash.txt`). A name that changes with
//! every change of content can be cached for good: those three files are
//! served `immutable` for a year, and a returning visitor downloads
//! nothing until a release changes them. Everything else under `/pkg/`
//! (wasm-bindgen's snippets) is revalidated. A binary without the hash
//! file (a plain `cargo build`, the integration tests) serves the plain
//! names.

use std::{path::Path, sync::OnceLock};

use leptos::config::LeptosOptions;

/// The bundle's file names under `/pkg/`.
#[derive(Debug, PartialEq, Eq)]
pub struct Bundle {
    pub js: String,
    pub wasm: String,
    pub css: String,
    /// The names carry content hashes.
    pub hashed: bool,
}

/// Read once: the files do not change while the binary runs.
pub fn bundle(options: &LeptosOptions) -> &'static Bundle {
    static BUNDLE: OnceLock<Bundle> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
            .and_then(|path| read_hashes(&path));
        names(&options.output_name, hashes.as_deref(), option_env!("LEPTOS_OUTPUT_NAME").is_some())
    })
}

fn read_hashes(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    tracing::info!(file = %path.display(), "serving the bundle under its content-hashed names");
    Some(text)
}

/// The names for `output` from the hash file's text (`js: H`, `wasm: H`,
/// `css: H` lines), if it has all three; otherwise the plain names
/// (`_bg.wasm` from a plain wasm-bindgen build, as the tests make).
fn names(output: &str, hashes: Option<&str>, built_by_cargo_leptos: bool) -> Bundle {
    let hash_of = |kind: &str| {
        hashes?.lines().find_map(|line| {
            let (name, hash) = line.split_once(':')?;
            let hash = hash.trim();
            let safe = !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            (name.trim() == kind && safe).then(|| hash.to_owned())
        })
    };
    if let (Some(js), Some(wasm), Some(css)) = (hash_of("js"), hash_of("wasm"), hash_of("css")) {
        return Bundle {
            js: format!("{output}.{js}.js"),
            wasm: format!("{output}.{wasm}.wasm"),
            css: format!("{output}.{css}.css"),
            hashed: true,
        };
    }
    let wasm = if built_by_cargo_leptos { format!("{output}.wasm") } else { format!("{output}_bg.wasm") };
    Bundle { js: format!("{output}.js"), wasm, css: format!("{output}.css"), hashed: false }
}

/// `Cache-Control` for a file under `/pkg/` (`file` is its name).
pub fn cache_control(bundle: &Bundle, file: &str) -> &'static str {
    let hashed_name = bundle.hashed && [&bundle.js, &bundle.wasm, &bundle.css].iter().any(|name| file == name.as_str());
    if hashed_name { "public, max-age=31536000, immutable" } else { "no-cache" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_come_from_the_hash_file_and_only_they_are_immutable() {
        let bundle = names("keycard", Some("js: Ab-1\nwasm: Cd_2\ncss: Ef3\n"), true);
        assert_eq!(
            bundle,
            Bundle { js: "keycard.Ab-1.js".into(), wasm: "keycard.Cd_2.wasm".into(), css: "keycard.Ef3.css".into(), hashed: true }
        );
        assert_eq!(cache_control(&bundle, "keycard.Cd_2.wasm"), "public, max-age=31536000, immutable");
        assert_eq!(cache_control(&bundle, "keycard.wasm"), "no-cache");
        assert_eq!(cache_control(&bundle, "inline0.js"), "no-cache");
    }

    #[test]
    fn without_a_complete_hash_file_the_plain_names_are_served() {
        for hashes in [None, Some(""), Some("js: a\nwasm: b\n"), Some("js: a\nwasm: ../b\ncss: c")] {
            let bundle = names("keycard", hashes, true);
            assert!(!bundle.hashed, "{hashes:?}");
            assert_eq!((bundle.js.as_str(), bundle.wasm.as_str()), ("keycard.js", "keycard.wasm"));
            assert_eq!(cache_control(&bundle, "keycard.js"), "no-cache");
        }
        assert_eq!(names("keycard", None, false).wasm, "keycard_bg.wasm");
    }
}

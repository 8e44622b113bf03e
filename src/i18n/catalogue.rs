//! The Fluent catalogues, built once, and the choice of a language from
//! `Accept-Language` (server only).

use std::sync::LazyLock;

use fluent_bundle::{FluentArgs, FluentResource, FluentValue, concurrent::FluentBundle};

use super::{Arg, Lang};

/// Each language's catalogue, compiled into the binary.
pub(super) const SOURCES: [(Lang, &str); 4] = [
    (Lang::En, include_str!("en.ftl")),
    (Lang::De, include_str!("de.ftl")),
    (Lang::Fr, include_str!("fr.ftl")),
    (Lang::Es, include_str!("es.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<Vec<Bundle>> = LazyLock::new(|| SOURCES.iter().map(|(lang, source)| bundle(*lang, source)).collect());

/// A language's bundle. A syntax error is logged and its entry skipped
/// (the unit tests allow none).
pub(super) fn bundle(lang: Lang, source: &str) -> Bundle {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(resource, errors)| {
        tracing::error!(lang = lang.code(), ?errors, "the catalogue has syntax errors");
        resource
    });
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: the text goes into
    // HTML and plain-text mails, which both lay out mixed directions well
    // enough for these four languages.
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(lang = lang.code(), ?errors, "the catalogue defines a key twice");
    }
    bundle
}

fn bundle_of(lang: Lang) -> &'static Bundle {
    &BUNDLES[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]
}

pub(super) fn format(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(text) => fluent_args.set(*name, FluentValue::from(text.as_str())),
            Arg::Num(n) => fluent_args.set(*name, FluentValue::from(*n)),
        }
    }
    for lang in [lang, Lang::En] {
        let bundle = bundle_of(lang);
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else { continue };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(lang = lang.code(), key, ?errors, "a message was formatted with errors");
        }
        return text.into_owned();
    }
    tracing::error!(key, "no message has this key");
    key.to_owned()
}

/// The best of keycard's languages for an `Accept-Language` header, by the
/// weights it gives (`de-CH, fr;q=0.8`): `None` when it names none of them.
pub fn negotiate(accept_language: &str) -> Option<Lang> {
    let mut wanted: Vec<(f32, Lang)> = accept_language
        .split(',')
        .take(32)
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .next()
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            let primary = tag.split(['-', '_']).next()?;
            Some((q, Lang::from_code(primary)?)).filter(|(q, _)| *q > 0.0)
        })
        .collect();
    // Stable: of equal weights, the first named wins.
    wanted.sort_by(|a, b| b.0.total_cmp(&a.0));
    wanted.first().map(|(_, lang)| *lang)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

    use super::*;

    fn parsed(source: &str) -> fluent_syntax::ast::Resource<&str> {
        fluent_syntax::parser::parse(source).unwrap_or_else(|(_, errors)| panic!("syntax errors: {errors:?}"))
    }

    /// Each message's key and the variables its text uses.
    fn messages(source: &str) -> Vec<(String, BTreeSet<String>)> {
        parsed(source)
            .body
            .iter()
            .filter_map(|entry| match entry {
                Entry::Message(m) => Some((m.id.name.to_owned(), m.value.as_ref().map(variables).unwrap_or_default())),
                _ => None,
            })
            .collect()
    }

    fn variables(pattern: &Pattern<&str>) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        for element in &pattern.elements {
            if let PatternElement::Placeable { expression } = element {
                collect(expression, &mut found);
            }
        }
        found
    }

    fn collect(expression: &Expression<&str>, found: &mut BTreeSet<String>) {
        match expression {
            Expression::Inline(InlineExpression::VariableReference { id }) => {
                found.insert(id.name.to_owned());
            }
            Expression::Inline(InlineExpression::Placeable { expression }) => collect(expression, found),
            Expression::Select { selector, variants } => {
                collect(&Expression::Inline(selector.clone()), found);
                for variant in variants {
                    found.extend(variables(&variant.value));
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_catalogue_has_exactly_the_english_keys_with_the_same_variables() {
        let english = messages(SOURCES[0].1);
        assert!(english.len() > 60, "the English catalogue is the reference");
        let keys: BTreeSet<_> = english.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(keys.len(), english.len(), "no English key is defined twice");
        for (lang, source) in &SOURCES[1..] {
            let theirs = messages(source);
            let their_keys: BTreeSet<_> = theirs.iter().map(|(k, _)| k.clone()).collect();
            assert_eq!(their_keys.len(), theirs.len(), "{lang:?}: a key defined twice");
            let missing: Vec<_> = keys.difference(&their_keys).collect();
            let extra: Vec<_> = their_keys.difference(&keys).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{lang:?}: missing {missing:?}, not in English {extra:?}");
            for (key, vars) in &theirs {
                let (_, english_vars) = english.iter().find(|(k, _)| k == key).unwrap();
                assert_eq!(vars, english_vars, "{lang:?} {key}: the same arguments as in English");
            }
        }
    }

    /// Every key of the English catalogue is used by the code: named in a
    /// source file as a string, or made from a prefix the code composes
    /// keys with (each listed here with what it is composed from).
    #[test]
    fn every_key_is_used() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut code = String::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    code.push_str(&std::fs::read_to_string(path).unwrap());
                }
            }
        }
        let composed: Vec<String> = crate::i18n::composed_keys();
        let unused: Vec<_> = messages(SOURCES[0].1)
            .into_iter()
            .map(|(key, _)| key)
            .filter(|key| !code.contains(&format!("\"{key}\"")) && !composed.contains(key))
            .collect();
        assert!(unused.is_empty(), "keys no code uses: {unused:?}");
        for key in composed {
            assert!(bundle_of(Lang::En).has_message(&key), "a composed key with no message: {key}");
        }
    }

    #[test]
    fn every_message_formats_cleanly_in_every_language() {
        for (lang, source) in SOURCES {
            let bundle = bundle(lang, source);
            for (key, vars) in messages(source) {
                let mut args = FluentArgs::new();
                for var in &vars {
                    args.set(var.as_str(), FluentValue::from(2));
                }
                let pattern = bundle.get_message(&key).and_then(|m| m.value()).unwrap();
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{lang:?} {key}: {errors:?}");
                assert!(!text.trim().is_empty(), "{lang:?} {key} is empty");
            }
        }
    }

    #[test]
    fn accept_language_is_read_by_its_weights() {
        assert_eq!(negotiate("de-DE,de;q=0.9,en;q=0.8"), Some(Lang::De));
        assert_eq!(negotiate("fr-CA"), Some(Lang::Fr));
        assert_eq!(negotiate("en;q=0.3, es;q=0.9"), Some(Lang::Es));
        assert_eq!(negotiate("it, es;q=0.5"), Some(Lang::Es), "an unknown first choice is skipped");
        assert_eq!(negotiate("it, pt"), None);
        assert_eq!(negotiate("de;q=0, fr;q=0.1"), Some(Lang::Fr), "q=0 means not wanted");
        assert_eq!(negotiate("de;q=x"), None, "a broken weight is ignored");
        assert_eq!(negotiate(""), None);
        assert_eq!(negotiate("*"), None);
    }

    #[test]
    fn arguments_and_plurals_are_filled_in() {
        assert_eq!(format(Lang::En, "wait-seconds", &[("n", Arg::Num(1))]), "1 second");
        assert_eq!(format(Lang::En, "wait-seconds", &[("n", Arg::Num(42))]), "42 seconds");
        assert_eq!(format(Lang::De, "wait-seconds", &[("n", Arg::Num(42))]), "42 Sekunden");
        assert_eq!(format(Lang::Fr, "wait-seconds", &[("n", Arg::Num(1))]), "1 seconde");
    }
}

//! The app's words in zh-CN, zh-TW and en, from Project Fluent files under
//! `assets/i18n/<locale>/` (compiled in). Every word the window shows comes from here; the
//! command line stays English.
//!
//! - [`Language`] is the choice saved in the settings; at first start it follows the system
//!   locale ([`Language::from_locale`]).
//! - [`tr!`](crate::tr) looks a message up: `tr!(lang, "menu-file")`,
//!   `tr!(lang, "status-document", n = 3, of = 10)`. A message missing in a locale falls back to
//!   English, and one missing in English shows as `⟦id⟧`, so a gap is visible, never a panic.
//! - `BIAOZHU_I18N_DIR` points at a folder laid out like `assets/i18n` whose files replace the
//!   compiled-in ones (for translators trying a change without a build). A file there with a
//!   syntax error, or a missing locale folder, makes that language fall back to English with one
//!   message ([`Catalog::problems`]).

pub use fluent_bundle::FluentArgs;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::LazyLock;

/// A language of the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    /// English.
    #[default]
    En,
    /// Simplified Chinese (mainland China, Singapore).
    ZhCn,
    /// Traditional Chinese (Taiwan, Hong Kong, Macao).
    ZhTw,
}

impl Language {
    /// Every language, in the order of the View > Language menu.
    pub const ALL: [Language; 3] = [Language::ZhCn, Language::ZhTw, Language::En];

    /// The locale tag, which is also the folder name under `assets/i18n`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::ZhCn => "zh-CN",
            Language::ZhTw => "zh-TW",
        }
    }

    /// The language for a system locale (`zh_CN.UTF-8`, `zh-Hant-HK`, `en_US`): Chinese in
    /// traditional script (zh_TW, zh_HK, zh_MO or a `Hant` script) is zh-TW, other Chinese is
    /// zh-CN, anything else English.
    pub fn from_locale(locale: &str) -> Language {
        let base = locale.split(['.', '@']).next().unwrap_or_default();
        let parts: Vec<String> = base
            .split(['_', '-'])
            .map(|p| p.to_ascii_lowercase())
            .collect();
        if parts.first().map(String::as_str) != Some("zh") {
            return Language::En;
        }
        let traditional = parts[1..]
            .iter()
            .any(|p| matches!(p.as_str(), "hant" | "tw" | "hk" | "mo"));
        let simplified = parts[1..].iter().any(|p| p == "hans");
        if traditional && !simplified {
            Language::ZhTw
        } else {
            Language::ZhCn
        }
    }

    /// The language of the system locale, English when there is none.
    pub fn of_system() -> Language {
        sys_locale::get_locale()
            .map(|l| Language::from_locale(&l))
            .unwrap_or_default()
    }
}

/// The Fluent files of each locale, in load order.
pub const FILES: [&str; 3] = ["app.ftl", "keys.ftl", "messages.ftl"];

macro_rules! embedded {
    ($locale:literal) => {
        [
            include_str!(concat!("../../../assets/i18n/", $locale, "/app.ftl")),
            include_str!(concat!("../../../assets/i18n/", $locale, "/keys.ftl")),
            include_str!(concat!("../../../assets/i18n/", $locale, "/messages.ftl")),
        ]
    };
}

/// The compiled-in Fluent sources of a language, in the order of [`FILES`].
pub fn embedded(lang: Language) -> [&'static str; 3] {
    match lang {
        Language::En => embedded!("en"),
        Language::ZhCn => embedded!("zh-CN"),
        Language::ZhTw => embedded!("zh-TW"),
    }
}

/// The messages of the three languages.
pub struct Catalog {
    bundles: Vec<(Language, FluentBundle<FluentResource>)>,
    problems: Vec<String>,
}

/// The catalog the window uses: compiled in, or from `BIAOZHU_I18N_DIR`.
static CATALOG: LazyLock<Catalog> = LazyLock::new(|| match std::env::var_os("BIAOZHU_I18N_DIR") {
    Some(dir) => Catalog::from_dir(Path::new(&dir)),
    None => Catalog::embedded(),
});

/// The catalog the window uses.
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

/// What went wrong loading one language's sources.
type LoadError = String;

/// One language's Fluent files as (file name, text), or why they could not be read.
pub type Sources = Result<Vec<(String, String)>, LoadError>;

impl Catalog {
    /// The compiled-in files.
    pub fn embedded() -> Catalog {
        Catalog::from_sources(Language::ALL.map(|lang| {
            let files = embedded(lang);
            (
                lang,
                Ok(FILES
                    .iter()
                    .zip(files)
                    .map(|(name, text)| (name.to_string(), text.to_string()))
                    .collect()),
            )
        }))
    }

    /// The files under `dir/<locale>/`; a locale whose folder is missing falls back to English.
    pub fn from_dir(dir: &Path) -> Catalog {
        Catalog::from_sources(Language::ALL.map(|lang| {
            let folder = dir.join(lang.tag());
            let read: Sources = FILES
                .iter()
                .map(|name| {
                    let path = folder.join(name);
                    std::fs::read_to_string(&path)
                        .map(|text| (path.display().to_string(), text))
                        .map_err(|e| format!("{}: {e}", path.display()))
                })
                .collect();
            (lang, read)
        }))
    }

    /// Builds the bundles from each language's (file name, text) pairs. A language whose files
    /// could not be read or parsed gets no bundle of its own (English is shown for it), and the
    /// catalog keeps one problem saying so. English itself falls back to the compiled-in files.
    pub fn from_sources(sources: [(Language, Sources); 3]) -> Catalog {
        let mut bundles = Vec::new();
        let mut problems = Vec::new();
        for (lang, files) in sources {
            match files.and_then(|files| bundle(lang, &files)) {
                Ok(b) => bundles.push((lang, b)),
                Err(why) => {
                    problems.push(format!(
                        "The {} translation could not be loaded ({why}); English is shown instead.",
                        lang.tag()
                    ));
                    if lang == Language::En {
                        let files: Vec<(String, String)> = FILES
                            .iter()
                            .zip(embedded(Language::En))
                            .map(|(n, t)| (n.to_string(), t.to_string()))
                            .collect();
                        if let Ok(b) = bundle(lang, &files) {
                            bundles.push((lang, b));
                        }
                    }
                }
            }
        }
        Catalog { bundles, problems }
    }

    /// What could not be loaded (empty when every language loaded).
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// Whether `lang` has its own messages (not the English fallback).
    pub fn has(&self, lang: Language) -> bool {
        self.bundles.iter().any(|(l, _)| *l == lang)
    }

    fn bundle(&self, lang: Language) -> Option<&FluentBundle<FluentResource>> {
        self.bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, b)| b)
    }

    /// The message `id` in `lang` (else in English, else `⟦id⟧`), formatted with `args`.
    pub fn text(&self, lang: Language, id: &str, args: Option<&FluentArgs>) -> String {
        for b in [self.bundle(lang), self.bundle(Language::En)]
            .into_iter()
            .flatten()
        {
            if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return b.format_pattern(pattern, args, &mut errors).into_owned();
            }
        }
        format!("⟦{id}⟧")
    }
}

/// One language's bundle from its files; the first syntax error is the reason it is refused.
fn bundle(
    lang: Language,
    files: &[(String, String)],
) -> Result<FluentBundle<FluentResource>, LoadError> {
    let id: unic_langid::LanguageIdentifier = lang
        .tag()
        .parse()
        .map_err(|e| format!("locale {}: {e:?}", lang.tag()))?;
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // Fluent's isolation marks (U+2068, U+2069) draw as boxes in egui.
    b.set_use_isolating(false);
    for (name, text) in files {
        let resource = FluentResource::try_new(text.clone()).map_err(|(_, errors)| {
            let first = errors.first().map(|e| {
                let line = text[..e.pos.start.min(text.len())].matches('\n').count() + 1;
                format!("{name}, line {line}: {:?}", e.kind)
            });
            first.unwrap_or_else(|| format!("{name}: a syntax error"))
        })?;
        b.add_resource(resource)
            .map_err(|errors| format!("{name}: {} messages defined twice", errors.len()))?;
    }
    Ok(b)
}

/// The message `id` in `lang` from the window's catalog.
pub fn text(lang: Language, id: &str, args: Option<&FluentArgs>) -> String {
    catalog().text(lang, id, args)
}

/// A document status in `lang` (`done` is 已完成 in zh-CN).
pub fn status(lang: Language, status: crate::core::data::model::Status) -> String {
    crate::tr!(lang, "status-name", status = status.as_str())
}

/// A value for a message argument: text stays text, numbers stay numbers (so plural rules see
/// them).
pub trait Arg {
    /// The Fluent value.
    fn arg(self) -> FluentValue<'static>;
}

impl Arg for String {
    fn arg(self) -> FluentValue<'static> {
        FluentValue::from(self)
    }
}
impl Arg for &String {
    fn arg(self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}
impl Arg for &str {
    fn arg(self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn arg(self) -> FluentValue<'static> {
                FluentValue::from(self)
            }
        }
    )*};
}
number_arg!(usize, u32, u64, i32, i64, f64);

/// Looks a message up in a language: `tr!(lang, "id")` or `tr!(lang, "id", name = value, …)`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:literal) => {
        $crate::app::i18n::text($lang, $id, None)
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::app::i18n::FluentArgs::new();
        $(args.set(stringify!($name), $crate::app::i18n::Arg::arg($value));)+
        $crate::app::i18n::text($lang, $id, Some(&args))
    }};
}

#[cfg(test)]
mod tests;

//! Fuzzes the importer: any bytes, under each supported extension, must give text or an error,
//! never a panic, and accepted text must be normalised.
#![no_main]

use biaozhu::core::data::ingest::{self, ChromeRules, CleanupOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let rules = ChromeRules::from_ron(ingest::DEFAULT_CHROME_RON).unwrap();
    for name in ["article.txt", "article.md", "article.html"] {
        if let Ok(c) = ingest::convert(name, data, &rules, CleanupOptions::default()) {
            assert!(!c.text.contains('\r'));
            assert!(!c.text.trim().is_empty());
        }
    }
});

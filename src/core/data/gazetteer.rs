//! The pinned GB/T 2260 gazetteer (`assets/gazetteer/adcodes.tsv`): every administrative
//! area's adcode and standard name, found by its full name or its short form (江苏省 and 江苏).
//! The rule extractor finds regions with it and typed values give a region its adcode.

use std::collections::BTreeMap;
use std::sync::LazyLock;

const GAZETTEER: &str = include_str!("../../../assets/gazetteer/adcodes.tsv");

/// A gazetteer entry: the adcodes a name stands for, and its standard name.
#[derive(Clone, Debug)]
pub struct Place {
    pub codes: Vec<(String, String)>,
}

/// Names (full and short) to places.
pub static PLACES: LazyLock<BTreeMap<String, Place>> = LazyLock::new(|| {
    let mut map: BTreeMap<String, Place> = BTreeMap::new();
    for line in GAZETTEER.lines().skip(1) {
        let Some((code, name)) = line.split_once('\t') else {
            continue;
        };
        if name.contains('辖') || name.chars().count() < 2 {
            continue;
        }
        let mut forms = vec![name.to_string()];
        for suffix in [
            "特别行政区",
            "维吾尔自治区",
            "壮族自治区",
            "回族自治区",
            "自治区",
            "自治州",
            "自治县",
            "省",
            "市",
            "区",
            "县",
        ] {
            if let Some(short) = name.strip_suffix(suffix)
                && short.chars().count() >= 2
            {
                forms.push(short.to_string());
                break;
            }
        }
        for form in forms {
            map.entry(form)
                .or_insert_with(|| Place { codes: Vec::new() })
                .codes
                .push((code.to_string(), name.to_string()));
        }
    }
    map
});

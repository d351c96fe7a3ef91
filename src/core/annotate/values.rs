//! Typed values of spans: an amount's value, currency and qualifier from its text (53.7億元,
//! 约1.2亿元, 超50亿元, 3亿多元, 五十亿元, ５０亿元), filled when a span is labelled or a suggestion
//! accepted, and checked by `validate` through the attribute kinds of labels.ron.

use crate::core::data::labels::{LabelSchema, Role};
use crate::core::data::model::Attrs;
use regex::Regex;
use serde_json::json;
use std::sync::LazyLock;

/// An amount in simplified, half-width form: qualifier, number, 多, unit, 多, currency, qualifier.
pub static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<pre>约|近|超过|超|逾|不到|不超过|至少)?(?P<num>[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+)(?P<more1>多)?(?P<unit>万亿|千万|百万|亿|万)?(?P<more2>多)?(?P<cur>美元|港元|港币|欧元|人民币|元)(?P<post>以上|左右|上下|以下)?",
    )
    .expect("valid amount pattern")
});

/// Folds full-width digits and the full-width point to ASCII and traditional forms to simplified,
/// one character for one.
pub fn fold_amount_text(text: &str) -> String {
    let simplified: String = crate::core::annotate::find::fold(text)
        .into_iter()
        .collect();
    simplified
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            _ => c,
        })
        .collect()
}

/// The value of a Chinese numeral up to the thousands (五十, 一百五十, 两千零五).
pub fn chinese_number(s: &str) -> Option<f64> {
    let digit = |c: char| {
        "零〇一二三四五六七八九".find(c).map(|_| match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            _ => 9,
        })
    };
    let (mut total, mut current) = (0u64, 0u64);
    let mut any = false;
    for c in s.chars() {
        let d = if c == '两' { Some(2) } else { digit(c) };
        if let Some(d) = d {
            current = d;
            any = true;
            continue;
        }
        let mult = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total += if current == 0 && mult == 10 {
            1
        } else {
            current
        } * mult;
        current = 0;
        any = true;
    }
    any.then_some((total + current) as f64)
}

fn unit_of(unit: &str) -> f64 {
    match unit {
        "万亿" => 1e12,
        "千万" => 1e7,
        "百万" => 1e6,
        "亿" => 1e8,
        "万" => 1e4,
        _ => 1.0,
    }
}

/// The typed attributes of an amount's text, or `None` when the text is not a money amount.
pub fn amount_attrs(text: &str) -> Option<Attrs> {
    let folded = fold_amount_text(text);
    let caps = AMOUNT.captures(&folded)?;
    if caps.get(0)?.as_str().chars().count() != folded.chars().count() {
        return None;
    }
    let num = caps.name("num")?.as_str();
    let n = if num.starts_with(|c: char| c.is_ascii_digit()) {
        num.parse::<f64>().ok()?
    } else {
        chinese_number(num)?
    };
    let unit = caps.name("unit").map_or("", |m| m.as_str());
    let value = n * unit_of(unit);
    let currency = match caps.name("cur")?.as_str() {
        "美元" => "USD",
        "港元" | "港币" => "HKD",
        "欧元" => "EUR",
        _ => "CNY",
    };
    let pre = caps.name("pre").map_or("", |m| m.as_str());
    let post = caps.name("post").map_or("", |m| m.as_str());
    let more = caps.name("more1").is_some() || caps.name("more2").is_some();
    let mut attrs = Attrs::new();
    attrs.insert("value".into(), json!(value));
    attrs.insert("currency".into(), json!(currency));
    let qualifier = if more {
        // 3亿多元: at least 3亿, below 4亿.
        let step = if unit.is_empty() {
            10f64.powi(num.split('.').next().map_or(1, |i| i.len() as i32 - 1))
        } else {
            unit_of(unit)
        };
        attrs.insert("value_min".into(), json!(value));
        attrs.insert("value_max".into(), json!(value + step));
        "range"
    } else {
        match (pre, post) {
            ("约", _) | (_, "左右") | (_, "上下") => "approx",
            ("超" | "超过" | "逾" | "至少", _) | (_, "以上") => "over",
            ("近" | "不到" | "不超过", _) | (_, "以下") => "under",
            _ => "exact",
        }
    };
    attrs.insert("qualifier".into(), json!(qualifier));
    Some(attrs)
}

/// The typed attributes a span of a label with `role` and this text gets when it is labelled or
/// accepted: value, currency and qualifier for a `Money` label; adcode and canonical name (or
/// the `ambiguous` flag) for a `Place` label. Empty for other roles, for labels without a role
/// ([`LabelSchema::role_of`]) and for text the rules do not understand.
pub fn typed_attrs(role: Option<Role>, text: &str) -> Attrs {
    match role {
        Some(Role::Money) => amount_attrs(text).unwrap_or_default(),
        Some(Role::Place) => place_attrs(
            &crate::core::annotate::find::fold(text)
                .into_iter()
                .collect::<String>(),
        ),
        _ => Attrs::new(),
    }
}

/// [`typed_attrs`] for a span labelled `label` in a dataset with `labels`.
pub fn typed_attrs_of(labels: &LabelSchema, label: &str, text: &str) -> Attrs {
    typed_attrs(labels.role_of(label), text)
}

/// The adcode and standard name of a gazetteer name (simplified), or the `ambiguous` flag when
/// the name stands for several areas; empty for names outside the gazetteer.
pub fn place_attrs(name: &str) -> Attrs {
    let mut attrs = Attrs::new();
    if let Some(place) = crate::core::data::gazetteer::PLACES.get(name) {
        let codes: std::collections::HashSet<&str> =
            place.codes.iter().map(|(c, _)| c.as_str()).collect();
        if codes.len() == 1 {
            attrs.insert("adcode".into(), json!(place.codes[0].0));
            attrs.insert("canonical".into(), json!(place.codes[0].1));
        } else {
            attrs.insert("ambiguous".into(), json!(true));
        }
    }
    attrs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> (f64, String, String) {
        let a = amount_attrs(text).unwrap_or_else(|| panic!("{text} is an amount"));
        (
            a["value"].as_f64().unwrap(),
            a["currency"].as_str().unwrap().into(),
            a["qualifier"].as_str().unwrap().into(),
        )
    }

    #[test]
    fn amounts_in_every_script_and_numeral() {
        assert_eq!(v("20亿元"), (2e9, "CNY".into(), "exact".into()));
        assert_eq!(v("53.7億元"), (5.37e9, "CNY".into(), "exact".into()));
        assert_eq!(v("3000万美元"), (3e7, "USD".into(), "exact".into()));
        assert_eq!(v("超50億元"), (5e9, "CNY".into(), "over".into()));
        assert_eq!(v("约1.2亿元"), (1.2e8, "CNY".into(), "approx".into()));
        assert_eq!(v("5000万元以上"), (5e7, "CNY".into(), "over".into()));
        assert_eq!(v("五十亿元"), (5e9, "CNY".into(), "exact".into()));
        assert_eq!(v("５０亿元"), (5e9, "CNY".into(), "exact".into()));
        assert_eq!(v("1.2万亿元"), (1.2e12, "CNY".into(), "exact".into()));
        assert_eq!(v("近10亿港元"), (1e9, "HKD".into(), "under".into()));
        let r = amount_attrs("3亿多元").unwrap();
        assert_eq!(
            (
                r["value_min"].as_f64(),
                r["value_max"].as_f64(),
                r["qualifier"].as_str()
            ),
            (Some(3e8), Some(4e8), Some("range"))
        );
        for not in ["243.82亩", "5GW", "12.8%", "项目46个", "总投资"] {
            assert!(amount_attrs(not).is_none(), "{not}");
        }
        assert_eq!(chinese_number("一百五十"), Some(150.0));
        assert_eq!(chinese_number("十五"), Some(15.0));
    }
}

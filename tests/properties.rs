//! Properties: offset conversions agree with naive counting for any text (astral characters and
//! CRLF included), and save → load round-trips any annotation byte for byte.

use biaozhu::core::data::fsio;
use biaozhu::core::data::model::{Annotation, Attrs, Relation, Span, Status};
use biaozhu::core::data::offsets::{OffsetMap, OffsetUnit};
use proptest::prelude::*;

fn text_strategy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "南", "通", "𠮷", "👍", "\r\n", "\n", "５", "é", " ", "項",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn conversions_match_naive_counting(text in text_strategy()) {
        let map = OffsetMap::new(&text);
        let chars: Vec<char> = text.chars().collect();
        prop_assert_eq!(map.char_count(), chars.len());
        let mut byte = 0;
        let mut utf16 = 0;
        for (cp, c) in chars.iter().enumerate() {
            prop_assert_eq!(map.char_to_byte(cp), Some(byte));
            prop_assert_eq!(map.char_to_utf16(cp), Some(utf16));
            prop_assert_eq!(map.byte_to_char(byte), Some(cp));
            prop_assert_eq!(map.utf16_to_char(utf16), Some(cp));
            for unit in [OffsetUnit::CodePoint, OffsetUnit::Utf8, OffsetUnit::Utf16] {
                prop_assert_eq!(map.to_char(map.from_char(cp, unit).unwrap(), unit), Some(cp));
            }
            if c.len_utf16() == 2 {
                prop_assert_eq!(map.utf16_to_char(utf16 + 1), None);
            }
            if c.len_utf8() > 1 {
                prop_assert_eq!(map.byte_to_char(byte + 1), None);
            }
            byte += c.len_utf8();
            utf16 += c.len_utf16();
        }
        prop_assert_eq!(map.char_to_byte(chars.len()), Some(text.len()));
        prop_assert_eq!(map.len_in(OffsetUnit::Utf16), utf16);
        prop_assert_eq!(map.char_to_byte(chars.len() + 1), None);
    }

    #[test]
    fn slices_cover_exactly_the_code_points(text in text_strategy(), a in 0usize..80, b in 0usize..80) {
        let map = OffsetMap::new(&text);
        let chars: Vec<char> = text.chars().collect();
        let (start, end) = (a.min(b), a.max(b));
        let expected: Option<String> = (end <= chars.len()).then(|| chars[start..end].iter().collect());
        prop_assert_eq!(map.slice(&text, start, end).map(str::to_string), expected);
    }

    #[test]
    fn save_then_load_round_trips(text in text_strategy(), raw in prop::collection::vec((0usize..60, 1usize..8, 0usize..4), 0..20)) {
        let map = OffsetMap::new(&text);
        let n = map.char_count();
        prop_assume!(n > 0);
        let labels = ["project", "amount", "region", "mechanism"];
        let mut spans = Vec::new();
        for (i, (s, len, l)) in raw.into_iter().enumerate() {
            let start = s % n;
            let end = (start + len).min(n);
            if start == end { continue; }
            let mut attrs = Attrs::new();
            if i % 2 == 0 { attrs.insert("note".into(), serde_json::json!(format!("备注{i}"))); }
            spans.push(Span { id: format!("s{}", i + 1), start, end, label: labels[l].into(), text: map.slice(&text, start, end).unwrap().into(), attrs });
        }
        let relations = if spans.len() >= 2 {
            vec![Relation { id: "r1".into(), kind: "has_amount".into(), from: spans[0].id.clone(), to: spans[1].id.clone(), confidence: None }]
        } else { vec![] };
        let mut ann = Annotation {
            document: "doc".into(), document_sha256: "0".repeat(64), annotator: "a".into(), status: Status::InProgress,
            revision: 3, updated: "2026-01-01T00:00:00Z".into(), spans, relations, rejected: vec![], taken: Default::default(), effort: None,
        };
        ann.normalise_order();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        fsio::write_json(&path, &ann).unwrap();
        let back: Annotation = fsio::read_json(&path).unwrap();
        prop_assert_eq!(&back, &ann);
        let bytes = std::fs::read(&path).unwrap();
        prop_assert_eq!(fsio::to_canonical_json(&back), bytes, "writing again gives the same bytes");
    }
}

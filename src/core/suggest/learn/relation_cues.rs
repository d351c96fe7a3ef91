//! The cue words of the learned linker, each list from what the guidelines say decides a link
//! (assets/guidelines.md §2 and §4), not from the strings of any document.

/// Words that make a figure a project's investment (guidelines §2.2, §4).
const INVEST: [&str; 8] = [
    "总投资",
    "總投資",
    "计划投资",
    "計劃投資",
    "投资",
    "投資",
    "投入",
    "注资",
];
/// Figures the guidelines leave unlinked: sales, output, tax, induced investment.
const NOT_INVEST: [&str; 12] = [
    "销售", "銷售", "产值", "產值", "税收", "稅收", "营收", "營收", "利税", "带动", "帶動", "撬动",
];
/// Words that place a project (guidelines §2.3, §4).
const LOCATIVE: [&str; 12] = [
    "位于", "位於", "落户", "落戶", "地处", "地處", "坐落", "落地", "入驻", "选址", "扎根", "在",
];
/// A country or party of origin, not the location (来自德国的…).
const ORIGIN: [&str; 3] = ["来自", "來自", "从"];
/// Signing with a party (与…签约): the party is not the location.
const SIGNING: [&str; 6] = ["签约", "簽約", "签订", "簽訂", "合作", "携手"];
/// A government body after a place (guidelines §2.3: only the place part is a region).
const GOVERNMENT: [&str; 6] = ["管委会", "管委會", "政府", "发改委", "發改委", "局"];
/// Verbs that apply a mechanism.
const APPLY: [&str; 10] = [
    "采用",
    "採用",
    "实行",
    "實行",
    "推行",
    "实施",
    "實施",
    "享受",
    "得益于",
    "多亏",
];
/// References back to a project named before (guidelines §1: never labelled themselves).
const REFERENCE: [&str; 6] = ["该项目", "該項目", "该工程", "該工程", "项目", "項目"];
/// An explicit reference back to the last project named (guidelines §4: 该项目 points back to
/// the last full mention).
const THIS_PROJECT: [&str; 6] = ["该项目", "該項目", "该工程", "該工程", "该基地", "該基地"];
/// A class of projects, not one project (guidelines §2.1, §4).
const CLASS: [&str; 10] = [
    "重点项目",
    "重點項目",
    "重大项目",
    "重大項目",
    "一批",
    "各类",
    "各類",
    "所有",
    "全市",
    "全区",
];

/// The cue lists present in `s`, by name.
pub fn cues(s: &str) -> Vec<&'static str> {
    let lists: [(&str, &[&str]); 9] = [
        ("invest", &INVEST),
        ("not_invest", &NOT_INVEST),
        ("locative", &LOCATIVE),
        ("origin", &ORIGIN),
        ("signing", &SIGNING),
        ("government", &GOVERNMENT),
        ("apply", &APPLY),
        ("reference", &REFERENCE),
        ("class", &CLASS),
    ];
    lists
        .iter()
        .filter(|(_, words)| words.iter().any(|w| s.contains(w)))
        .map(|(name, _)| *name)
        .collect()
}

/// The last reference back to a project (该项目, 该工程, 该基地) in `chars`, as the code points
/// it covers.
pub fn last_reference(chars: &[char]) -> Option<(usize, usize)> {
    THIS_PROJECT
        .iter()
        .filter_map(|w| {
            let w: Vec<char> = w.chars().collect();
            let at = chars.windows(w.len()).rposition(|x| x == w.as_slice())?;
            Some((at, at + w.len()))
        })
        .max()
}

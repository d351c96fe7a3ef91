//! Observations that reach past the ±2 window, each for a rule of the guidelines:
//! - inside quote marks: what stands before the opening mark and after the closing one, whether
//!   a mechanism's or a slogan's head word follows and a launching verb precedes, and how long the
//!   quoted run is (a quoted name followed by 活动, 制度 or 改革 is a mechanism; a quoted list of
//!   four-character slogans is not);
//! - in a run of letters and digits: whether an organisation's ending (有限公司, 大学, 日报…)
//!   starts ahead of it, because places inside organisation names are not regions;
//! - zone candidates: a gazetteer name grown by an area suffix or a zone ending (南通创新区 is
//!   labelled whole, not 南通);
//! - the name right after an amount and 的 (总投资50亿元的XX基地), where a project stands.

/// Opening quote marks and their closing partners.
pub const QUOTES: [(char, char); 5] = [
    ('“', '”'),
    ('‘', '’'),
    ('「', '」'),
    ('『', '』'),
    ('《', '》'),
];

/// A quoted run longer than this is prose, not a name.
const MAX_QUOTED: usize = 24;

/// How far ahead an organisation's ending is looked for.
const ORG_REACH: usize = 16;

/// The longest name after an amount and 的 that is marked.
const MAX_NAME_AFTER_AMOUNT: usize = 24;

/// Endings of organisation names (folded to simplified script), and of the names of events and
/// newspaper datelines (镇江讯). A place before one of these, in the same run of text, is part of
/// the name.
const ORG_SUFFIXES: [&str; 15] = [
    "有限公司",
    "有限责任公司",
    "股份",
    "集团",
    "公司",
    "大学",
    "学院",
    "研究院",
    "研究所",
    "日报",
    "晚报",
    "电视台",
    "银行",
    "大会",
    "讯",
];

/// Words that, right after a quoted name, say it names a way of working: the generic words the
/// guidelines keep out of a mechanism (模式, 机制, 制度, 改革, 服务, 做法, 考核) and their kin.
const MECHANISM_HEADS: [&str; 17] = [
    "模式",
    "机制",
    "制度",
    "改革",
    "服务",
    "做法",
    "考核",
    "活动",
    "政策",
    "工作法",
    "方式",
    "格局",
    "举措",
    "办法",
    "品牌",
    "概念",
    "专班",
];

/// Words that, right after a quoted phrase, say it is a slogan or goal (not labelled).
const SLOGAN_HEADS: [&str; 9] = [
    "理念",
    "目标",
    "总目标",
    "原则",
    "导向",
    "精神",
    "要求",
    "口号",
    "氛围",
];

/// Verbs that put a named way of working in place (推行“赛马制”).
const LAUNCH_VERBS: [&str; 14] = [
    "推行", "实施", "开展", "推出", "采用", "采取", "建立", "确立", "成立", "创新", "打造", "实行",
    "推动", "探索",
];

/// What follows a quoted run: 1 a mechanism's head word (after at most 的 or 等), 2 a slogan's,
/// 3 punctuation or the end of the text, 0 anything else.
fn after_class(chars: &[char], at: usize) -> u8 {
    let skip = usize::from(matches!(chars.get(at), Some('的' | '等')));
    let at = at + skip;
    if MECHANISM_HEADS.iter().any(|w| starts_with_at(chars, at, w)) {
        1
    } else if SLOGAN_HEADS.iter().any(|w| starts_with_at(chars, at, w)) {
        2
    } else if chars.get(at).is_none_or(|c| !c.is_alphanumeric()) {
        3
    } else {
        0
    }
}

/// Whether a launching verb ends right before `at`, or with one code point between (实施了“…”).
fn launched(chars: &[char], at: usize) -> bool {
    LAUNCH_VERBS.iter().any(|w| {
        let n = w.chars().count();
        (0..=1).any(|gap| at >= n + gap && starts_with_at(chars, at - n - gap, w))
    })
}

/// Per code point: the quoted run it is in, described for the feature templates.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Quoted {
    /// The two code points before the opening mark, packed into one number (0 when not quoted).
    pub before: u64,
    /// The two code points after the closing mark, packed.
    pub after: u64,
    /// 1 first, 2 inside, 3 last, 4 the only code point of the run; 0 when not quoted.
    pub place: u8,
    /// The run's length, bucketed: 1, 2, 3, 4, 5–6, 7–9, 10 and more.
    pub length: u8,
    /// Whether the run holds a list separator (、，,；), as slogans do.
    pub listed: bool,
    /// What follows the closing mark ([`after_class`]).
    pub after_class: u8,
    /// Whether a launching verb (推行, 实施…) stands before the opening mark.
    pub launched: bool,
}

fn bucket(n: usize) -> u8 {
    match n {
        0..=4 => n as u8,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

/// The code points at `from` and `from + 1` packed into one number (21 bits each; a position
/// outside the text is a value no code point has).
fn pair_hash(chars: &[char], from: isize) -> u64 {
    let at = |i: isize| {
        if i < 0 || i as usize >= chars.len() {
            0x11_0003u64
        } else {
            chars[i as usize] as u64
        }
    };
    (at(from) << 21) | at(from + 1)
}

/// The quoted runs of `chars`: each opening mark paired with the nearest matching closing mark
/// on the same line, at most [`MAX_QUOTED`] code points on; an inner run wins over the run
/// around it.
pub fn quoted_runs(chars: &[char]) -> Vec<Quoted> {
    let mut out = vec![Quoted::default(); chars.len()];
    for (open, c) in chars.iter().enumerate() {
        let Some(&(_, close)) = QUOTES.iter().find(|(o, _)| o == c) else {
            continue;
        };
        let start = open + 1;
        let Some(len) = chars[start..]
            .iter()
            .take(MAX_QUOTED + 1)
            .take_while(|&&c| c != '\n')
            .position(|&c| c == close)
        else {
            continue;
        };
        if len == 0 {
            continue;
        }
        let end = start + len;
        let run = &chars[start..end];
        let listed = run.iter().any(|c| "、，,；".contains(*c));
        let run = Quoted {
            before: pair_hash(chars, open as isize - 2),
            after: pair_hash(chars, end as isize + 1),
            place: 0,
            length: bucket(len),
            listed,
            after_class: after_class(chars, end + 1),
            launched: launched(chars, open),
        };
        for (k, q) in out[start..end].iter_mut().enumerate() {
            *q = Quoted {
                place: place_in_run(len, k),
                ..run
            };
        }
    }
    out
}

/// The place of code point `k` in a run of `len`: 1 first, 2 inside, 3 last, 4 the only one.
pub fn place_in_run(len: usize, k: usize) -> u8 {
    match (len, k) {
        (1, _) => 4,
        (_, 0) => 1,
        (l, k) if k + 1 == l => 3,
        _ => 2,
    }
}

fn is_name_char(c: char) -> bool {
    // The common CJK ideographs first: `is_alphanumeric` looks them up in a table.
    ('\u{4e00}'..='\u{9fff}').contains(&c) || c.is_alphanumeric()
}

/// Per code point: whether an organisation's ending starts within [`ORG_REACH`] code points ahead
/// without a punctuation mark or space between (the code point is then likely inside the
/// organisation's name). `(镇江)有限责任公司` counts too: brackets are passed over.
pub fn organisation_ahead(chars: &[char]) -> Vec<bool> {
    let n = chars.len();
    let suffix_starts: Vec<bool> = (0..=n)
        .map(|i| ORG_SUFFIXES.iter().any(|s| starts_with_at(chars, i, s)))
        .collect();
    let name: Vec<bool> = chars.iter().map(|&c| is_name_char(c)).collect();
    let passable: Vec<bool> = chars
        .iter()
        .zip(&name)
        .map(|(&c, &name)| name || "()（）".contains(c))
        .collect();
    let mut out = vec![false; n];
    for i in 0..n {
        if !name[i] {
            continue;
        }
        let mut j = i + 1;
        while j < n && j <= i + ORG_REACH {
            if suffix_starts[j] {
                out[i] = true;
                break;
            }
            if !passable[j] {
                break;
            }
            j += 1;
        }
    }
    out
}

/// Suffixes that make a place name into an administrative area or zone when they follow it
/// directly (如皋港, 海安市, 竹行街道).
const AREA_SUFFIXES: [&str; 9] = ["街道", "市", "区", "县", "镇", "乡", "省", "港", "湾"];

/// Endings of a zone's name, which a few descriptive characters may separate from the place
/// name in front (南通中央创新区, 长江口产业创新协同区).
const ZONE_SUFFIXES: [&str; 11] = [
    "经济技术开发区",
    "高新技术产业开发区",
    "开发区",
    "高新区",
    "创新区",
    "新区",
    "片区",
    "示范区",
    "示范园",
    "协同区",
    "园区",
];

/// Zones and places said without a name (guidelines §2.3: 开发区, 高新区, 园区, 当地 on their own
/// are generic references, not regions, even when they clearly mean a zone named earlier).
const GENERIC_PLACES: [&str; 16] = [
    "开发区",
    "高新区",
    "新区",
    "园区",
    "经开区",
    "片区",
    "示范区",
    "工业园区",
    "产业园区",
    "开发园区",
    "经济开发区",
    "经济技术开发区",
    "高新技术产业开发区",
    "当地",
    "本市",
    "本地",
];

/// Whether `name` (folded to simplified characters) is a zone or place said without a name.
pub fn generic_place(name: &[char]) -> bool {
    GENERIC_PLACES
        .iter()
        .any(|g| g.chars().eq(name.iter().copied()))
}

/// How many characters may stand between a place name and a zone ending.
const ZONE_GAP: usize = 4;

/// Characters that end a name rather than continue it (厦门举行的中国开发区 is no zone).
const NOT_IN_A_NAME: &str = "的在了和与及是为将把对从向于等该此其个所有举行";

/// Whether `word` stands in `chars` at `at`.
fn starts_with_at(chars: &[char], at: usize, word: &str) -> bool {
    let mut rest = chars.get(at..).unwrap_or(&[]).iter();
    word.chars().all(|c| rest.next() == Some(&c))
}

/// Candidate areas and zones: each gazetteer match in `places` extended by an area suffix right
/// after it, or by up to [`ZONE_GAP`] Chinese characters and a zone ending. The guidelines label
/// the whole zone (南通创新区, not 南通); whether a candidate is one is for the model to learn.
pub fn zone_candidates(chars: &[char], places: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for &(s, e) in places {
        let mut best = None;
        for suffix in AREA_SUFFIXES {
            if starts_with_at(chars, e, suffix) {
                best = Some(e + suffix.chars().count());
                break;
            }
        }
        for gap in 0..=ZONE_GAP {
            let at = e + gap;
            if at > chars.len() || (gap > 0 && !continues_name(chars[at - 1])) {
                break;
            }
            if let Some(z) = ZONE_SUFFIXES.iter().find(|z| starts_with_at(chars, at, z)) {
                best = Some(at + z.chars().count());
                break;
            }
        }
        if let Some(end) = best {
            out.push((s, end));
        }
    }
    out
}

/// Per code point: its place in the name that follows an amount and 的 (总投资50亿元的XX基地),
/// where the guidelines put a project: 1 first, 2 inside, 3 last, 4 the only one, 0 elsewhere.
/// The run stops at punctuation, a space or 等.
pub fn after_amount(chars: &[char], amounts: &[(usize, usize)]) -> Vec<u8> {
    let mut out = vec![0u8; chars.len()];
    for &(_, e) in amounts {
        if chars.get(e) != Some(&'的') {
            continue;
        }
        let start = e + 1;
        let len = chars[start..]
            .iter()
            .take(MAX_NAME_AFTER_AMOUNT)
            .take_while(|&&c| is_name_char(c) && c != '等')
            .count();
        for (k, place) in out[start..start + len].iter_mut().enumerate() {
            *place = place_in_run(len, k);
        }
    }
    out
}

fn continues_name(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) && !NOT_IN_A_NAME.contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn a_quoted_name_knows_its_neighbours_and_length() {
        let c = chars("推行“赛马制”招商");
        let q = quoted_runs(&c);
        assert_eq!(q[2], Quoted::default(), "the mark itself is not quoted");
        assert_eq!((q[3].place, q[4].place, q[5].place), (1, 2, 3));
        assert_eq!(q[3].length, 3);
        assert_eq!(q[3].after, pair_hash(&c, 7));
        assert_eq!(q[3].before, pair_hash(&c, 0));
        assert!(!q[3].listed);
        assert!(q[3].launched, "推行 before the mark");
        assert_eq!(q[3].after_class, 0, "招商 is no head word");
        let head = quoted_runs(&chars("“双挂钩”的做法，“保第一”的总目标，“沉睡”。"));
        assert_eq!((head[1].after_class, head[1].launched), (1, false));
        assert_eq!(head[11].after_class, 2);
        assert_eq!(head[20].after_class, 3);
        let list = quoted_runs(&chars("“快落户、快转化”"));
        assert!(list[1].listed);
    }

    #[test]
    fn an_unclosed_or_overlong_quote_is_not_a_run() {
        assert!(
            quoted_runs(&chars("“没有结束\n”"))
                .iter()
                .all(|q| q.place == 0)
        );
        let long = format!("“{}”", "长".repeat(MAX_QUOTED + 1));
        assert!(quoted_runs(&chars(&long)).iter().all(|q| q.place == 0));
    }

    #[test]
    fn a_place_name_grows_into_its_zone() {
        let c = chars("南通中央创新区和如皋港以及海安，开发区");
        let places = [(0, 2), (8, 10), (13, 15)];
        assert_eq!(zone_candidates(&c, &places), vec![(0, 7), (8, 11)]);
        let held = chars("在厦门举行的中国开发区大会");
        assert!(zone_candidates(&held, &[(1, 3)]).is_empty());
    }

    #[test]
    fn the_name_after_an_amount_and_de_is_a_run() {
        let c = chars("总投资50亿元的甲乙硅片切割机、丙丁等项目");
        let run = after_amount(&c, &[(3, 7)]);
        assert_eq!(
            &run[7..16],
            &[0, 1, 2, 2, 2, 2, 2, 3, 0],
            "的 and 、 are outside"
        );
        assert!(
            after_amount(&c, &[(3, 6)]).iter().all(|&p| p == 0),
            "no 的 after it"
        );
    }

    #[test]
    fn a_zone_without_its_name_is_generic() {
        assert!(generic_place(&chars("新区")));
        assert!(generic_place(&chars("经济技术开发区")));
        assert!(!generic_place(&chars("镇江新区")), "a named zone");
        assert!(!generic_place(&chars("新")));
    }

    #[test]
    fn a_place_before_a_company_suffix_is_inside_an_organisation() {
        let c = chars("南通谷玄科技有限公司在南通投资");
        let ahead = organisation_ahead(&c);
        assert!(ahead[0] && ahead[1], "南通 of the company");
        assert!(!ahead[11] && !ahead[12], "南通 after 在 is not");
        let bracket = organisation_ahead(&chars("哈尔滨电机厂(镇江)有限责任公司"));
        assert!(bracket[7], "镇江 inside the brackets");
        let stop = organisation_ahead(&chars("镇江，大学"));
        assert!(!stop[0], "a comma ends the run");
    }
}

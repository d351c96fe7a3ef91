//! Synthetic investment news that a model cannot fit in an epoch or two, for the learning bench
//! and the warm-start test: sentences from many templates with names put together from parts
//! (so most names are new), places inside company names and amounts that are not investments
//! (revenue, tax, output) left unlabelled, quoted slogans beside quoted mechanisms, a country of
//! origin beside the project's region, and an annotator who now and then misses a span or leaves
//! a project's 项目 out of it. Written for biaozhu, not taken from any article.

use super::model::{Attrs, Span};
use super::synth::Rng;

const CITIES: [&str; 40] = [
    "南通",
    "镇江",
    "苏州",
    "无锡",
    "常州",
    "扬州",
    "泰州",
    "盐城",
    "淮安",
    "宿迁",
    "徐州",
    "连云港",
    "合肥",
    "芜湖",
    "嘉兴",
    "湖州",
    "绍兴",
    "宁波",
    "温州",
    "金华",
    "台州",
    "滁州",
    "马鞍山",
    "安庆",
    "蚌埠",
    "南京",
    "杭州",
    "昆山",
    "江阴",
    "张家港",
    "常熟",
    "太仓",
    "如皋",
    "海安",
    "启东",
    "丹阳",
    "句容",
    "溧阳",
    "宜兴",
    "海门",
];
const AREA_ENDINGS: [&str; 12] = [
    "经济技术开发区",
    "高新区",
    "开发区",
    "市",
    "区",
    "县",
    "港",
    "工业园区",
    "新区",
    "综合保税区",
    "",
    "",
];
const TOWNS: [&str; 12] = [
    "盛泽", "周庄", "横林", "湖塘", "城东", "滨江", "临港", "江北", "东部", "新桥", "石港", "大新",
];
const BRAND: [&str; 30] = [
    "华", "新", "恒", "瑞", "晶", "科", "达", "源", "泰", "博", "宇", "通", "联", "创", "鑫", "盛",
    "中", "天", "海", "德", "安", "捷", "明", "辉", "远", "航", "凯", "隆", "嘉", "和",
];
const INDUSTRIES: [&str; 24] = [
    "锂电池隔膜",
    "光伏组件",
    "半导体封装测试",
    "生物医药",
    "智能装备",
    "新材料",
    "汽车零部件",
    "高端纺织",
    "集成电路",
    "储能电池",
    "氢能装备",
    "工业机器人",
    "精密铸造",
    "医疗器械",
    "数据中心",
    "冷链物流",
    "风电叶片",
    "碳纤维",
    "电子信息",
    "航空零部件",
    "功能膜材料",
    "新能源汽车",
    "高性能纤维",
    "智能家居",
];
const PROJECT_ENDINGS: [&str; 9] = [
    "项目",
    "生产基地",
    "产业园",
    "研发中心",
    "一期工程",
    "二期项目",
    "总部基地",
    "智造基地",
    "扩产项目",
];
const COMPANY_ENDINGS: [&str; 6] = [
    "科技有限公司",
    "新能源股份有限公司",
    "集团",
    "实业有限公司",
    "电子有限公司",
    "材料股份有限公司",
];
const MECHANISMS: [&str; 22] = [
    "拿地即开工",
    "不见面审批",
    "首席服务官",
    "信用承诺制",
    "容缺受理",
    "一站式服务",
    "帮办代办",
    "标准地出让",
    "先租后让",
    "赛马制",
    "项目管家",
    "并联审批",
    "告知承诺制",
    "多规合一",
    "交地即交证",
    "一件事一次办",
    "周末不打烊",
    "店小二服务",
    "全程代办",
    "联审联批",
    "拿证即开工",
    "双挂钩",
];
const SLOGANS: [&str; 10] = [
    "项目为王",
    "产业强市",
    "一切为了项目",
    "快落户、快转化",
    "招大引强",
    "亩均论英雄",
    "拼经济、抓项目",
    "三个一百",
    "比学赶超",
    "项目建设年",
];
const COUNTRIES: [&str; 8] = [
    "德国",
    "日本",
    "韩国",
    "新加坡",
    "美国",
    "法国",
    "瑞士",
    "荷兰",
];
const UNITS: [&str; 7] = [
    "亿元",
    "亿元",
    "万元",
    "亿美元",
    "万美元",
    "億元",
    "亿元人民币",
];
const QUALIFIERS: [&str; 8] = ["", "", "", "约", "超", "近", "逾", "超过"];
const HEADS: [&str; 6] = ["模式", "机制", "改革", "服务", "做法", ""];

/// Sentences with spans: `{R}` a region, `{P}` a project, `{A}` an amount, `{M}` a mechanism
/// (all labelled); `{C}` a company, `{N}` an amount that is not an investment, `{F}` a country,
/// `{Q}` a slogan, `{D}` a date, `{X}` a percentage, `{H}` a head word after a mechanism (none of
/// them labelled).
const WITH_SPANS: [&str; 28] = [
    "{D}，{R}举行重大项目集中签约活动，{P}等项目落户，其中{P}总投资{A}。",
    "{P}位于{R}，计划总投资{A}，{D}开工建设。",
    "{C}在{R}投资建设{P}，项目总投资{A}，建成后年产值可达{N}。",
    "{R}推行“{M}”{H}，{P}从签约到开工仅用了两个月。",
    "为加快项目落地，{R}实行{M}，企业办事效率提升{X}。",
    "总投资{A}的{P}落户{R}。",
    "来自{F}的{C}在{R}投资{A}建设{P}。",
    "该项目总投资{A}，主要建设{P}，达产后可实现年销售收入{N}。",
    "记者了解到，{R}今年已签约亿元以上项目{X}个，协议总投资{A}。",
    "{P}是{R}近年来引进的单体投资最大的项目，总投资{A}。",
    "围绕“{Q}”目标，{R}推出“{M}”{H}，为企业提供全流程服务。",
    "{C}负责人表示，选择{R}，看中的是这里的“{M}”。",
    "{R}的{P}已完成主体施工，预计{D}投产。",
    "据悉，{P}由{C}投资建设，一期投资{A}。",
    "{C}与{R}签约，拟投资{A}建设{P}。",
    "在{R}，“{M}”已成为招商引资的一张名片。",
    "{P}总投资{A}，用地约{X}亩，位于{R}。",
    "{R}以{M}为抓手，推动{P}等一批项目提速建设。",
    "{C}去年实现营收{N}，同比增长{X}，今年计划在{R}追加投资{A}。",
    "{D}，{P}在{R}正式开工，项目计划投资{A}。",
    "{R}、{R}两地联合打造的{P}进展顺利。",
    "依托“{M}”，{P}实现了当年签约、当年开工、当年投产。",
    "{P}投产后，预计年纳税{N}，带动就业{X}人。",
    "{R}全力服务{P}建设，实行“{M}”，专人跟踪协调。",
    "{C}计划投资{A}，在{R}建设{P}和{P}。",
    "签约仪式上，{F}客商代表与{R}签订{P}投资协议，投资额{A}。",
    "{R}坚持“{Q}”理念，{P}、{P}相继落地。",
    "今年一季度，{R}新开工{P}等重大项目，完成投资{A}。",
];

/// Sentences without spans (context that says nothing labelled), some with unlabelled
/// companies, amounts and slogans.
const WITHOUT_SPANS: [&str; 30] = [
    "近年来，当地持续优化营商环境，推动重大项目加快建设。",
    "记者从有关部门了解到，今年以来全市经济运行总体平稳。",
    "相关负责人表示，将进一步提升服务效能，做好要素保障。",
    "项目建成后，将有力带动上下游产业链协同发展。",
    "{D}，市委主要领导到企业调研，现场协调解决用地、用电等问题。",
    "“{Q}”的氛围日益浓厚，各地比拼招商成效。",
    "{C}成立于2008年，是一家专注研发与制造的高新技术企业。",
    "据统计，全年规上工业增加值增长{X}，固定资产投资增长{X}。",
    "{C}上半年营业收入{N}，净利润同比增长{X}。",
    "下一步，将持续聚焦主导产业，强化链式招商。",
    "会上通报了一季度项目推进情况，并部署下阶段重点工作。",
    "企业负责人坦言，审批快、服务好是他们投资的重要原因。",
    "当前，正值项目建设的黄金期，各工地一派繁忙景象。",
    "专家认为，产业集聚效应正在逐步显现。",
    "{D}，有关部门召开新闻发布会，介绍营商环境建设情况。",
    "该企业产品远销欧美等{X}个国家和地区。",
    "园区内道路、管网等基础设施已全部建成。",
    "不少企业反映，人才和用工仍是发展中遇到的难题。",
    "此外，当地还出台了支持科技创新的若干政策。",
    "去年，全市实际使用外资{N}，增长{X}。",
    "“以前跑几趟，现在一次办。”一位企业办事人员说。",
    "截至目前，已有{X}家企业入驻，吸纳就业数千人。",
    "{C}董事长说，公司将继续加大研发投入。",
    "这是近年来一项重要的民生工程。\n",
    "\n",
    "据介绍，",
    "与此同时，",
    "另外，",
    "今年以来，",
    "数据显示，居民人均可支配收入增长{X}。",
];

struct Writer<'a> {
    rng: &'a mut Rng,
    text: String,
    len: usize,
    spans: Vec<Span>,
}

impl Writer<'_> {
    fn pick<'b>(&mut self, from: &[&'b str]) -> &'b str {
        from[self.rng.below(from.len())]
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.len += s.chars().count();
    }

    /// Writes a labelled name: annotated unless the annotator misses it (one in fifteen).
    fn labelled(&mut self, label: &str, surface: &str, annotated_len: usize) {
        let start = self.len;
        self.push(surface);
        if self.rng.below(15) == 0 {
            return;
        }
        let end = start + annotated_len;
        self.spans.push(Span {
            id: String::new(),
            start,
            end,
            label: label.into(),
            text: surface.chars().take(annotated_len).collect(),
            attrs: Attrs::new(),
        });
    }

    fn region(&mut self) -> String {
        let city = self.pick(&CITIES);
        match self.rng.below(6) {
            0 => format!("{city}{}镇", self.pick(&TOWNS)),
            1 => format!("{}街道", self.pick(&TOWNS)),
            _ => format!("{city}{}", self.pick(&AREA_ENDINGS)),
        }
    }

    fn brand(&mut self) -> String {
        format!("{}{}", self.pick(&BRAND), self.pick(&BRAND))
    }

    fn company(&mut self) -> String {
        let place = if self.rng.below(3) == 0 {
            self.pick(&CITIES)
        } else {
            ""
        };
        format!("{place}{}{}", self.brand(), self.pick(&COMPANY_ENDINGS))
    }

    fn amount(&mut self) -> String {
        let number = match self.rng.below(5) {
            0 => format!("{}.{}", 1 + self.rng.below(99), 1 + self.rng.below(9)),
            1 => ["十", "三十", "五十", "一百", "两"][self.rng.below(5)].to_string(),
            2 => (1 + self.rng.below(99))
                .to_string()
                .chars()
                .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
                .collect(),
            _ => (1 + self.rng.below(999)).to_string(),
        };
        format!("{}{number}{}", self.pick(&QUALIFIERS), self.pick(&UNITS))
    }

    /// A project's name and the length annotated (now and then without its final 项目).
    fn project(&mut self) -> (String, usize) {
        let industry = self.pick(&INDUSTRIES);
        let ending = self.pick(&PROJECT_ENDINGS);
        let name = match self.rng.below(5) {
            0 => format!("{}{industry}{ending}", self.brand()),
            1 => format!("年产{}万吨{industry}{ending}", 1 + self.rng.below(50)),
            2 => format!("{}{}{industry}{ending}", self.pick(&CITIES), self.brand()),
            _ => format!("{industry}{ending}"),
        };
        let n = name.chars().count();
        let short = name.ends_with("项目") && n > 4 && self.rng.below(12) == 0;
        (name, if short { n - 2 } else { n })
    }

    /// Writes one template, filling its slots.
    fn sentence(&mut self, template: &str) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            self.push(&rest[..open]);
            let key = &rest[open + 1..open + 2];
            rest = &rest[open + 3..];
            self.slot(key);
        }
        self.push(rest);
    }

    fn slot(&mut self, key: &str) {
        match key {
            "R" => {
                let r = self.region();
                self.labelled("region", &r, r.chars().count());
            }
            "P" => {
                let (p, n) = self.project();
                self.labelled("project", &p, n);
            }
            "A" => {
                let a = self.amount();
                self.labelled("amount", &a, a.chars().count());
            }
            "M" => {
                let m = self.pick(&MECHANISMS);
                self.labelled("mechanism", m, m.chars().count());
            }
            "C" => {
                let c = self.company();
                self.push(&c);
            }
            "N" => {
                let n = self.amount();
                self.push(&n);
            }
            "F" => {
                let f = self.pick(&COUNTRIES);
                self.push(f);
            }
            "Q" => {
                let q = self.pick(&SLOGANS);
                self.push(q);
            }
            "D" => {
                let d = format!("{}月{}日", 1 + self.rng.below(12), 1 + self.rng.below(28));
                self.push(&d);
            }
            "X" => {
                let x = format!("{}.{}%", self.rng.below(40), self.rng.below(10));
                self.push(&x);
            }
            _ => {
                let h = self.pick(&HEADS);
                self.push(h);
            }
        }
    }
}

/// An article of about `chars` code points with `spans` annotated spans (a few more names stand
/// unannotated: the annotator missed them), sorted, their text exact.
pub fn article(rng: &mut Rng, chars: usize, spans: usize) -> (String, Vec<Span>) {
    let mut w = Writer {
        rng,
        text: String::with_capacity(chars * 3 + 256),
        len: 0,
        spans: Vec::new(),
    };
    let every = (chars / spans.max(1)).max(8);
    while w.len < chars || w.spans.len() < spans {
        let due = w.spans.len() < spans && w.len + every >= (w.spans.len() + 1) * every;
        if due {
            let t = w.pick(&WITH_SPANS);
            w.sentence(t);
        } else {
            let t = w.pick(&WITHOUT_SPANS);
            w.sentence(t);
        }
    }
    let mut out = w.spans;
    out.truncate(spans);
    out.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    for (i, s) in out.iter_mut().enumerate() {
        s.id = format!("s{}", i + 1);
    }
    (w.text, out)
}

/// Writes a dataset of `docs` such articles (annotator `synth`, every document done), each with
/// up to `relations` relations from a project to the amount, region and mechanism that follow it
/// ([`super::synth::relations`]), so that training learns a linker as on a team's data.
pub fn write_dataset(
    dir: &std::path::Path,
    docs: usize,
    chars: usize,
    spans: usize,
    relations: usize,
) -> std::io::Result<()> {
    super::synth::write_articles(dir, docs, relations, |rng| article(rng, chars, spans))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_have_their_spans_exact_and_about_their_length() {
        let mut rng = Rng::new(5);
        for _ in 0..20 {
            let (text, spans) = article(&mut rng, 3000, 30);
            let chars: Vec<char> = text.chars().collect();
            assert!((3000..3400).contains(&chars.len()), "{}", chars.len());
            assert_eq!(spans.len(), 30);
            for s in &spans {
                assert_eq!(chars[s.start..s.end].iter().collect::<String>(), s.text);
            }
        }
    }

    #[test]
    fn the_dataset_validates() {
        let dir = tempfile::tempdir().unwrap();
        write_dataset(dir.path(), 4, 800, 8, 3).unwrap();
        let report =
            crate::core::check::validate::validate_paths(&[dir.path().to_path_buf()]).unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
    }
}

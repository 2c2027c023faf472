//! Writes a deterministic synthetic corpus of tables in the sample's format, for the benchmark
//! (`scripts/bench.sh`): varied names, amounts that add up, target and indicator text, page-break
//! splits and `<p>` markup, and some planted problems (a wrong amount, an annual value that
//! contradicts the cycle value, a missing satisfaction indicator, a target copied from another
//! department's table).
//!
//! cargo run --release --example gen_corpus -- DIR [TABLES]

use std::fmt::Write as _;
use std::path::PathBuf;

/// xorshift64*: small, fast and the same everywhere, so the corpus is too.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const PLACES: [&str; 12] = [
    "西村",
    "南源",
    "逢源",
    "多宝",
    "昌华",
    "金花",
    "彩虹",
    "沙面",
    "岭南",
    "华林",
    "冲口",
    "石围塘",
];
const SUBJECTS: [&str; 16] = [
    "社区居民活动",
    "家庭综合服务中心",
    "环卫保洁",
    "安全生产",
    "编外人员聘用",
    "党建指导员工资补助",
    "禁毒专项",
    "文化站免费开放",
    "社区办公",
    "综治维稳",
    "老年人服务",
    "退役军人服务",
    "残疾人康复",
    "消防安全整治",
    "网格化管理",
    "城市管理巡查",
];
const VERBS: [&str; 8] = [
    "开展", "组织", "推进", "落实", "完成", "实施", "保障", "加强",
];
const OBJECTS: [&str; 10] = [
    "社区文体活动",
    "邻里互助服务",
    "道路清扫保洁",
    "安全隐患排查",
    "政策宣传培训",
    "困难群众帮扶",
    "党员教育管理",
    "网格巡查走访",
    "消防设施维护",
    "志愿服务活动",
];
const GOALS: [&str; 8] = [
    "提升居民获得感和幸福感",
    "保障辖区安全稳定",
    "改善社区人居环境",
    "提高基层治理水平",
    "促进邻里和谐",
    "增强群众安全防范意识",
    "保障街道各项工作顺利开展",
    "打造干净整洁的生活环境",
];
const OUTPUTS: [(&str, &str, &str); 6] = [
    ("11-数量指标", "活动次数", "次"),
    ("11-数量指标", "服务人数", "人"),
    ("11-数量指标", "巡查次数", "次"),
    ("12-质量指标", "任务完成率", "%"),
    ("13-时效指标", "按时完成率", "%"),
    ("14-成本指标", "人均服务成本", "元"),
];
const EFFECTS: [(&str, &str); 4] = [
    ("22-社会效益", "居民参与率"),
    ("23-生态效益", "环境卫生达标率"),
    ("21-经济效益", "带动就业人数"),
    ("24-可持续影响", "服务持续运行"),
];
const SEPARATORS: [&str; 3] = ["；", ";", "; "];

struct Project {
    name: String,
    total: i64,
    target: String,
    indicators: String,
}

fn money(cents: i64) -> String {
    let (units, cents) = (cents / 100, cents % 100);
    let digits = units.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out}.{cents:02}")
}

/// A target text and the two quantities it states (residents covered, times held), which the
/// project's indicators then carry.
/// An amount cell: empty for zero, as the tables leave it.
fn opt(cents: i64) -> String {
    if cents == 0 {
        String::new()
    } else {
        money(cents)
    }
}

fn target(rng: &mut Rng) -> (String, u64, u64) {
    let (residents, times) = (100 + rng.below(50_000), 2 + rng.below(200));
    let text = format!(
        "{}{}{}，覆盖居民{residents}人，{}{}{times}次，{}。",
        rng.pick(&VERBS),
        rng.pick(&OBJECTS),
        rng.pick(&["工作", "项目", "服务"]),
        rng.pick(&VERBS),
        rng.pick(&OBJECTS),
        rng.pick(&GOALS)
    );
    (text, residents, times)
}

struct Plan<'a> {
    subject: &'a str,
    residents: u64,
    times: u64,
    satisfaction: bool,
    contradict: bool,
}

fn indicators(rng: &mut Rng, plan: &Plan) -> String {
    let sep = rng.pick(&SEPARATORS);
    let mut items = vec![
        (
            format!("1-产出指标{sep}11-数量指标{sep}覆盖居民人数"),
            format!("{}人", plan.residents),
        ),
        (
            format!("1-产出指标{sep}11-数量指标{sep}{}活动次数", plan.subject),
            format!("{}次", plan.times),
        ),
    ];
    for _ in 0..rng.below(3) {
        let (cat, name, unit) = OUTPUTS[rng.below(OUTPUTS.len() as u64) as usize];
        let value = match unit {
            "%" => format!("≥{}%", 80 + rng.below(21)),
            "元" => format!("≤{}元", 10 + rng.below(500)),
            _ => format!("{}{unit}", 1 + rng.below(5000)),
        };
        items.push((format!("1-产出指标{sep}{cat}{sep}{name}"), value));
    }
    let (cat, name) = EFFECTS[rng.below(EFFECTS.len() as u64) as usize];
    let value = if name.ends_with("运行") {
        "持续".to_owned()
    } else if name.ends_with('数') {
        format!("{}人", 1 + rng.below(300))
    } else {
        format!("≥{}%", 60 + rng.below(41))
    };
    items.push((format!("2-效益指标{sep}{cat}{sep}{name}"), value));
    if plan.satisfaction {
        let floor = 80 + rng.below(16);
        items.push((
            format!("3-满意度指标{sep}31-服务对象满意度{sep}服务对象满意度（%）"),
            format!("≥{floor}%"),
        ));
    }
    let mut out = String::new();
    let last = items.len() - 1;
    for (i, (head, value)) in items.into_iter().enumerate() {
        let annual = if plan.contradict && i == last {
            "90%".to_owned()
        } else {
            value.clone()
        };
        let _ = write!(
            out,
            "{}、{head}{sep}实施周期指标值:{value}{sep}年度指标值:{annual}。",
            i + 1
        );
    }
    out
}

/// A row as the PDF extraction leaves it: whole, wrapped in `<p>`, or split over a page break
/// (the head row keeps the name and amounts, the continuation row the rest of the texts).
fn rows(rng: &mut Rng, p: &Project, cells: [String; 4], out: &mut String) {
    let [total, general, special, other] = cells;
    let style = rng.below(10);
    if style < 2 {
        let cut = |s: &str, rng: &mut Rng| {
            let chars: Vec<char> = s.chars().collect();
            let at = 1 + rng.below(chars.len() as u64 - 1) as usize;
            (
                chars[..at].iter().collect::<String>(),
                chars[at..].iter().collect::<String>(),
            )
        };
        let (t1, t2) = cut(&p.target, rng);
        let (i1, i2) = cut(&p.indicators, rng);
        let _ = writeln!(
            out,
            "{}\t{total}\t{general}\t{special}\t{other}\t{t1}\t{i1}",
            p.name
        );
        if rng.chance(50) {
            out.push('\n');
        }
        let _ = writeln!(out, "\t\t\t\t\t<p>{t2}</p>\t<p>{i2}</p>");
    } else if style < 4 {
        let _ = writeln!(
            out,
            "{}\t{total}\t{general}\t{special}\t{other}\t<p>{}</p>\t<p>{}</p>",
            p.name, p.target, p.indicators
        );
    } else {
        let _ = writeln!(
            out,
            "{}\t{total}\t{general}\t{special}\t{other}\t{}\t{}",
            p.name, p.target, p.indicators
        );
    }
}

fn table(rng: &mut Rng, index: usize, copied_target: &mut Option<String>) -> String {
    let place = PLACES[index % PLACES.len()];
    let department = format!("广州市荔湾区{place}街道办事处（{index}）");
    let plant = rng.below(20);
    let units = 2 + rng.below(2) as usize;
    let mut body = String::new();
    let mut grand = [0i64; 3];
    let mut unit_rows = Vec::new();
    for u in 0..units {
        let mut sums = [0i64; 3];
        let mut projects = Vec::new();
        for k in 0..15 + rng.below(7) as usize {
            let satisfaction = !(plant == 2 && u == 0 && k == 0);
            let contradict = plant == 1 && u == 0 && k == 1;
            let (mut target, residents, times) = target(rng);
            if let (3, 0, 2, Some(t)) = (plant, u, k, copied_target.as_ref()) {
                target = t.clone();
            }
            if index.is_multiple_of(10) && u == 0 && k == 2 {
                *copied_target = Some(target.clone());
            }
            let subject = rng.pick(&SUBJECTS);
            let plan = Plan {
                subject,
                residents,
                times,
                satisfaction,
                contradict,
            };
            let p = Project {
                name: format!("{place}{subject}经费{}", index * 100 + u * 20 + k),
                total: 100 + rng.below(5_000_000) as i64,
                target,
                indicators: indicators(rng, &plan),
            };
            projects.push(p);
        }
        let mut rows_out = String::new();
        for (k, p) in projects.iter().enumerate() {
            let special = if rng.chance(20) { p.total / 10 } else { 0 };
            let other = if rng.chance(10) { p.total / 20 } else { 0 };
            let general = p.total - special - other;
            sums[0] += general;
            sums[1] += special;
            sums[2] += other;
            let shown_total = if plant == 0 && u == 0 && k == 3 {
                p.total + 1_000
            } else {
                p.total
            };
            rows(
                rng,
                p,
                [money(shown_total), money(general), opt(special), opt(other)],
                &mut rows_out,
            );
        }
        for (g, s) in grand.iter_mut().zip(sums) {
            *g += s;
        }
        let total: i64 = sums.iter().sum();
        unit_rows.push((
            format!(
                "{department}{}",
                ["", "党群服务中心", "综合保障中心", "文化站"][u % 4]
            ),
            total,
            sums,
            rows_out,
        ));
    }
    let grand_total: i64 = grand.iter().sum();
    let _ = writeln!(
        body,
        "合计\t{}\t{}\t{}\t{}\t\t",
        money(grand_total),
        money(grand[0]),
        opt(grand[1]),
        opt(grand[2])
    );
    for (name, total, sums, rows_out) in unit_rows {
        let _ = writeln!(
            body,
            "{name}\t{}\t{}\t{}\t{}\t\t",
            money(total),
            money(sums[0]),
            opt(sums[1]),
            opt(sums[2])
        );
        body.push_str(&rows_out);
    }
    format!(
        "\n项目支出绩效目标表（含转移支付项目）\n\n部门名称：{department}\n\n单位：万元\n\n\
         项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标\n{body}"
    )
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: gen_corpus DIR [TABLES]");
        std::process::exit(2);
    };
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let mut rng = Rng(0x6a78_6c69_6e74_2024);
    let mut copied = None;
    let mut bytes = 0;
    for i in 0..n {
        let sub = dir.join(format!("district-{:02}", i % 50));
        std::fs::create_dir_all(&sub).expect("create the corpus directory");
        let t = table(&mut rng, i, &mut copied);
        bytes += t.len();
        std::fs::write(sub.join(format!("table-{i:05}.txt")), t).expect("write a table");
    }
    println!(
        "{n} tables, {:.1} MB in {}",
        bytes as f64 / 1e6,
        dir.display()
    );
}

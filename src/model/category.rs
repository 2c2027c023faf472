//! The national indicator framework's level names and their codes, for tables that name the
//! levels without codes (the long format, the per-project form). Names compare width-folded,
//! without whitespace and without a 指标 suffix. 成本指标 is a category of 产出指标 (code 14)
//! in the level-2 column, and the 2021 framework's level-1 indicator (code 4) in the level-1
//! column; which one a table may use is the `indicator-category` rule's business.

use crate::model::text::fold;

const LEVEL1: &[(&str, &[&str])] = &[
    ("1", &["产出"]),
    ("2", &["效益", "效果"]),
    ("3", &["满意度"]),
    ("4", &["成本"]),
];

const LEVEL2: &[(&str, &[&str])] = &[
    ("11", &["数量"]),
    ("12", &["质量"]),
    ("13", &["时效"]),
    ("14", &["成本"]),
    ("21", &["经济效益"]),
    ("22", &["社会效益"]),
    ("23", &["生态效益", "环境效益"]),
    ("24", &["可持续影响"]),
    (
        "31",
        &[
            "服务对象满意度",
            "社会公众或服务对象满意度",
            "社会公众满意度",
        ],
    ),
    ("41", &["经济成本"]),
    ("42", &["社会成本"]),
    ("43", &["生态环境成本"]),
];

/// A level name as compared: folded, without its 指标 suffix.
fn key(name: &str) -> String {
    let folded = fold(name);
    match folded.strip_suffix("指标") {
        Some(s) if !s.is_empty() => s.to_owned(),
        _ => folded,
    }
}

fn code_in(table: &[(&'static str, &[&str])], name: &str) -> Option<&'static str> {
    let key = key(name);
    table
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(code, _)| *code)
}

/// The code of a level-1 name (`效益指标` → 2).
pub fn level1_code(name: &str) -> Option<&'static str> {
    code_in(LEVEL1, name)
}

/// The code of a level-2 name (`社会效益指标` → 22).
pub fn level2_code(name: &str) -> Option<&'static str> {
    code_in(LEVEL2, name)
}

/// The level-1 code a level-2 code belongs to (22 → 2).
pub fn owner(level2: &str) -> &str {
    &level2[..1.min(level2.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_or_without_the_suffix_and_aliases() {
        assert_eq!(level1_code("效益指标"), Some("2"));
        assert_eq!(level1_code("效果"), Some("2"));
        assert_eq!(level1_code("成本指标"), Some("4"));
        assert_eq!(level2_code("成本指标"), Some("14"));
        assert_eq!(level2_code("社会效益指标"), Some("22"));
        assert_eq!(level2_code("环境效益"), Some("23"));
        assert_eq!(level2_code("社会公众或服务对象满意度指标"), Some("31"));
        assert_eq!(level2_code("规模指标"), None);
        assert_eq!(owner("31"), "3");
    }
}

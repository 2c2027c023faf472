//! `--statistics`: counts per rule, as ruff prints them, and the files with the most errors.

use crate::diag::Lang;
use crate::render::Counts;

/// Files listed under "most errors".
const TOP_FILES: usize = 10;

pub fn render(counts: &Counts, lang: Lang) -> String {
    let mut out = String::new();
    let rules = counts.rules_by_count();
    let width = rules
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(1);
    for (rule, n) in &rules {
        out.push_str(&format!("{n:>width$}  {rule}\n"));
    }
    let mut files = counts.errors_by_file.clone();
    files.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if !files.is_empty() {
        out.push_str(match lang {
            Lang::Zh => "错误最多的文件：\n",
            Lang::En => "files with the most errors:\n",
        });
        let width = files[0].1.to_string().len();
        for (path, n) in files.iter().take(TOP_FILES) {
            out.push_str(&format!("{n:>width$}  {path}\n"));
        }
    }
    out
}

//! Writes fixtures/annotate/planted.xlsx: the clean table as finance staff keep it in Excel
//! (title and header cells merged, amounts as numbers in `#,##0.00`, the 合计 total a formula,
//! set column widths, a note of the finance officer's own on B8, a second sheet of notes), with
//! two planted faults: 社区居民活动费's total
//! 15.83 against parts of 15.73, and 安全生产工作经费's 年度指标值 8次 against a cycle value of
//! 24次 for a one-year project.
//!
//!   cargo run --example annotate_fixture

use rust_xlsxwriter::{Format, Formula, Note, Workbook};

fn amount(cell: &str) -> Option<f64> {
    let plain = cell.replace(',', "");
    (!plain.is_empty() && plain.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .then(|| plain.parse().ok())
        .flatten()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let clean = std::fs::read_to_string("fixtures/clean/clean.txt")?;
    let planted = clean
        .replacen("社区居民活动费\t15.73", "社区居民活动费\t15.83", 1)
        .replacen(
            "安全检查次数；实施周期指标值：24次；年度指标值：24次",
            "安全检查次数；实施周期指标值：24次；年度指标值：8次",
            1,
        );
    assert_ne!(planted, clean);
    let body: Vec<&str> = planted
        .split('\n')
        .skip_while(|l| !l.starts_with("项目名称"))
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .collect();

    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("绩效目标表")?;
    let plain = Format::new();
    let money = Format::new().set_num_format("#,##0.00");
    sheet.merge_range(0, 0, 0, 6, "项目支出绩效目标表（含转移支付项目）", &plain)?;
    sheet.merge_range(
        1,
        0,
        1,
        6,
        "部门名称：广州市荔湾区人民政府示例街道办事处",
        &plain,
    )?;
    sheet.write_string(2, 0, "单位：万元")?;
    sheet.merge_range(3, 0, 4, 0, "项目名称（资金使用单位）", &plain)?;
    sheet.merge_range(3, 1, 3, 4, "资金来源", &plain)?;
    sheet.merge_range(3, 5, 4, 5, "绩效目标", &plain)?;
    sheet.merge_range(3, 6, 4, 6, "绩效指标", &plain)?;
    for (c, name) in ["总计", "财政拨款", "财政专户拨款", "其他资金"]
        .iter()
        .enumerate()
    {
        sheet.write_string(4, c as u16 + 1, *name)?;
    }
    const FIRST: u32 = 5;
    // Unit rows have no target: the 合计 total sums them.
    let units: Vec<u32> = body
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| l.split('\t').nth(5).is_none_or(str::is_empty))
        .map(|(r, _)| r as u32 + FIRST + 1)
        .collect();
    for (r, line) in body.iter().enumerate() {
        let r = r as u32 + FIRST;
        for (c, cell) in line.split('\t').enumerate() {
            let c = c as u16;
            if r == FIRST && c == 1 {
                let sum: Vec<String> = units.iter().map(|u| format!("B{u}")).collect();
                let formula = Formula::new(format!("={}", sum.join("+")))
                    .set_result(amount(cell).expect("合计 has a total").to_string());
                sheet.write_formula_with_format(r, c, formula, &money)?;
                continue;
            }
            match amount(cell) {
                Some(n) => sheet
                    .write_number_with_format(r, c, n, &money)
                    .map(|_| ())?,
                None if cell.is_empty() => {}
                None => sheet.write_string(r, c, cell).map(|_| ())?,
            }
        }
    }
    // A note already on the cell a finding lands on: the copy must keep it.
    let own = Note::new("请财务科复核本行金额")
        .set_author("张会计")
        .add_author_prefix(false);
    sheet.insert_note(7, 1, &own)?;
    for (c, width) in [36.0, 12.0, 12.0, 14.0, 12.0, 50.0, 70.0]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, *width)?;
    }
    let notes = book.add_worksheet().set_name("填表说明")?;
    notes.write_string(0, 0, "金额单位为万元；绩效指标按“一级-二级-三级”填写。")?;
    std::fs::create_dir_all("fixtures/annotate")?;
    book.save("fixtures/annotate/planted.xlsx")?;
    println!("wrote fixtures/annotate/planted.xlsx");
    Ok(())
}

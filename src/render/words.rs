//! What jxlint says about its input and its run, in Chinese under `--lang zh`: the messages
//! about files it could not read (written where they arise in English, the language of the
//! code and of JSON consumers' logs) are put in Chinese here, in one place, by their known
//! beginnings; a message with no Chinese wording stays as it is.

use crate::diag::Lang;

/// English beginnings of input messages and their Chinese wording; `{}` stands for the rest
/// of the message after the beginning (with [`PHRASES`] put in Chinese); a wording without it
/// says the whole message.
const INPUT: &[(&str, &str)] = &[
    ("the file is empty", "文件是空的{}"),
    ("this is a directory", "这是一个文件夹{}"),
    (
        "cannot read the file: no such file",
        "无法读取文件：文件不存在{}",
    ),
    (
        "cannot read the file: permission denied",
        "无法读取文件：没有读取权限{}",
    ),
    ("cannot read the file: ", "无法读取文件：{}"),
    ("no file matches this pattern", "没有文件与此模式匹配{}"),
    (
        "the directory holds no table (.txt, .tsv, .csv, .xlsx or .xls file)",
        "文件夹中没有表格文件（.txt、.tsv、.csv、.xlsx 或 .xls）{}",
    ),
    (
        "the table has a header but no project under it",
        "表格只有表头，表头下没有项目{}",
    ),
    ("no table header found: ", "找不到表头：{}"),
    (
        "no sheet holds a table: ",
        "工作簿中没有一张工作表是绩效目标表：{}",
    ),
    (
        "this is a PDF document, not a table",
        "这是 PDF 文档，不是表格：请把表格导出为 Excel（.xlsx），或提取其文字（pdftotext -layout）后再检查",
    ),
    (
        "this is a Word document (.docx), not a table",
        "这是 Word 文档（.docx），不是表格：请把表格复制到 Excel 并另存为 .xlsx",
    ),
    (
        "this is a Word or WPS 文字 document",
        "这是 Word 或 WPS 文字文档（.doc/.wps），不是表格：请把表格复制到 Excel 并另存为 .xlsx",
    ),
    (
        "this is an RTF document",
        "这是 RTF 文档，不是表格：请把表格复制到 Excel 并另存为 .xlsx",
    ),
    (
        "this is a PowerPoint file",
        "这是 PowerPoint 文件，不是表格{}",
    ),
    (
        "this is an Excel workbook with the wrong extension",
        "这是扩展名不对的 Excel 工作簿：改名为 .xlsx 后再检查",
    ),
    (
        "this is an Excel 97–2003 workbook with the wrong extension",
        "这是扩展名不对的 Excel 97–2003 工作簿：改名为 .xls 后再检查",
    ),
    (
        "the workbook is password-protected",
        "工作簿有密码保护（已加密）：请另存一份不带密码的副本",
    ),
    (
        "this is not a text table: binary content at byte ",
        "这不是文本表格：二进制内容，位于第 {}",
    ),
    ("the text is not valid ", "文本不是有效的 {}"),
    ("not a readable workbook: ", "无法读取的工作簿：{}"),
    (
        "the workbook could not be read",
        "工作簿无法读取（表格读取程序处理它时出错）",
    ),
    ("the workbook unpacks to ", "工作簿解压后有 {}"),
    ("a sheet spans ", "一张工作表的范围达 {}"),
    ("the file is ", "文件有 {}"),
    ("line ", "第 {}"),
    ("sheet ", "工作表 {}"),
];

/// Phrases inside the rest of a message, put in Chinese as well.
const PHRASES: &[(&str, &str)] = &[
    (
        "no row names the columns 项目名称 and 绩效指标",
        "没有一行写有 项目名称 和 绩效指标 两列",
    ),
    (
        "; nor the columns 项目名称, 三级指标 and 指标值 (the long format)",
        "，也没有 项目名称、三级指标 和 指标值 三列（长表）",
    ),
    (
        "; nor a 项目名称 label over a grid of 一级指标 and 三级指标 (the per-project form)",
        "，也没有 项目名称 标签和其下的 一级指标、三级指标 表格（逐项目申报表）",
    ),
    ("(sheets: ", "（工作表："),
    (
        " (UTF-16 without a byte-order mark needs --encoding utf-16le)",
        " 字节（没有字节顺序标记的 UTF-16 需加 --encoding utf-16le）",
    ),
    (" at byte ", " 编码，位于第 "),
    (
        " MB; jxlint reads workbooks up to ",
        " MB；jxlint 读取解压后不超过 ",
    ),
    (" MB unpacked", " MB 的工作簿"),
    (" MB; jxlint reads tables up to ", " MB；jxlint 读取不超过 "),
    (" rows by ", " 行 × "),
    (
        " columns; jxlint reads sheets of up to ",
        " 列；jxlint 读取不超过 ",
    ),
    (" cells", " 个单元格的工作表"),
    (" is longer than ", " 行超过 "),
    (
        " characters; this is not a table row",
        " 个字符，不是表格的一行",
    ),
    (" could not be read: ", " 无法读取："),
    (
        ": the table has a header but no project under it",
        "：表格只有表头，表头下没有项目",
    ),
    (
        " (--encoding reads it as another encoding)",
        " 字节（可用 --encoding 按其他编码读取）",
    ),
];

/// A message about a file in the language of the run.
pub fn input(message: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return message.to_owned();
    }
    let Some((rest, zh)) = INPUT
        .iter()
        .find_map(|(en, zh)| message.strip_prefix(en).map(|rest| (rest, zh)))
    else {
        return message.to_owned();
    };
    let mut rest = rest.to_owned();
    for (en, zh) in PHRASES {
        rest = rest.replace(en, zh);
    }
    if rest.ends_with(')') && rest.contains('（') {
        rest.pop();
        rest.push('）');
    }
    // A wording without `{}` says the whole message.
    zh.replacen("{}", &rest, 1)
}

/// `error`, `warning`, `note` as the run's language says them on stderr.
pub fn severity(word: &str, lang: Lang) -> &str {
    match (lang, word) {
        (Lang::Zh, "error") => "错误",
        (Lang::Zh, "warning") => "警告",
        (Lang::Zh, "note") => "提示",
        _ => word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_messages_in_chinese() {
        assert_eq!(input("the file is empty", Lang::Zh), "文件是空的");
        assert_eq!(
            input(
                "no table header found: no row names the columns 项目名称 and 绩效指标",
                Lang::Zh
            ),
            "找不到表头：没有一行写有 项目名称 和 绩效指标 两列"
        );
        assert_eq!(input("something new", Lang::Zh), "something new");
        assert_eq!(input("the file is empty", Lang::En), "the file is empty");
    }
}

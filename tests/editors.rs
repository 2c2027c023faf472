//! Columns that land: the short format read by a real vim with the README's `errorformat`
//! (`%v`, screen columns) puts the cursor on the first character of each finding's primary
//! span, across tabs and wide characters. `.ci/run` installs vim where it is missing.

use std::process::Command;

#[test]
fn vim_lands_on_the_first_character_of_every_finding() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let jxlint = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_jxlint"))
            .args(["check", "--format", format, "fixtures/xicun.txt"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    std::fs::write(d.join("out.short"), jxlint("short")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&jxlint("json")).unwrap();
    let text = std::fs::read_to_string("fixtures/xicun.txt").unwrap();
    // What each finding's primary span starts with, in the short format's order.
    let expected: Vec<String> = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let at = d["start_byte"].as_u64().unwrap() as usize;
            format!("{}:{}", d["line"], text[at..].chars().next().unwrap())
        })
        .collect();
    assert!(expected.len() > 50);
    // `nowrap`: with wrapping on, vim counts a padding cell where a wide character does not fit
    // at a window's edge, and the -es window is 80 columns.
    let script = format!(
        "set encoding=utf-8 nowrap\n\
         set errorformat=%f:%l:%v:\\ %m\n\
         cfile {out}\n\
         let out = []\n\
         for i in range(1, len(getqflist()))\n\
         \x20 execute 'silent cc ' . i\n\
         \x20 call add(out, line('.') . ':' . matchstr(getline('.'), '\\%' . col('.') . 'c.'))\n\
         endfor\n\
         call writefile(out, '{chars}')\n\
         qa!\n",
        out = d.join("out.short").display(),
        chars = d.join("chars.txt").display(),
    );
    std::fs::write(d.join("land.vim"), script).unwrap();
    let status = Command::new("vim")
        .args(["-es", "-u", "NONE", "-i", "NONE", "-N", "-S"])
        .arg(d.join("land.vim"))
        .status()
        .expect("vim runs (.ci/run installs it)");
    assert!(status.success());
    let landed = std::fs::read_to_string(d.join("chars.txt")).unwrap();
    let landed: Vec<&str> = landed.lines().collect();
    assert_eq!(landed, expected);
}

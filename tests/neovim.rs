//! A real Neovim, headless, attached to `jxlint server` as the README's configuration does it:
//! it opens the sample and `vim.diagnostic.get()` holds every finding at its byte column.
//! `.ci/run` installs Neovim from Debian's packages where it is missing.

use std::process::Command;

const SCRIPT: &str = r#"
local out = os.getenv("OUT")
vim.cmd("edit 西村.txt")
local config = { name = "jxlint", cmd = { os.getenv("JXLINT"), "server" }, root_dir = vim.fn.getcwd() }
-- vim.lsp.start from Neovim 0.8; Debian 12's 0.7 has start_client and buf_attach_client.
if vim.lsp.start then
  vim.lsp.start(config)
else
  vim.lsp.buf_attach_client(0, vim.lsp.start_client(config))
end
local ok = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local lines = { ok and "ok" or "timeout" }
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(lines, string.format("%d:%d:%s:%s", d.lnum + 1, d.col, d.code or "", d.source or ""))
end
vim.fn.writefile(lines, out)
vim.cmd("qa!")
"#;

#[test]
fn neovim_shows_every_finding_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = std::fs::read_to_string("fixtures/xicun.txt").unwrap();
    std::fs::write(d.join("西村.txt"), &text).unwrap();
    std::fs::write(d.join("test.lua"), SCRIPT).unwrap();
    let status = Command::new("nvim")
        .args([
            "--headless",
            "-u",
            "NONE",
            "-i",
            "NONE",
            "-c",
            "luafile test.lua",
        ])
        .current_dir(d)
        .env("JXLINT", env!("CARGO_BIN_EXE_jxlint"))
        .env("OUT", d.join("out.txt"))
        .status()
        .expect("nvim runs (.ci/run installs it)");
    assert!(status.success());
    let shown = std::fs::read_to_string(d.join("out.txt")).unwrap();
    let mut shown: Vec<&str> = shown.lines().collect();
    assert_eq!(shown.remove(0), "ok");
    // What the command line reports, as Neovim places it: the line and the byte column.
    let out = Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args(["check", "--format", "json", "西村.txt"])
        .current_dir(d)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let line_start =
        |line: usize| -> usize { text.split('\n').take(line - 1).map(|l| l.len() + 1).sum() };
    let mut expected: Vec<String> = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let line = d["line"].as_u64().unwrap() as usize;
            let byte = d["start_byte"].as_u64().unwrap() as usize - line_start(line);
            format!("{line}:{byte}:{}:jxlint", d["rule"].as_str().unwrap())
        })
        .collect();
    expected.sort();
    shown.sort();
    assert_eq!(shown, expected);
}

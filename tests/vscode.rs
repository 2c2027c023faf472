//! The VS Code extension builds into a `.vsix` (scripts/vscode.sh: npm ci, vsce package) that
//! holds the extension, its manifest naming `jxlint server`'s settings, and the language client
//! it runs on.

#[test]
fn the_vscode_extension_builds_into_a_vsix() {
    let out = std::process::Command::new("bash")
        .arg("scripts/vscode.sh")
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let file = std::fs::File::open("editors/vscode/jxlint.vsix").unwrap();
    let mut vsix = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = vsix
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    for wanted in [
        "extension/extension.js",
        "extension/package.json",
        "extension/node_modules/vscode-languageclient/package.json",
    ] {
        assert!(names.iter().any(|n| n == wanted), "{wanted} in {names:?}");
    }
    let mut manifest = String::new();
    std::io::Read::read_to_string(
        &mut vsix.by_name("extension/package.json").unwrap(),
        &mut manifest,
    )
    .unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(manifest["main"], "./extension.js");
    assert!(manifest["contributes"]["configuration"]["properties"]["jxlint.path"].is_object());
}

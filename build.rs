//! Writes each rule file under `rules/` without its documentation and examples into
//! `OUT_DIR/rules/`, where `src/ruleset.rs` includes the built-in ones: what a check run loads.

#[path = "src/ruleset/lean.rs"]
mod lean;

use std::path::Path;

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo::rerun-if-changed=src/ruleset/lean.rs");
    // A folder: cargo looks at every file in it.
    println!("cargo::rerun-if-changed=rules");
    write_lean(Path::new("rules"), Path::new(&out_dir));
}

fn write_lean(dir: &Path, out_dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| fail(dir, e)) {
        let path = entry.unwrap_or_else(|e| fail(dir, e)).path();
        if path.is_dir() {
            write_lean(&path, out_dir);
        } else if path.extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| fail(&path, e));
            let out = out_dir.join(&path);
            std::fs::create_dir_all(out.parent().expect("a rule file is in a folder"))
                .unwrap_or_else(|e| fail(&out, e));
            std::fs::write(&out, lean::without_docs(&text)).unwrap_or_else(|e| fail(&out, e));
        }
    }
}

fn fail(path: &Path, e: std::io::Error) -> ! {
    panic!("{}: {e}", path.display())
}

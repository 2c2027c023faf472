//! Installing as a user does: `scripts/packaging.sh` checks the release workflow with
//! actionlint, builds the wheel (`pip install jxlint`), installs it into a fresh virtual
//! environment and runs `jxlint check` on the sample from it.

#[test]
fn the_wheel_installs_and_runs_and_the_release_workflow_passes_actionlint() {
    let out = std::process::Command::new("bash")
        .arg("scripts/packaging.sh")
        .output()
        .expect("bash runs");
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("actionlint: .github/workflows passes"),
        "{shown}"
    );
    assert!(
        shown.contains("48 个项目") && shown.contains("(exit 1)"),
        "{shown}"
    );
}

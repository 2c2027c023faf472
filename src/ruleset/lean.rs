//! A built-in rule file without its documentation and examples, the most of its text, which
//! checking never reads. `build.rs` makes these texts when the crate is built (made at every
//! start, they were a tenth of a one-table run); the crate's tests use the same function.

/// A built-in rule file without its documentation (`doc.zh = """…"""`) and examples
/// (`[[rule.examples]]` tables): what checking does not read. The built-in files keep to that
/// layout; a test compares the rules loaded either way.
pub fn without_docs(text: &str) -> String {
    let mut out = String::with_capacity(text.len() / 3);
    let (mut in_string, mut in_examples) = (false, false);
    for line in text.split_inclusive('\n') {
        let quotes = line.matches("\"\"\"").count();
        if in_string {
            in_string = quotes % 2 == 0;
            continue;
        }
        if line.starts_with('[') {
            in_examples = line.trim_end() == "[[rule.examples]]";
        }
        let doc = line.starts_with("doc.") || line.starts_with("doc =");
        if in_examples || doc {
            in_string = quotes % 2 == 1;
            continue;
        }
        out.push_str(line);
    }
    out
}

//! `jxlint server`: a language server over stdio (lsp-server, as rust-analyzer and ruff use).
//! Full text sync; diagnostics published on open, change and save (computed on a worker
//! thread, the latest text of each document only, so that typing never waits) and cleared on
//! close, each with the document's version. Positions in UTF-8 when the client offers it,
//! else UTF-16. Each diagnostic carries its rule id as `code`, its labels as related
//! information, and `data` for the "waive this finding" code action, which appends a waiver to
//! the workspace's `jxlint-baseline.json`. Hover on a finding shows its rule's documentation.
//! The rules are those `jxlint check` would use in the workspace folder (its jxlint.toml), with
//! `lang` from the initialization options over the config's; they are read again, and every
//! open document linted again, when a `.toml` file of the workspace changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command,
    Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, ExecuteCommandOptions, ExecuteCommandParams, Hover, HoverContents,
    HoverParams, InitializeParams, Location, MarkupContent, MarkupKind, NumberOrString, Position,
    PositionEncodingKind, PublishDiagnosticsParams, Range, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use serde_json::{Value, json};

use crate::baseline::{self, Waiver};
use crate::diag::{Diagnostic, Lang, Severity};
use crate::lint;
use crate::ruleset::RuleSet;
use crate::source::{ColumnUnit, SourceFile};

/// The command the "waive this finding" action runs.
const WAIVE: &str = "jxlint.waive";
/// The waiver file the action writes, in the workspace's root.
const BASELINE: &str = "jxlint-baseline.json";

/// A file path from a `file:` URI (percent-decoded); `None` for another scheme.
pub fn uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    let path = String::from_utf8(out).ok()?;
    // `file:///C:/x` on Windows.
    let path = match path.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => path[1..].to_owned(),
        _ => path,
    };
    Some(PathBuf::from(path))
}

/// How positions are counted on the wire.
#[derive(Clone, Copy)]
struct Encoding(ColumnUnit);

impl Encoding {
    fn position(self, source: &SourceFile, byte: usize) -> Position {
        let p = source.position(byte);
        Position {
            line: (p.line - 1) as u32,
            character: (source.column_in(byte, self.0) - 1) as u32,
        }
    }

    fn range(self, source: &SourceFile, span: &std::ops::Range<usize>) -> Range {
        Range {
            start: self.position(source, span.start),
            end: self.position(source, span.end),
        }
    }
}

/// One document's latest findings, for hover and code actions; and the document as linted on
/// its own (its texts' fingerprints kept), for finding copies in the documents after it.
struct Findings {
    diagnostics: Vec<Diagnostic>,
    alone: lint::Checked,
}

impl Findings {
    fn source(&self) -> &SourceFile {
        &self.alone.source
    }
}

/// What the worker thread is asked to lint.
struct Job {
    uri: Uri,
    version: Option<i32>,
    text: String,
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}

/// Lints a document's text as the command line lints the file, with the copies of texts of
/// the open documents before it (by URI, as the command line goes in path order).
fn lint_text(
    uri: &Uri,
    text: String,
    rules: &RuleSet,
    lang: Lang,
    open: &HashMap<String, Findings>,
) -> Option<Findings> {
    let path = uri_path(uri.as_str()).unwrap_or_else(|| PathBuf::from(uri.as_str()));
    let source = SourceFile::new(path, text);
    let alone = lint::check_text(source, rules, lang).ok()?;
    let mut before: Vec<(&String, &Findings)> = open
        .iter()
        .filter(|(other, _)| other.as_str() < uri.as_str())
        .collect();
    before.sort_by(|a, b| a.0.cmp(b.0));
    let mut cross = crate::crossfile::CrossFile::default();
    for (_, other) in before {
        cross.remember(&other.alone);
    }
    let mut checked = alone.clone();
    cross.process(&mut checked, rules, lang);
    Some(Findings {
        diagnostics: checked.diagnostics,
        alone,
    })
}

/// A path as a `file:` URI, percent-encoding what URIs may not hold.
fn path_uri(path: &str) -> Option<Uri> {
    let absolute = std::env::current_dir().unwrap_or_default().join(path);
    let mut out = String::from("file://");
    for b in absolute.to_string_lossy().replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.parse().ok()
}

/// The byte of a 1-based line and character column in a text.
fn byte_at(source: &SourceFile, line: usize, column: usize) -> usize {
    let range = source.line_range(line.saturating_sub(1).min(source.line_count() - 1));
    source.text[range.clone()]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(range.end, |(i, _)| range.start + i)
}

fn to_lsp(
    uri: &Uri,
    f: &Findings,
    encoding: Encoding,
    open: &HashMap<String, Findings>,
) -> Vec<LspDiagnostic> {
    f.diagnostics
        .iter()
        .map(|d| {
            let related = d
                .labels
                .iter()
                .filter_map(|l| {
                    let location = match &l.elsewhere {
                        None => Location {
                            uri: uri.clone(),
                            range: encoding.range(f.source(), &l.span),
                        },
                        // A copy's first in another open document.
                        Some(e) => {
                            let other = open
                                .values()
                                .find(|o| o.source().display_path() == e.path)?;
                            let span = byte_at(other.source(), e.line, e.column)
                                ..byte_at(other.source(), e.end_line, e.end_column);
                            Location {
                                uri: path_uri(&e.path)?,
                                range: encoding.range(other.source(), &span),
                            }
                        }
                    };
                    Some(DiagnosticRelatedInformation {
                        location,
                        message: l.message.clone(),
                    })
                })
                .collect::<Vec<_>>();
            LspDiagnostic {
                range: encoding.range(f.source(), &d.span),
                severity: Some(severity(d.severity)),
                code: Some(NumberOrString::String(d.rule.clone())),
                source: Some("jxlint".to_owned()),
                message: d.message.clone(),
                related_information: (!related.is_empty()).then_some(related),
                data: Some(json!({
                    "rule": d.rule,
                    "project": d.project.clone().unwrap_or_default(),
                    "text": f.source().text.get(d.span.clone()).unwrap_or_default(),
                    "fix": d.fix.as_ref().map(|x| json!({
                        "replacement": x.replacement,
                        "certain": x.certain,
                    })),
                })),
                ..LspDiagnostic::default()
            }
        })
        .collect()
}

fn notify<P: serde::Serialize>(connection: &Connection, method: &str, params: P) {
    let _ = connection
        .sender
        .send(Message::Notification(Notification::new(
            method.to_owned(),
            params,
        )));
}

/// Runs the server on stdin and stdout until the client says exit; the process status.
pub fn run(lang: Lang) -> i32 {
    let (connection, threads) = Connection::stdio();
    let status = match serve(&connection, lang) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("jxlint server: {e}");
            1
        }
    };
    drop(connection);
    let _ = threads.join();
    status
}

fn serve(connection: &Connection, lang: Lang) -> Result<(), Box<dyn std::error::Error>> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let offers_utf8 = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
    let (encoding, kind) = if offers_utf8 {
        (Encoding(ColumnUnit::Byte), PositionEncodingKind::UTF8)
    } else {
        (Encoding(ColumnUnit::Utf16), PositionEncodingKind::UTF16)
    };
    #[allow(deprecated)]
    // Each workspace folder has its own settings; without folders, the root or the current
    // folder.
    #[allow(deprecated)]
    let mut dirs: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| uri_path(f.uri.as_str()))
        .collect();
    #[allow(deprecated)]
    if dirs.is_empty() {
        dirs.extend(
            params
                .root_uri
                .as_ref()
                .and_then(|u| uri_path(u.as_str()))
                .or_else(|| std::env::current_dir().ok()),
        );
    }
    // `lang` in the initialization options wins over the workspace's jxlint.toml.
    let lang_option = match params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("lang"))
        .and_then(Value::as_str)
    {
        Some("en") => Some(Lang::En),
        Some("zh") => Some(Lang::Zh),
        _ => None,
    };
    let watches = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    let capabilities = ServerCapabilities {
        position_encoding: Some(kind),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Simple(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![WAIVE.to_owned()],
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    };
    connection.initialize_finish(
        id,
        json!({
            "capabilities": capabilities,
            "serverInfo": {"name": "jxlint", "version": env!("CARGO_PKG_VERSION")},
        }),
    )?;
    // The rules as `jxlint check` in each workspace folder would have them (its jxlint.toml).
    let configure = || -> Result<Workspace, String> {
        let mut folders = Vec::new();
        for dir in &dirs {
            let (rules, lang, root) =
                crate::cli::workspace_settings(dir, lang_option.or(Some(lang)))
                    .map_err(|e| e.message)?;
            folders.push(Folder {
                dir: dir.clone(),
                rules: std::sync::Arc::new(rules),
                root,
                lang,
            });
        }
        Ok(Workspace { folders })
    };
    let workspace: std::sync::RwLock<Workspace> = std::sync::RwLock::new(configure()?);
    if watches {
        // Re-lint when the workspace's jxlint.toml or a rule file changes.
        let _ = connection.sender.send(Message::Request(Request::new(
            lsp_server::RequestId::from("jxlint-watch".to_owned()),
            "client/registerCapability".to_owned(),
            json!({"registrations": [{
                "id": "jxlint-watch",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": {"watchers": [{"globPattern": "**/jxlint.toml"}, {"globPattern": "**/*.toml"}]},
            }]}),
        )));
    }
    let findings: std::sync::Mutex<HashMap<String, Findings>> = Default::default();
    let (jobs, queue) = mpsc::channel::<Job>();
    std::thread::scope(|scope| -> Result<(), Box<dyn std::error::Error>> {
        let (workspace, findings) = (&workspace, &findings);
        // The worker: the latest text of each document waiting, linted and published.
        scope.spawn(move || {
            while let Ok(first) = queue.recv() {
                let mut latest: Vec<Job> = vec![first];
                while let Ok(next) = queue.try_recv() {
                    latest.retain(|j| j.uri != next.uri);
                    latest.push(next);
                }
                for job in latest {
                    let folder = workspace
                        .read()
                        .unwrap_or_else(|e| e.into_inner())
                        .folder_of(job.uri.as_str());
                    let (rules, lang) = (&folder.rules, folder.lang);
                    let mut open = findings.lock().unwrap_or_else(|e| e.into_inner());
                    // A text that is no table (yet) has nothing to show: what it showed goes.
                    let diagnostics = match lint_text(&job.uri, job.text, rules, lang, &open) {
                        Some(found) => {
                            let diagnostics = to_lsp(&job.uri, &found, encoding, &open);
                            open.insert(job.uri.as_str().to_owned(), found);
                            diagnostics
                        }
                        None => {
                            open.remove(job.uri.as_str());
                            Vec::new()
                        }
                    };
                    drop(open);
                    notify(
                        connection,
                        "textDocument/publishDiagnostics",
                        PublishDiagnosticsParams {
                            uri: job.uri,
                            diagnostics,
                            version: job.version,
                        },
                    );
                }
            }
        });
        let mut texts: HashMap<String, String> = HashMap::new();
        for message in &connection.receiver {
            match message {
                Message::Request(request) => {
                    if connection.handle_shutdown(&request)? {
                        break;
                    }
                    let response = {
                        let ws = workspace.read().unwrap_or_else(|e| e.into_inner());
                        respond(&request, findings, encoding, &ws)
                    };
                    connection.sender.send(Message::Response(response))?;
                }
                Message::Notification(n) => match n.method.as_str() {
                    "textDocument/didOpen" => {
                        let p: DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                        let d = p.text_document;
                        texts.insert(d.uri.as_str().to_owned(), d.text.clone());
                        let _ = jobs.send(Job {
                            uri: d.uri,
                            version: Some(d.version),
                            text: d.text,
                        });
                    }
                    "textDocument/didChange" => {
                        let p: DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
                        // Full sync: the last change holds the whole text.
                        if let Some(change) = p.content_changes.into_iter().last() {
                            let uri = p.text_document.uri;
                            texts.insert(uri.as_str().to_owned(), change.text.clone());
                            let _ = jobs.send(Job {
                                uri,
                                version: Some(p.text_document.version),
                                text: change.text,
                            });
                        }
                    }
                    "textDocument/didSave" => {
                        let p: DidSaveTextDocumentParams = serde_json::from_value(n.params)?;
                        let uri = p.text_document.uri;
                        let text = p
                            .text
                            .or_else(|| texts.get(uri.as_str()).cloned())
                            .unwrap_or_default();
                        let _ = jobs.send(Job {
                            uri,
                            version: None,
                            text,
                        });
                    }
                    "workspace/didChangeWatchedFiles" => {
                        // A rule or config file changed: the rules again, every open text again.
                        match configure() {
                            Ok(fresh) => {
                                *workspace.write().unwrap_or_else(|e| e.into_inner()) = fresh
                            }
                            Err(message) => notify(
                                connection,
                                "window/showMessage",
                                json!({"type": 1, "message": format!("jxlint: {message}")}),
                            ),
                        }
                        for (uri, text) in &texts {
                            if let Ok(uri) = uri.parse::<Uri>() {
                                let _ = jobs.send(Job {
                                    uri,
                                    version: None,
                                    text: text.clone(),
                                });
                            }
                        }
                    }
                    "textDocument/didClose" => {
                        let p: DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                        let uri = p.text_document.uri;
                        texts.remove(uri.as_str());
                        findings
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .remove(uri.as_str());
                        notify(
                            connection,
                            "textDocument/publishDiagnostics",
                            PublishDiagnosticsParams {
                                uri,
                                diagnostics: Vec::new(),
                                version: None,
                            },
                        );
                    }
                    _ => {}
                },
                Message::Response(_) => {}
            }
        }
        drop(jobs);
        Ok(())
    })
}

/// Whether `pos` lies in `range` (inclusive of its end, as editors place a cursor).
fn contains(range: &Range, pos: &Position) -> bool {
    let after_start = (pos.line, pos.character) >= (range.start.line, range.start.character);
    let before_end = (pos.line, pos.character) <= (range.end.line, range.end.character);
    after_start && before_end
}

/// A workspace folder: its rules and language, and the project root its waivers are written in.
#[derive(Clone)]
struct Folder {
    dir: PathBuf,
    rules: std::sync::Arc<RuleSet>,
    root: PathBuf,
    lang: Lang,
}

struct Workspace {
    folders: Vec<Folder>,
}

impl Workspace {
    /// The folder a document lies in (the innermost), or the first.
    fn folder_of(&self, uri: &str) -> Folder {
        let path = uri_path(uri).unwrap_or_default();
        self.folders
            .iter()
            .filter(|f| path.starts_with(&f.dir))
            .max_by_key(|f| f.dir.components().count())
            .or(self.folders.first())
            .cloned()
            .expect("a workspace has a folder")
    }
}

fn respond(
    request: &Request,
    findings: &std::sync::Mutex<HashMap<String, Findings>>,
    encoding: Encoding,
    workspace: &Workspace,
) -> Response {
    let id = request.id.clone();
    let document = request
        .params
        .get("textDocument")
        .or_else(|| request.params.pointer("/textDocument"))
        .and_then(|d| d.get("uri"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let folder = workspace.folder_of(document);
    let (rules, lang, root) = (&*folder.rules, folder.lang, folder.root.as_path());
    let found = findings.lock().unwrap_or_else(|e| e.into_inner());
    match request.method.as_str() {
        "textDocument/hover" => {
            let Ok(p) = serde_json::from_value::<HoverParams>(request.params.clone()) else {
                return Response::new_ok(id, Value::Null);
            };
            let doc = &p.text_document_position_params;
            let hover = found.get(doc.text_document.uri.as_str()).and_then(|f| {
                let d = f
                    .diagnostics
                    .iter()
                    .find(|d| contains(&encoding.range(f.source(), &d.span), &doc.position))?;
                let rule = rules.get(&d.rule)?;
                Some(Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: format!(
                            "**{}** ({}): {}\n\n{}",
                            rule.id,
                            rule.severity.as_str(),
                            rule.summary.get(lang),
                            rule.doc.get(lang).trim()
                        ),
                    }),
                    range: Some(encoding.range(f.source(), &d.span)),
                })
            });
            Response::new_ok(id, hover)
        }
        "textDocument/codeAction" => {
            let Ok(p) = serde_json::from_value::<CodeActionParams>(request.params.clone()) else {
                return Response::new_ok(id, Value::Null);
            };
            let path = uri_path(p.text_document.uri.as_str()).unwrap_or_default();
            let actions: Vec<CodeActionOrCommand> = p
                .context
                .diagnostics
                .iter()
                .filter(|d| d.source.as_deref() == Some("jxlint"))
                .filter_map(|d| {
                    let data = d.data.as_ref()?;
                    let waiver = json!({
                        "rule": data["rule"],
                        "path": baseline::project_path(root, &path.display().to_string()),
                        "project": data["project"],
                        "text": data["text"],
                    });
                    let title = match lang {
                        Lang::Zh => format!("豁免此问题（写入 {BASELINE}）"),
                        Lang::En => format!("Waive this finding (in {BASELINE})"),
                    };
                    let waive = CodeActionOrCommand::CodeAction(CodeAction {
                        title: title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![d.clone()]),
                        command: Some(Command {
                            title,
                            command: WAIVE.to_owned(),
                            arguments: Some(vec![waiver, json!(root.display().to_string())]),
                        }),
                        ..CodeAction::default()
                    });
                    // The fix a check knows: certain (markup) or a suggestion (a sum).
                    let fix = data["fix"].as_object().map(|fix| {
                        let replacement = fix["replacement"].as_str().unwrap_or_default();
                        let certain = fix["certain"].as_bool().unwrap_or(false);
                        let title = match (lang, certain, replacement.is_empty()) {
                            (Lang::Zh, _, true) => "删除此标记".to_owned(),
                            (Lang::En, _, true) => "Remove this markup".to_owned(),
                            (Lang::Zh, true, false) => format!("改为 {replacement}"),
                            (Lang::En, true, false) => format!("Replace with {replacement}"),
                            (Lang::Zh, false, false) => {
                                format!("改为 {replacement}（建议：请核对是哪一格有误）")
                            }
                            (Lang::En, false, false) => format!(
                                "Replace with {replacement} (a suggestion: check which cell is wrong)"
                            ),
                        };
                        let edit = lsp_types::TextEdit {
                            range: d.range,
                            new_text: replacement.to_owned(),
                        };
                        CodeActionOrCommand::CodeAction(CodeAction {
                            title,
                            kind: Some(CodeActionKind::QUICKFIX),
                            diagnostics: Some(vec![d.clone()]),
                            edit: Some(lsp_types::WorkspaceEdit {
                                changes: Some(HashMap::from([(
                                    p.text_document.uri.clone(),
                                    vec![edit],
                                )])),
                                ..lsp_types::WorkspaceEdit::default()
                            }),
                            is_preferred: Some(certain),
                            ..CodeAction::default()
                        })
                    });
                    Some(fix.into_iter().chain([waive]).collect::<Vec<_>>())
                })
                .flatten()
                .collect();
            Response::new_ok(id, actions)
        }
        "workspace/executeCommand" => {
            let Ok(p) = serde_json::from_value::<ExecuteCommandParams>(request.params.clone())
            else {
                return Response::new_ok(id, Value::Null);
            };
            if p.command != WAIVE {
                return Response::new_ok(id, Value::Null);
            }
            // The waiver, then the project root it is relative to.
            let mut arguments = p.arguments.into_iter();
            let waivers: Vec<Waiver> = arguments
                .next()
                .and_then(|a| serde_json::from_value(a).ok())
                .into_iter()
                .collect();
            let target = arguments
                .next()
                .and_then(|r| r.as_str().map(PathBuf::from))
                .unwrap_or_else(|| root.to_path_buf());
            match add_waivers(&target.join(BASELINE), waivers) {
                Ok(()) => Response::new_ok(id, Value::Null),
                Err(e) => Response::new_err(
                    id,
                    lsp_server::ErrorCode::InternalError as i32,
                    format!("cannot write {BASELINE}: {e}"),
                ),
            }
        }
        _ => Response::new_err(
            id,
            lsp_server::ErrorCode::MethodNotFound as i32,
            format!("jxlint does not answer {}", request.method),
        ),
    }
}

/// Adds waivers to a baseline file, creating it if need be.
fn add_waivers(path: &Path, mut waivers: Vec<Waiver>) -> std::io::Result<()> {
    if let Ok(text) = std::fs::read_to_string(path)
        && let Ok(file) = serde_json::from_str::<baseline::File>(&text)
    {
        waivers.extend(file.waivers);
    }
    waivers.dedup();
    baseline::write(path, waivers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            uri_path("file:///tmp/%E8%A5%BF%E6%9D%91.txt"),
            Some(PathBuf::from("/tmp/西村.txt"))
        );
        assert_eq!(uri_path("untitled:1"), None);
    }
}

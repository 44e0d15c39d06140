//! The `whosaid` command end to end: arguments, formats, errors, and no
//! progress escape codes when stderr is piped. Runs the shipped model on
//! the crate's own texts (no corpus needed).

use std::io::Write;
use std::process::{Command, Output, Stdio};

const SAMPLE: &str = "examples/data/sample_article.txt";

fn whosaid(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("OMP_NUM_THREADS", "2")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the whosaid binary runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// Terminal control sequences a progress bar would draw.
fn has_escape_codes(s: &str) -> bool {
    s.contains('\u{1b}') || s.contains('\r')
}

#[test]
fn help_lists_the_subcommands_and_each_has_help() {
    let out = whosaid(&["--help"], b"");
    assert!(out.status.success());
    let help = text(&out.stdout);
    for sub in ["attribute", "batch", "eval"] {
        assert!(help.contains(sub), "{sub} missing from:\n{help}");
        let out = whosaid(&[sub, "--help"], b"");
        assert!(out.status.success(), "{sub} --help");
        assert!(text(&out.stdout).contains("--quiet"), "{sub} --help");
    }
    let out = whosaid(&["attribute", "--format", "xml"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("table, json, jsonl, tsv, html"));
}

#[test]
fn attribute_the_sample_in_every_format_without_escape_codes() {
    let json = whosaid(&["attribute", "--format", "json", SAMPLE], b"");
    assert!(json.status.success(), "{}", text(&json.stderr));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let nquotes = v["quotes"].as_array().unwrap().len();
    let speakers: Vec<String> = v["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    assert!(nquotes >= 5, "the sample has many quotations: {nquotes}");

    let table = whosaid(&["attribute", SAMPLE], b"");
    assert!(text(&table.stdout).ends_with(&format!(
        "{nquotes} quotations, {} speakers\n",
        speakers.len()
    )));

    let tsv = whosaid(&["attribute", "--format", "tsv", SAMPLE], b"");
    let tsv = text(&tsv.stdout);
    assert_eq!(tsv.lines().count(), nquotes + 1);
    assert!(tsv.starts_with("file\tstart\tend\tkind\tspeaker\t"));
    assert!(tsv.lines().all(|l| l.split('\t').count() == 15));

    let html = whosaid(&["attribute", "--format", "html", SAMPLE], b"");
    let page = text(&html.stdout);
    assert_eq!(page.matches("<span class=\"q k-").count() - 3, nquotes); // minus the key's three
    let legend = &page[page.find("<nav").unwrap()..page.find("</nav>").unwrap()];
    for name in &speakers {
        assert!(legend.contains(name.as_str()), "{name} not in the legend");
    }
    for out in [&json, &table, &html] {
        assert!(
            !has_escape_codes(&text(&out.stderr)),
            "{:?}",
            text(&out.stderr)
        );
    }
}

#[test]
fn html_escapes_the_input() {
    let input = "<script>alert(1)</script>\n\n\"We will <b>not</b> go,\" said Ann Lee.";
    let out = whosaid(&["attribute", "--format", "html"], input.as_bytes());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert_eq!(
        page.matches("<script>").count(),
        1,
        "only the page's own script"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<b>not"));
}

#[test]
fn several_files_stdin_and_empty_input() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let empty = empty.to_str().unwrap();
    let out = whosaid(
        &["attribute", "--format", "jsonl", empty, "-"],
        b"\"Yes,\" said Ann.",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], empty);
    assert_eq!(lines[0]["quotes"].as_array().unwrap().len(), 0);
    assert_eq!(lines[1]["id"], "-");
    let out = whosaid(&["attribute"], b"");
    assert!(text(&out.stdout).ends_with("0 quotations, 0 speakers\n"));
}

#[test]
fn precision_is_chosen_on_the_command_line_and_a_wrong_one_is_refused() {
    let input = "“We will not give in,” said Sergey Lavrov.\n\n“Never,” he added.";
    let run = |p: &str| {
        let out = whosaid(
            &["attribute", "--format", "tsv", "--precision", p],
            input.as_bytes(),
        );
        assert!(out.status.success(), "{p}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    let spans = |tsv: &str| -> Vec<String> {
        // Every column but the confidence, which may differ in its last digits.
        tsv.lines()
            .map(|l| {
                let mut cols: Vec<&str> = l.split('\t').collect();
                cols.retain(|c| c.parse::<f32>().map_or(true, |x| x.fract() == 0.0));
                cols.join("\t")
            })
            .collect()
    };
    let f32 = run("f32");
    assert!(f32.lines().count() >= 3, "{f32}");
    assert_eq!(spans(&run("bf16")), spans(&f32));
    assert_eq!(spans(&run("auto")), spans(&f32));
    let out = whosaid(&["attribute", "--precision", "fp8"], input.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown precision \"fp8\""),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn unreadable_input_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("latin1.txt");
    std::fs::write(&bad, b"caf\xe9 \"hi\"").unwrap();
    let out = whosaid(&["attribute", bad.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("latin1.txt: not valid UTF-8 (first bad byte at offset 3)"),
        "{err}"
    );
    let out = whosaid(&["attribute", "no/such/file.txt"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no/such/file.txt"));
    let out = whosaid(&["attribute", "--model", "no/such/model", SAMPLE], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot load the model from no/such/model"));
}

#[test]
fn batch_skips_bad_lines_with_their_numbers_and_never_draws_progress_in_a_pipe() {
    let input = b"{\"id\": 1, \"text\": \"\\\"We will go,\\\" said Ann Lee.\"}\nnot json\n\n{\"id\": \"b\", \"text\": \"Rain fell.\"}\n";
    let out = whosaid(&["batch"], input);
    assert_eq!(out.status.code(), Some(1), "a bad line gives exit code 1");
    let ids: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].clone())
        .collect();
    assert_eq!(ids, [serde_json::json!(1), serde_json::json!("b")]);
    let err = text(&out.stderr);
    assert!(err.contains("line 2:"), "{err}");
    assert!(err.contains("whosaid batch: 2 documents, "), "{err}");
    assert!(err.contains("1 bad lines skipped"), "{err}");
    assert!(!has_escape_codes(&err), "{err:?}");

    let quiet = whosaid(&["batch", "--quiet"], b"not json\n");
    assert_eq!(quiet.status.code(), Some(1));
    assert!(quiet.stdout.is_empty());
    let err = text(&quiet.stderr);
    assert!(
        err.contains("line 1:") && !err.contains("whosaid batch:"),
        "{err}"
    );
}

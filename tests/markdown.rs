//! Markdown: only prose is checked; code, HTML and link destinations are not.

use copydesk::{Config, Kind, RuleId};

fn unbalanced(text: &str) -> usize {
    copydesk::lint(text, Kind::Markdown, &Config::default())
        .iter()
        .filter(|f| f.rule == RuleId::UnbalancedQuote)
        .count()
}

#[test]
fn quotation_marks_in_code_are_not_checked() {
    assert_eq!(unbalanced("Run `echo \"hi` to test.\n"), 0);
    assert_eq!(
        unbalanced("Before.\n\n```\nprint(\"unclosed)\n```\n\nAfter.\n"),
        0
    );
    assert_eq!(unbalanced("    indented \"code\n\nProse.\n"), 0);
    assert_eq!(
        unbalanced("A <span title=\"x\">tag</span> and [link](http://x.test/?q=\").\n"),
        0
    );
    assert_eq!(unbalanced("---\ntitle: \"Front\n---\n\nBody.\n"), 0);
}

#[test]
fn quotation_marks_in_prose_are_checked() {
    assert_eq!(unbalanced("He said \"never.\n\nThe end.\n"), 1);
    assert_eq!(
        unbalanced("*\"Emphasised,\"* she said, and `code` \"too.\"\n"),
        0
    );
    assert_eq!(unbalanced("- \"One item\n- two\n"), 1);
}

#[test]
fn a_quotation_runs_across_markdown_paragraphs() {
    assert_eq!(
        unbalanced("\"We will win,\" he said. \"We will fight.\n\n\"We will never give up.\"\n"),
        0
    );
}
